import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ZStockMovement, type TStockIn } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

const ZMovements = z.array(ZStockMovement);

/** 入库: accepted batches into the store, each with its accepted quantity. */
export function bookStockIn(body: TStockIn) {
  return apiRequest('POST', '/ledger/stock-ins', { body, schema: ZMovements });
}

export function useBookStockIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bookStockIn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [LEDGER_KEY] }),
  });
}
