import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZRecall, type TLotTraceQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { TRACE_KEY } from './get-forward-trace';

export function getRecall(query: TLotTraceQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/trace/recall', { query, schema: ZRecall, signal });
}

export const getRecallQueryOptions = (query: TLotTraceQuery) =>
  queryOptions({
    queryKey: [TRACE_KEY, 'recall', query],
    queryFn: ({ signal }) => getRecall(query, signal),
  });

export function useRecall(query: TLotTraceQuery | null) {
  return useQuery({
    ...getRecallQueryOptions(query ?? { supplierId: '', lotCode: '' }),
    enabled: !!query,
  });
}
