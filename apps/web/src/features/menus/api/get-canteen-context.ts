import { useQuery } from '@tanstack/react-query';
import { ZOrgUnitDetail } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/auth';
import { tierOf } from '@/lib/authorization';
import { ORG_UNITS_KEY, getOrgUnitChildrenQueryOptions } from '@/lib/org-unit-lookup';

/** The unit detail under the key the unit pages use, so a visited canteen or school is not re-read. */
function useOrgUnitDetail(id: string | undefined) {
  return useQuery({
    queryKey: [ORG_UNITS_KEY, 'detail', id],
    queryFn: ({ signal }) =>
      apiRequest('GET', `/org-units/${id}`, { schema: ZOrgUnitDetail, signal }),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

/** A canteen with its school (whose kind decides the age bands served, and whose name is printed). */
export function useCanteenContext(canteenId: string | undefined) {
  const canteen = useOrgUnitDetail(canteenId);
  const schoolId = canteen.data?.ancestors.find((a) => a.level === 'school')?.id;
  const school = useOrgUnitDetail(schoolId);
  return {
    canteen: canteen.data,
    school: school.data,
    isPending: canteen.isPending || (!!schoolId && school.isPending),
    error: canteen.error ?? school.error,
  };
}

/** A school user works in their school's canteen: the first one is chosen for them. */
export function useDefaultCanteenId(): string | undefined {
  const user = useCurrentUser();
  const schoolId = tierOf(user) === 'school' ? user.orgUnit?.id : undefined;
  const children = useQuery({
    ...getOrgUnitChildrenQueryOptions(schoolId ?? ''),
    enabled: !!schoolId,
  });
  return children.data?.items.find((u) => u.level === 'canteen')?.id;
}
