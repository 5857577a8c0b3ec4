import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZDish, zPage, type TDishQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

export type DishListQuery = Partial<TDishQuery>;

const ZDishPage = zPage(ZDish);

export function getDishes(query: DishListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/menus/dishes', { query, schema: ZDishPage, signal });
}

export const getDishesQueryOptions = (query: DishListQuery) =>
  queryOptions({
    queryKey: [MENUS_KEY, 'dishes', query],
    queryFn: ({ signal }) => getDishes(query, signal),
  });

export function useDishes(query: DishListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    ...getDishesQueryOptions(query),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** The dishes a canteen may plan with; 200 is the API's page ceiling, a library is smaller. */
export function useDishLibrary(canteenId: string | undefined) {
  return useQuery({
    ...getDishesQueryOptions({ canteenId, pageSize: 200, active: 'true' }),
    enabled: !!canteenId,
    staleTime: 60_000,
  });
}
