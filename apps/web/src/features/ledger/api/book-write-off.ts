import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZStockMovement, type TWriteOff } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

/** 报损: spoiled stock, with the reason and the photo uploaded before. */
export function bookWriteOff(body: TWriteOff) {
  return apiRequest('POST', '/ledger/write-offs', { body, schema: ZStockMovement });
}

export function useBookWriteOff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bookWriteOff,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [LEDGER_KEY] }),
  });
}
