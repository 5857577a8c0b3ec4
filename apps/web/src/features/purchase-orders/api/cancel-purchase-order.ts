import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZPurchaseOrder, type TCancelPurchaseOrder } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { PURCHASE_ORDERS_KEY } from './get-purchase-orders';

export function cancelPurchaseOrder({ id, body }: { id: string; body: TCancelPurchaseOrder }) {
  return apiRequest('POST', `/purchase-orders/${id}/cancel`, { body, schema: ZPurchaseOrder });
}

export function useCancelPurchaseOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelPurchaseOrder,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [PURCHASE_ORDERS_KEY] }),
  });
}
