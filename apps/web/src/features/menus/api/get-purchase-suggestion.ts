import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZPurchaseSuggestion, type TPurchaseSuggestionQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

/** A published plan's demand for a period minus stock on hand, grouped by contracted supplier. */
export function getPurchaseSuggestion(
  planId: string,
  query: TPurchaseSuggestionQuery,
  signal?: AbortSignal,
) {
  return apiRequest('GET', `/menus/plans/${planId}/purchase-suggestion`, {
    query,
    schema: ZPurchaseSuggestion,
    signal,
  });
}

export const getPurchaseSuggestionQueryOptions = (
  planId: string,
  query: TPurchaseSuggestionQuery,
) =>
  queryOptions({
    queryKey: [MENUS_KEY, 'purchase-suggestion', planId, query],
    queryFn: ({ signal }) => getPurchaseSuggestion(planId, query, signal),
  });

export function usePurchaseSuggestion(
  planId: string | undefined,
  query: TPurchaseSuggestionQuery | undefined,
) {
  return useQuery({
    ...getPurchaseSuggestionQueryOptions(planId ?? '', query ?? { from: '', to: '' }),
    enabled: !!planId && !!query,
    placeholderData: keepPreviousData,
  });
}
