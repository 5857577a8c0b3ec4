import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZStocktake, type TCreateStocktake } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

/** A count sheet with one line per batch in stock, its book quantity taken now. */
export function createStocktake(body: TCreateStocktake) {
  return apiRequest('POST', '/ledger/stocktakes', { body, schema: ZStocktake });
}

export function useCreateStocktake() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createStocktake,
    onSuccess: (sheet) => {
      queryClient.setQueryData([LEDGER_KEY, 'stocktake', sheet.id], sheet);
      return queryClient.invalidateQueries({ queryKey: [LEDGER_KEY, 'stocktakes'] });
    },
  });
}
