import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZOrgUnit, zPage, type TOrgUnitQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

/**
 * The scoped unit list is read by several features (the org tree, unit pickers in accounts and
 * audit filters, children tables), so its one fetcher lives here rather than in one feature.
 * Every org-unit query key starts with ORG_UNITS_KEY; a mutation invalidates that prefix.
 */
export const ORG_UNITS_KEY = 'org-units';

export type OrgUnitListQuery = Partial<TOrgUnitQuery>;

const ZOrgUnitPage = zPage(ZOrgUnit);

export function getOrgUnits(query: OrgUnitListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/org-units', { query, schema: ZOrgUnitPage, signal });
}

export const getOrgUnitsQueryOptions = (query: OrgUnitListQuery) =>
  queryOptions({
    queryKey: [ORG_UNITS_KEY, 'list', query],
    queryFn: ({ signal }) => getOrgUnits(query, signal),
  });

export function useOrgUnits(query: OrgUnitListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    ...getOrgUnitsQueryOptions(query),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** The tree and pickers load a unit's children whole; 500 is the API's page ceiling. */
export const getOrgUnitChildrenQueryOptions = (parentId: string) =>
  getOrgUnitsQueryOptions({ parentId, pageSize: 500 });
