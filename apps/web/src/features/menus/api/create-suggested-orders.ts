import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZPurchaseOrder, type TCreatePurchaseOrder, type TPurchaseOrder } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

/** The purchase orders' own key prefix (features/purchase-orders), so their list shows the new ones. */
const PURCHASE_ORDERS_KEY = 'purchase-orders';

export type SuggestedOrderResult =
  | { supplierId: string; ok: true; order: TPurchaseOrder }
  | { supplierId: string; ok: false; error: unknown };

/**
 * One order per chosen supplier, sent one after another. Each order stands alone, so those created
 * before a refusal are kept and the refusal is reported against its supplier.
 */
export async function createSuggestedOrders(
  orders: TCreatePurchaseOrder[],
): Promise<SuggestedOrderResult[]> {
  const results: SuggestedOrderResult[] = [];
  for (const body of orders) {
    try {
      const order = await apiRequest('POST', '/purchase-orders', { body, schema: ZPurchaseOrder });
      results.push({ supplierId: body.supplierId, ok: true, order });
    } catch (error) {
      results.push({ supplierId: body.supplierId, ok: false, error });
    }
  }
  return results;
}

export function useCreateSuggestedOrders() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSuggestedOrders,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [PURCHASE_ORDERS_KEY] }),
        queryClient.invalidateQueries({ queryKey: [MENUS_KEY, 'purchase-suggestion'] }),
      ]),
  });
}
