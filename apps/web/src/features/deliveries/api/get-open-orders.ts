import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZPurchaseOrder, zPage } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

const ZOrderPage = zPage(ZPurchaseOrder);

/** Orders still waiting for a delivery, that a manifest can refer to (and take its lines from). */
export function getOpenOrders(canteenId: string, signal?: AbortSignal) {
  return apiRequest('GET', '/purchase-orders', {
    query: { canteenId, status: 'submitted', pageSize: 100 },
    schema: ZOrderPage,
    signal,
  });
}

export const getOpenOrdersQueryOptions = (canteenId: string) =>
  queryOptions({
    queryKey: ['purchase-orders', 'open', canteenId],
    queryFn: ({ signal }) => getOpenOrders(canteenId, signal),
  });

export function useOpenOrders(canteenId: string | undefined) {
  return useQuery({ ...getOpenOrdersQueryOptions(canteenId ?? ''), enabled: !!canteenId });
}
