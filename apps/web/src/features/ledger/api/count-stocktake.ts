import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZStocktake, type TCountStocktake } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

/** Counted quantities (and variance reasons) of an open sheet; nothing is booked yet. */
export function countStocktake({ id, body }: { id: string; body: TCountStocktake }) {
  return apiRequest('PATCH', `/ledger/stocktakes/${id}/lines`, { body, schema: ZStocktake });
}

export function useCountStocktake() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: countStocktake,
    onSuccess: (sheet) => {
      queryClient.setQueryData([LEDGER_KEY, 'stocktake', sheet.id], sheet);
      return queryClient.invalidateQueries({ queryKey: [LEDGER_KEY, 'stocktakes'] });
    },
  });
}
