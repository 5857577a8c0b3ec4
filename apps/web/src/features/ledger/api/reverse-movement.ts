import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZStockMovement, type TReverseMovement } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

/** 冲正: a new movement that undoes another; nothing in the ledger is ever edited. */
export function reverseMovement({ id, body }: { id: string; body: TReverseMovement }) {
  return apiRequest('POST', `/ledger/movements/${id}/reversal`, { body, schema: ZStockMovement });
}

export function useReverseMovement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reverseMovement,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [LEDGER_KEY] }),
  });
}
