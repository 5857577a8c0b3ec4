import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZMealCosts, type TPeriodQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

/** Cost of what was issued to the kitchen per day and meal. */
export function getMealCosts(query: TPeriodQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/ledger/costs', { query: { ...query }, schema: ZMealCosts, signal });
}

export const getMealCostsQueryOptions = (query: TPeriodQuery) =>
  queryOptions({
    queryKey: [LEDGER_KEY, 'costs', query],
    queryFn: ({ signal }) => getMealCosts(query, signal),
  });

export function useMealCosts(query: TPeriodQuery | null) {
  return useQuery({
    ...getMealCostsQueryOptions(query ?? { canteenId: '', from: '', to: '' }),
    placeholderData: keepPreviousData,
    enabled: !!query,
  });
}
