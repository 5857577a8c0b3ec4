import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZManifestSummary, zPage, type TDeliveryQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

export const DELIVERIES_KEY = 'deliveries';

export type DeliveryListQuery = Partial<TDeliveryQuery>;

const ZManifestPage = zPage(ZManifestSummary);

export function getDeliveries(query: DeliveryListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/deliveries', { query, schema: ZManifestPage, signal });
}

export const getDeliveriesQueryOptions = (query: DeliveryListQuery) =>
  queryOptions({
    queryKey: [DELIVERIES_KEY, 'list', query],
    queryFn: ({ signal }) => getDeliveries(query, signal),
  });

export function useDeliveries(query: DeliveryListQuery) {
  return useQuery({ ...getDeliveriesQueryOptions(query), placeholderData: keepPreviousData });
}
