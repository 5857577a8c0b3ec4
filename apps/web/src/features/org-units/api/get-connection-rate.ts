import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZConnectionRate } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ORG_UNITS_KEY } from '@/lib/org-unit-lookup';

export function getConnectionRate(id: string, signal?: AbortSignal) {
  return apiRequest('GET', `/org-units/${id}/connection-rate`, { schema: ZConnectionRate, signal });
}

export const getConnectionRateQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [ORG_UNITS_KEY, 'connection-rate', id],
    queryFn: ({ signal }) => getConnectionRate(id, signal),
  });

export function useConnectionRate(id: string | undefined) {
  return useQuery({ ...getConnectionRateQueryOptions(id ?? ''), enabled: !!id });
}
