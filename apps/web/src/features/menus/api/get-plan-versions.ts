import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { ZPlanVersionSummary } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

const ZVersions = z.array(ZPlanVersionSummary);

export function getPlanVersions(id: string, signal?: AbortSignal) {
  return apiRequest('GET', `/menus/plans/${id}/versions`, { schema: ZVersions, signal });
}

export const getPlanVersionsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [MENUS_KEY, 'plans', 'versions', id],
    queryFn: ({ signal }) => getPlanVersions(id, signal),
  });

export function usePlanVersions(id: string | undefined) {
  return useQuery({ ...getPlanVersionsQueryOptions(id ?? ''), enabled: !!id });
}
