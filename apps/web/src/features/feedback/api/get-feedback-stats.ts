import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZFeedbackStats, type TFeedbackStatsQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { FEEDBACK_KEY } from './get-feedback-list';

export function getFeedbackStats(query: TFeedbackStatsQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/feedback/stats', { query, schema: ZFeedbackStats, signal });
}

export const getFeedbackStatsQueryOptions = (query: TFeedbackStatsQuery) =>
  queryOptions({
    queryKey: [FEEDBACK_KEY, 'stats', query],
    queryFn: ({ signal }) => getFeedbackStats(query, signal),
  });

export function useFeedbackStats(query: TFeedbackStatsQuery) {
  return useQuery({ ...getFeedbackStatsQueryOptions(query), placeholderData: keepPreviousData });
}
