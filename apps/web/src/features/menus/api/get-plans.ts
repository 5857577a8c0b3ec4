import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZPlanSummary, zPage, type TPlanQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

export type PlanListQuery = Partial<TPlanQuery>;

const ZPlanPage = zPage(ZPlanSummary);

export function getPlans(query: PlanListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/menus/plans', { query, schema: ZPlanPage, signal });
}

export const getPlansQueryOptions = (query: PlanListQuery) =>
  queryOptions({
    queryKey: [MENUS_KEY, 'plans', 'list', query],
    queryFn: ({ signal }) => getPlans(query, signal),
  });

/** The canteen's plan of one week (a canteen has at most one per week), or null. */
export function useWeekPlanSummary(canteenId: string | undefined, weekStart: string) {
  const query = useQuery({
    ...getPlansQueryOptions({ canteenId, from: weekStart, to: weekStart, pageSize: 1 }),
    enabled: !!canteenId,
  });
  return { ...query, plan: query.data ? (query.data.items[0] ?? null) : undefined };
}
