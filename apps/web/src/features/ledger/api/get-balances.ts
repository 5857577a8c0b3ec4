import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { ZIngredientBalance } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

/** Every ledger query key starts with this; a booked movement invalidates the whole prefix. */
export const LEDGER_KEY = 'ledger';

const ZBalances = z.array(ZIngredientBalance);

export function getBalances(canteenId: string, signal?: AbortSignal) {
  return apiRequest('GET', '/ledger/balances', { query: { canteenId }, schema: ZBalances, signal });
}

export const getBalancesQueryOptions = (canteenId: string) =>
  queryOptions({
    queryKey: [LEDGER_KEY, 'balances', canteenId],
    queryFn: ({ signal }) => getBalances(canteenId, signal),
  });

export function useBalances(canteenId: string | undefined) {
  return useQuery({ ...getBalancesQueryOptions(canteenId ?? ''), enabled: !!canteenId });
}
