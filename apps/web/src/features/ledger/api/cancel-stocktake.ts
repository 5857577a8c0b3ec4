import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZStocktake } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

export function cancelStocktake(id: string) {
  return apiRequest('POST', `/ledger/stocktakes/${id}/cancel`, { schema: ZStocktake });
}

export function useCancelStocktake() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelStocktake,
    onSuccess: (sheet) => {
      queryClient.setQueryData([LEDGER_KEY, 'stocktake', sheet.id], sheet);
      return queryClient.invalidateQueries({ queryKey: [LEDGER_KEY, 'stocktakes'] });
    },
  });
}
