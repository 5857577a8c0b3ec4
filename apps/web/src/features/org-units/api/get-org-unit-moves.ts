import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZOrgUnitMove } from '@canteen/shared';
import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { ORG_UNITS_KEY } from '@/lib/org-unit-lookup';

const ZMoves = z.array(ZOrgUnitMove);

export function getOrgUnitMoves(id: string, signal?: AbortSignal) {
  return apiRequest('GET', `/org-units/${id}/moves`, { schema: ZMoves, signal });
}

export const getOrgUnitMovesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [ORG_UNITS_KEY, 'moves', id],
    queryFn: ({ signal }) => getOrgUnitMoves(id, signal),
  });

export function useOrgUnitMoves(id: string) {
  return useQuery(getOrgUnitMovesQueryOptions(id));
}
