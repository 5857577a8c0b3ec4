import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZStocktake } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { LEDGER_KEY } from './get-balances';

/** 过账: every variance becomes an adjustment movement; the sheet is closed. */
export function postStocktake(id: string) {
  return apiRequest('POST', `/ledger/stocktakes/${id}/post`, { schema: ZStocktake });
}

export function usePostStocktake() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: postStocktake,
    onSuccess: (sheet) => {
      queryClient.setQueryData([LEDGER_KEY, 'stocktake', sheet.id], sheet);
      return queryClient.invalidateQueries({ queryKey: [LEDGER_KEY] });
    },
  });
}
