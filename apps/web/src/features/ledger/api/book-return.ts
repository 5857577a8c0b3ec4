import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZStockMovement, type TReturnToSupplier } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

/** 退货: part or all of a batch back to its supplier. */
export function bookReturn(body: TReturnToSupplier) {
  return apiRequest('POST', '/ledger/returns', { body, schema: ZStockMovement });
}

export function useBookReturn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bookReturn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [LEDGER_KEY] }),
  });
}
