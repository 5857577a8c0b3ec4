import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZForwardTrace, type TLotTraceQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

export const TRACE_KEY = 'trace';

export function getForwardTrace(query: TLotTraceQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/trace/forward', { query, schema: ZForwardTrace, signal });
}

export const getForwardTraceQueryOptions = (query: TLotTraceQuery) =>
  queryOptions({
    queryKey: [TRACE_KEY, 'forward', query],
    queryFn: ({ signal }) => getForwardTrace(query, signal),
  });

/** Runs once both the supplier and the lot code are given. */
export function useForwardTrace(query: TLotTraceQuery | null) {
  return useQuery({
    ...getForwardTraceQueryOptions(query ?? { supplierId: '', lotCode: '' }),
    enabled: !!query,
  });
}
