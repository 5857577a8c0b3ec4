import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZStockMovement, zPage, type TMovementQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

export type MovementListQuery = Partial<TMovementQuery>;

const ZMovementPage = zPage(ZStockMovement);

export function getMovements(query: MovementListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/ledger/movements', { query, schema: ZMovementPage, signal });
}

export const getMovementsQueryOptions = (query: MovementListQuery) =>
  queryOptions({
    queryKey: [LEDGER_KEY, 'movements', query],
    queryFn: ({ signal }) => getMovements(query, signal),
  });

export function useMovements(query: MovementListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    ...getMovementsQueryOptions(query),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}
