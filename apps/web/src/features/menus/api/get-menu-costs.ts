import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZMenuCosts, type TMenuPeriodQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

/** Actual cost per student (stock-outs ÷ served) beside the planned cost and the fund standard. */
export function getMenuCosts(query: TMenuPeriodQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/menus/costs', { query, schema: ZMenuCosts, signal });
}

export const getMenuCostsQueryOptions = (query: TMenuPeriodQuery) =>
  queryOptions({
    queryKey: [MENUS_KEY, 'costs', query],
    queryFn: ({ signal }) => getMenuCosts(query, signal),
  });

export function useMenuCosts(query: TMenuPeriodQuery | undefined) {
  return useQuery({
    ...getMenuCostsQueryOptions(query ?? { canteenId: '', from: '', to: '' }),
    enabled: !!query,
    placeholderData: keepPreviousData,
  });
}
