import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZOrgUnitDetail } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ORG_UNITS_KEY } from '@/lib/org-unit-lookup';

/**
 * The canteen in context, with its school among the ancestors ("学生食堂" alone names many). Same
 * key as the unit page's read, so both share one cached answer.
 */
export function getCanteen(id: string, signal?: AbortSignal) {
  return apiRequest('GET', `/org-units/${id}`, { schema: ZOrgUnitDetail, signal });
}

export const getCanteenQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [ORG_UNITS_KEY, 'detail', id],
    queryFn: ({ signal }) => getCanteen(id, signal),
    staleTime: 5 * 60_000,
  });

export function useCanteen(id: string | undefined) {
  return useQuery({ ...getCanteenQueryOptions(id ?? ''), enabled: !!id });
}
