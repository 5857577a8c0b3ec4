import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZStocktake, zPage, type TStocktakeQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

export type StocktakeListQuery = Partial<TStocktakeQuery>;

const ZStocktakePage = zPage(ZStocktake);

export function getStocktakes(query: StocktakeListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/ledger/stocktakes', { query, schema: ZStocktakePage, signal });
}

export const getStocktakesQueryOptions = (query: StocktakeListQuery) =>
  queryOptions({
    queryKey: [LEDGER_KEY, 'stocktakes', query],
    queryFn: ({ signal }) => getStocktakes(query, signal),
  });

export function useStocktakes(query: StocktakeListQuery) {
  return useQuery({
    ...getStocktakesQueryOptions(query),
    placeholderData: keepPreviousData,
    enabled: !!query.canteenId,
  });
}
