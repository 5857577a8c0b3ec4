import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZAlertDetail } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ALERTS_KEY } from './get-alerts';

/** 确认: the holding unit has seen the alert; the handling time runs from here. */
export function acknowledgeAlert(id: string) {
  return apiRequest('POST', `/alerts/${id}/acknowledge`, { schema: ZAlertDetail });
}

export function useAcknowledgeAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: acknowledgeAlert,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [ALERTS_KEY] }),
  });
}
