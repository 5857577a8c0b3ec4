import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZBackwardTrace, type TBackwardTraceQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { TRACE_KEY } from './get-forward-trace';

export function getBackwardTrace(query: TBackwardTraceQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/trace/backward', { query, schema: ZBackwardTrace, signal });
}

export const getBackwardTraceQueryOptions = (query: TBackwardTraceQuery) =>
  queryOptions({
    queryKey: [TRACE_KEY, 'backward', query],
    queryFn: ({ signal }) => getBackwardTrace(query, signal),
  });

export function useBackwardTrace(query: TBackwardTraceQuery | null) {
  return useQuery({
    ...getBackwardTraceQueryOptions(query ?? { canteenId: '', date: '' }),
    enabled: !!query,
  });
}
