import type { PurchaseOrderStatus, TPurchaseOrder } from '@canteen/shared';
import { amountFen, toDay } from './delivery-rules';
import { decimalText } from './deliveries.mapper';
import type { OrderRow } from './purchase-orders.repository';

export type IngredientNames = Map<string, { id: string; code: string; name: string }>;

export function toPurchaseOrder(row: OrderRow, ingredients: IngredientNames): TPurchaseOrder {
  const lines = row.lines.map((line) => {
    const quantity = decimalText(line.quantity);
    const ingredient = ingredients.get(line.ingredientId);
    return {
      id: line.id,
      lineNo: line.lineNo,
      ingredient: { id: line.ingredientId, code: ingredient?.code ?? '', name: ingredient?.name ?? '' },
      quantity,
      unit: line.unit,
      unitPriceFen: line.unitPriceFen,
      amountFen: amountFen(quantity, line.unitPriceFen),
    };
  });
  return {
    id: row.id,
    code: row.code,
    status: row.status as PurchaseOrderStatus,
    canteen: { id: row.canteen.id, name: row.canteen.name },
    supplier: row.supplier,
    contractId: row.contractId,
    deliveryDate: toDay(row.deliveryDate),
    note: row.note,
    lines,
    totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0),
    createdAt: row.createdAt.toISOString(),
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    cancelReason: row.cancelReason,
  };
}
