import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZPurchaseOrder, zPage, type TPurchaseOrderQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

export const PURCHASE_ORDERS_KEY = 'purchase-orders';

export type PurchaseOrderListQuery = Partial<TPurchaseOrderQuery>;

const ZPurchaseOrderPage = zPage(ZPurchaseOrder);

export function getPurchaseOrders(query: PurchaseOrderListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/purchase-orders', { query, schema: ZPurchaseOrderPage, signal });
}

export const getPurchaseOrdersQueryOptions = (query: PurchaseOrderListQuery) =>
  queryOptions({
    queryKey: [PURCHASE_ORDERS_KEY, 'list', query],
    queryFn: ({ signal }) => getPurchaseOrders(query, signal),
  });

export function usePurchaseOrders(query: PurchaseOrderListQuery) {
  return useQuery({ ...getPurchaseOrdersQueryOptions(query), placeholderData: keepPreviousData });
}
