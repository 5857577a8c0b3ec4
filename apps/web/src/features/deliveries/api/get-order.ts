import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZPurchaseOrder } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

/** One purchase order, for a manifest that answers it. */
export function getOrder(id: string, signal?: AbortSignal) {
  return apiRequest('GET', `/purchase-orders/${id}`, { schema: ZPurchaseOrder, signal });
}

export const getOrderQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['purchase-orders', 'detail', id],
    queryFn: ({ signal }) => getOrder(id, signal),
  });

export function useOrder(id: string | undefined) {
  return useQuery({ ...getOrderQueryOptions(id ?? ''), enabled: !!id });
}
