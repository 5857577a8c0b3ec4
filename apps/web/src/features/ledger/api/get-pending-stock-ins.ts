import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { ZPendingStockIn } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

const ZPendingStockIns = z.array(ZPendingStockIn);

/** Accepted batches not yet booked into the store (待入库), grouped by delivery. */
export function getPendingStockIns(canteenId: string, signal?: AbortSignal) {
  return apiRequest('GET', '/ledger/pending-stock-ins', {
    query: { canteenId },
    schema: ZPendingStockIns,
    signal,
  });
}

export const getPendingStockInsQueryOptions = (canteenId: string) =>
  queryOptions({
    queryKey: [LEDGER_KEY, 'pending-stock-ins', canteenId],
    queryFn: ({ signal }) => getPendingStockIns(canteenId, signal),
  });

export function usePendingStockIns(canteenId: string | undefined) {
  return useQuery({ ...getPendingStockInsQueryOptions(canteenId ?? ''), enabled: !!canteenId });
}
