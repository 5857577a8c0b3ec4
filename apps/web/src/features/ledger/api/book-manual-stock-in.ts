import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZStockMovement, type TManualStockIn } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

/** A stock-in without a delivery: an exception, so its reason is required and flagged. */
export function bookManualStockIn(body: TManualStockIn) {
  return apiRequest('POST', '/ledger/manual-stock-ins', { body, schema: ZStockMovement });
}

export function useBookManualStockIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bookManualStockIn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [LEDGER_KEY] }),
  });
}
