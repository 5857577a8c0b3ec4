import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZStockMovement } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

export function getMovement(id: string, signal?: AbortSignal) {
  return apiRequest('GET', `/ledger/movements/${id}`, { schema: ZStockMovement, signal });
}

export const getMovementQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [LEDGER_KEY, 'movement', id],
    queryFn: ({ signal }) => getMovement(id, signal),
  });

export function useMovement(id: string | undefined) {
  return useQuery({ ...getMovementQueryOptions(id ?? ''), enabled: !!id });
}
