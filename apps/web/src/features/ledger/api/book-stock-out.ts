import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ZStockMovement, type TStockOut } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

const ZMovements = z.array(ZStockMovement);

/** 出库 for one meal; the answer names the batches each line was taken from. */
export function bookStockOut(body: TStockOut) {
  return apiRequest('POST', '/ledger/stock-outs', { body, schema: ZMovements });
}

export function useBookStockOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bookStockOut,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [LEDGER_KEY] }),
  });
}
