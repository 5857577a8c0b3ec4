import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZConnectionTrend } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ORG_UNITS_KEY } from '@/lib/org-unit-lookup';

export function getConnectionTrend(id: string, days: number, signal?: AbortSignal) {
  return apiRequest('GET', `/org-units/${id}/connection-trend`, {
    query: { days },
    schema: ZConnectionTrend,
    signal,
  });
}

export const getConnectionTrendQueryOptions = (id: string, days: number) =>
  queryOptions({
    queryKey: [ORG_UNITS_KEY, 'connection-trend', id, days],
    queryFn: ({ signal }) => getConnectionTrend(id, days, signal),
  });

export function useConnectionTrend(id: string | undefined, days = 30) {
  return useQuery({ ...getConnectionTrendQueryOptions(id ?? '', days), enabled: !!id });
}
