import { useQuery } from '@tanstack/react-query';
import { ZOrgUnitDetail } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/auth';
import { tierOf } from '@/lib/authorization';
import { ORG_UNITS_KEY } from '@/lib/org-unit-lookup';
import { useContracts } from '@/lib/supply-lookup';

/**
 * Orders and manifests name their canteen only ("学生食堂"), which many schools share. The school
 * is found from the unit tree for staff (one cached read per canteen, the key the unit page uses)
 * and from the supplier's own contracts for a supplier, who cannot read the tree.
 */
export function useCanteenSchool(canteenId: string): string | undefined {
  const user = useCurrentUser();
  const supplier = tierOf(user) === 'supplier';
  const contracts = useContracts({ pageSize: 200 }, { enabled: supplier });
  const unit = useQuery({
    queryKey: [ORG_UNITS_KEY, 'detail', canteenId],
    queryFn: ({ signal }) =>
      apiRequest('GET', `/org-units/${canteenId}`, { schema: ZOrgUnitDetail, signal }),
    enabled: !supplier && !!canteenId,
    staleTime: 5 * 60_000,
  });
  if (supplier) {
    return contracts.data?.items.find((c) => c.canteens.some((x) => x.id === canteenId))?.school
      .name;
  }
  return unit.data?.ancestors[unit.data.ancestors.length - 1]?.name;
}
