import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZBulkAcknowledgeResult } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ALERTS_KEY } from './get-alerts';

/** Several at once: each is acknowledged or refused on its own, with the reason. */
export function acknowledgeAlerts(ids: string[]) {
  return apiRequest('POST', '/alerts/acknowledge', {
    body: { ids },
    schema: ZBulkAcknowledgeResult,
  });
}

export function useAcknowledgeAlerts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: acknowledgeAlerts,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [ALERTS_KEY] }),
  });
}
