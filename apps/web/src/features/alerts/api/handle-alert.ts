import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZAlertDetail, type THandleAlert } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ALERTS_KEY } from './get-alerts';

/** 处置: the measures taken and their evidence; the level above reviews them. */
export function handleAlert({ id, body }: { id: string; body: THandleAlert }) {
  return apiRequest('POST', `/alerts/${id}/handle`, { body, schema: ZAlertDetail });
}

export function useHandleAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: handleAlert,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [ALERTS_KEY] }),
  });
}
