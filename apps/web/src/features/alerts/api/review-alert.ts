import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZAlertDetail, type TCloseAlert, type TSendBackAlert } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ALERTS_KEY } from './get-alerts';

export type ReviewAlert =
  | { id: string; decision: 'close'; body: TCloseAlert }
  | { id: string; decision: 'send-back'; body: TSendBackAlert };

/** 审核 by the level above the handler: close the alert, or send it back to be handled again. */
export function reviewAlert({ id, decision, body }: ReviewAlert) {
  return apiRequest('POST', `/alerts/${id}/${decision}`, { body, schema: ZAlertDetail });
}

export function useReviewAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reviewAlert,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [ALERTS_KEY] }),
  });
}
