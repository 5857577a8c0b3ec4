import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZFeedbackPage, type TFeedbackQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

export const FEEDBACK_KEY = 'feedback';

/** The filters as the query string carries them (overdue is 'true' / 'false' there). */
export type FeedbackListQuery = Partial<Omit<TFeedbackQuery, 'overdue'>> & { overdue?: 'true' };

export function getFeedbackList(query: FeedbackListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/feedback', { query, schema: ZFeedbackPage, signal });
}

export const getFeedbackListQueryOptions = (query: FeedbackListQuery) =>
  queryOptions({
    queryKey: [FEEDBACK_KEY, 'list', query],
    queryFn: ({ signal }) => getFeedbackList(query, signal),
  });

export function useFeedbackList(query: FeedbackListQuery) {
  return useQuery({ ...getFeedbackListQueryOptions(query), placeholderData: keepPreviousData });
}
