import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZOrgUnitMove, type TMoveOrgUnit } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ORG_UNITS_KEY } from '@/lib/org-unit-lookup';

export function moveOrgUnit({ id, body }: { id: string; body: TMoveOrgUnit }) {
  return apiRequest('POST', `/org-units/${id}/move`, { body, schema: ZOrgUnitMove });
}

/** A move changes paths, counts and rates all over the subtree: every org-unit query is stale. */
export function useMoveOrgUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: moveOrgUnit,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [ORG_UNITS_KEY] }),
  });
}
