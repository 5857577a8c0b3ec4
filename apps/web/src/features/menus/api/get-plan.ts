import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZPlan } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

/** A plan as its current version, or as an earlier version (by number) of its history. */
export function getPlan(id: string, version?: number, signal?: AbortSignal) {
  const path = version ? `/menus/plans/${id}/versions/${version}` : `/menus/plans/${id}`;
  return apiRequest('GET', path, { schema: ZPlan, signal });
}

export const getPlanQueryOptions = (id: string, version?: number) =>
  queryOptions({
    queryKey: [MENUS_KEY, 'plans', 'detail', id, version ?? 'current'],
    queryFn: ({ signal }) => getPlan(id, version, signal),
  });

export function usePlan(id: string | undefined, version?: number) {
  return useQuery({ ...getPlanQueryOptions(id ?? '', version), enabled: !!id });
}
