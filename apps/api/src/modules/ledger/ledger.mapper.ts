import type {
  FoodGroup,
  Meal,
  MovementKind,
  TBatchBalance,
  TIngredientBalance,
  TPendingStockIn,
  TStockMovement,
} from '@canteen/shared';
import { decimalText, expiryText } from '@/modules/deliveries/deliveries.mapper';
import { amountFen, toDay } from '@/modules/deliveries/delivery-rules';
import type { BalanceRow, BatchRow, MovementRow, PendingBatchRow } from './movements.repository';
import { expiryOn, milliText, toMilli } from './stock-rules';

/** Names that rows refer to by id: people (creators) and suppliers. */
export interface LedgerRefs {
  users: Map<string, string>;
  suppliers: Map<string, string>;
}

const ref = (id: string, names: Map<string, string>) => ({ id, name: names.get(id) ?? '—' });

const ingredientRef = (row: { id: string; code: string; name: string; category: string }) => ({
  id: row.id,
  code: row.code,
  name: row.name,
  category: row.category as FoodGroup,
});

export function toStockMovement(row: MovementRow, refs: LedgerRefs): TStockMovement {
  return {
    id: row.id,
    seq: row.seq,
    kind: row.kind as MovementKind,
    canteen: { id: row.canteen.id, name: row.canteen.name },
    ingredient: ingredientRef(row.ingredient),
    batch: {
      id: row.batch.id,
      lotCode: row.batch.lotCode,
      expiryDate: expiryText(row.batch.expiryDate),
      supplier: row.batch.supplierId ? ref(row.batch.supplierId, refs.suppliers) : null,
    },
    quantity: decimalText(row.quantity),
    unit: row.unit,
    unitPriceFen: row.unitPriceFen,
    costFen: row.costFen,
    occurredOn: toDay(row.occurredOn),
    meal: row.meal as Meal | null,
    reason: row.reason,
    reversesId: row.reversesId,
    reversedById: row.reversedBy?.id ?? null,
    stocktakeId: row.stocktakeId,
    groupId: row.groupId,
    photoFileId: row.photoFileId,
    createdBy: ref(row.createdById, refs.users),
    createdAt: row.createdAt.toISOString(),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

type BatchFields = Omit<BatchRow, 'movements' | 'canteen'>;

/** A batch with a quantity (on hand, or accepted for one waiting to be booked in), seen from `today`. */
export function toBatchBalance(batch: BatchFields, quantity: string, today: string, suppliers: Map<string, string>): TBatchBalance {
  return {
    batchId: batch.id,
    lotCode: batch.lotCode,
    ingredient: ingredientRef(batch.ingredient),
    supplier: batch.supplierId ? ref(batch.supplierId, suppliers) : null,
    deliveryLineId: batch.deliveryLineId,
    quantity,
    unit: batch.unit,
    unitPriceFen: batch.unitPriceFen,
    valueFen: amountFen(quantity, batch.unitPriceFen),
    productionDate: toDay(batch.productionDate),
    expiryDate: expiryText(batch.expiryDate),
    ...expiryOn(toDay(batch.expiryDate), today),
    receivedAt: batch.receivedAt.toISOString(),
  };
}

/** Balances per ingredient (in catalogue code order), each with its batches in FIFO order. */
export function toIngredientBalances(rows: BalanceRow[], today: string, suppliers: Map<string, string>): TIngredientBalance[] {
  const byIngredient = new Map<string, TIngredientBalance>();
  for (const row of rows) {
    const batch = toBatchBalance(row.batch, decimalText(row.quantity), today, suppliers);
    const entry = byIngredient.get(batch.ingredient.id) ?? { ingredient: batch.ingredient, quantity: '0', unit: batch.unit, valueFen: 0, batches: [] };
    entry.quantity = milliText(toMilli(entry.quantity) + toMilli(batch.quantity));
    entry.valueFen += batch.valueFen;
    entry.batches.push(batch);
    byIngredient.set(batch.ingredient.id, entry);
  }
  return [...byIngredient.values()].sort((a, b) => a.ingredient.code.localeCompare(b.ingredient.code));
}

/** Batches waiting to be booked in, per delivery manifest, oldest delivery first. */
export function toPendingStockIns(rows: PendingBatchRow[], today: string, suppliers: Map<string, string>): TPendingStockIn[] {
  const byManifest = new Map<string, TPendingStockIn>();
  for (const row of rows) {
    const manifest = row.deliveryLine?.manifest;
    if (!manifest) continue;
    const entry = byManifest.get(manifest.id) ?? {
      manifest: { id: manifest.id, code: manifest.code, deliveryDate: toDay(manifest.deliveryDate), supplier: manifest.supplier },
      batches: [],
    };
    const { valueFen: _value, ...batch } = toBatchBalance(row, decimalText(row.quantity), today, suppliers);
    entry.batches.push(batch);
    byManifest.set(manifest.id, entry);
  }
  return [...byManifest.values()].sort((a, b) => a.manifest.deliveryDate.localeCompare(b.manifest.deliveryDate) || a.manifest.code.localeCompare(b.manifest.code));
}
