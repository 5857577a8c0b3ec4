import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZFeedbackDetail } from '@canteen/shared';
import { apiFileUrl, apiRequest } from '@/lib/api-client';
import { FEEDBACK_KEY } from './get-feedback-list';

export function getFeedback(id: string, signal?: AbortSignal) {
  return apiRequest('GET', `/feedback/${id}`, { schema: ZFeedbackDetail, signal });
}

export const getFeedbackQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [FEEDBACK_KEY, 'detail', id],
    queryFn: ({ signal }) => getFeedback(id, signal),
  });

export function useFeedback(id: string | undefined) {
  return useQuery({ ...getFeedbackQueryOptions(id ?? ''), enabled: !!id });
}

/** The parent's photo, served to a signed-in browser (the cookie goes along with an <img>). */
export const feedbackPhotoUrl = (id: string) => apiFileUrl(`/feedback/${id}/photo`);
