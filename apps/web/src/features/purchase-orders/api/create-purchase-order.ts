import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZPurchaseOrder, type TCreatePurchaseOrder } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { PURCHASE_ORDERS_KEY } from './get-purchase-orders';

export function createPurchaseOrder(body: TCreatePurchaseOrder) {
  return apiRequest('POST', '/purchase-orders', { body, schema: ZPurchaseOrder });
}

export function useCreatePurchaseOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createPurchaseOrder,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [PURCHASE_ORDERS_KEY] }),
  });
}
