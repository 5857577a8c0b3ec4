import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZExecution, type TMenuPeriodQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

/** Planned vs issued vs served per meal and ingredient, and the mass balance per day. */
export function getExecution(query: TMenuPeriodQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/menus/execution', { query, schema: ZExecution, signal });
}

export const getExecutionQueryOptions = (query: TMenuPeriodQuery) =>
  queryOptions({
    queryKey: [MENUS_KEY, 'execution', query],
    queryFn: ({ signal }) => getExecution(query, signal),
  });

export function useExecution(query: TMenuPeriodQuery | undefined) {
  return useQuery({
    ...getExecutionQueryOptions(query ?? { canteenId: '', from: '', to: '' }),
    enabled: !!query,
    placeholderData: keepPreviousData,
  });
}
