import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZStocktake } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

export function getStocktake(id: string, signal?: AbortSignal) {
  return apiRequest('GET', `/ledger/stocktakes/${id}`, { schema: ZStocktake, signal });
}

export const getStocktakeQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [LEDGER_KEY, 'stocktake', id],
    queryFn: ({ signal }) => getStocktake(id, signal),
  });

export function useStocktake(id: string | undefined) {
  return useQuery({ ...getStocktakeQueryOptions(id ?? ''), enabled: !!id });
}
