import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZOrgUnitDetail } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ORG_UNITS_KEY } from '@/lib/org-unit-lookup';

export function getOrgUnit(id: string, signal?: AbortSignal) {
  return apiRequest('GET', `/org-units/${id}`, { schema: ZOrgUnitDetail, signal });
}

export const getOrgUnitQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [ORG_UNITS_KEY, 'detail', id],
    queryFn: ({ signal }) => getOrgUnit(id, signal),
  });

export function useOrgUnit(id: string | undefined) {
  return useQuery({ ...getOrgUnitQueryOptions(id ?? ''), enabled: !!id });
}
