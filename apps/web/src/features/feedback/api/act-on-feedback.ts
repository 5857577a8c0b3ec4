import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZFeedbackDetail, type TFeedbackActionInput } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { FEEDBACK_KEY } from './get-feedback-list';

/** One step of the handling loop: start, reply, close or an internal note. */
export function actOnFeedback({ id, body }: { id: string; body: TFeedbackActionInput }) {
  return apiRequest('POST', `/feedback/${id}/actions`, { body, schema: ZFeedbackDetail });
}

export function useActOnFeedback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: actOnFeedback,
    onSuccess: (detail) => {
      queryClient.setQueryData([FEEDBACK_KEY, 'detail', detail.id], detail);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: [FEEDBACK_KEY, 'list'] }),
        queryClient.invalidateQueries({ queryKey: [FEEDBACK_KEY, 'stats'] }),
      ]);
    },
  });
}
