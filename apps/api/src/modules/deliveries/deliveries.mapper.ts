import {
  type AcceptanceDecision,
  type ColdChain,
  type CorrectionField,
  type FoodGroup,
  type ManifestSource,
  type ManifestStatus,
  NO_SHELF_LIFE_EXPIRY,
  type TDeliveryCorrection,
  type TManifestDetail,
  type TManifestLine,
  type TManifestSummary,
  normaliseDecimal,
  shanghaiDay,
  temperatureInRange,
} from '@canteen/shared';
import type { Prisma } from '@/common/prisma/prisma.service';
import { amountFen, toDay } from './delivery-rules';
import type { IngredientRow, ManifestDetailRow, ManifestSummaryRow } from './deliveries.repository';

/** Decimal columns leave the API as exact decimal strings ('12.5'). */
export const decimalText = (value: Prisma.Decimal) => normaliseDecimal(value.toFixed());

/** The stored expiry of a product without a shelf life reads as null. */
export const expiryText = (date: Date) => {
  const day = toDay(date);
  return day === NO_SHELF_LIFE_EXPIRY ? null : day;
};

export function toManifestSummary(row: ManifestSummaryRow): TManifestSummary {
  return {
    id: row.id,
    code: row.code,
    status: row.status as ManifestStatus,
    source: row.source as ManifestSource,
    supplier: { id: row.supplier.id, name: row.supplier.name },
    canteen: { id: row.canteen.id, name: row.canteen.name },
    deliveryDate: toDay(row.deliveryDate),
    purchaseOrder: row.purchaseOrder,
    lineCount: row._count.lines,
    createdAt: row.createdAt.toISOString(),
    acceptedAt: row.acceptance?.acceptedAt.toISOString() ?? null,
  };
}

export interface DetailRefs {
  ingredients: Map<string, IngredientRow>;
  farmBases: Map<string, { id: string; name: string }>;
  files: Map<string, { id: string; originalName: string; contentType: string }>;
  users: Map<string, { id: string; displayName: string }>;
}

const personOf = (refs: DetailRefs, id: string) => ({ id, name: refs.users.get(id)?.displayName ?? '—' });

function toLine(line: ManifestDetailRow['lines'][number], refs: DetailRefs): TManifestLine {
  const ingredient = refs.ingredients.get(line.ingredientId);
  const quantity = decimalText(line.quantity);
  const farmBase = line.farmBaseId ? refs.farmBases.get(line.farmBaseId) : undefined;
  return {
    id: line.id,
    lineNo: line.lineNo,
    ingredient: {
      id: line.ingredientId,
      code: ingredient?.code ?? '',
      name: ingredient?.name ?? '',
      category: (ingredient?.category ?? 'condiment') as FoodGroup,
      coldChain: (ingredient?.coldChain ?? 'ambient') as ColdChain,
      quarantineRequired: ingredient?.quarantineRequired ?? false,
      unitDecimals: ingredient?.unitDecimals ?? 3,
    },
    lotCode: line.lotCode,
    productionDate: toDay(line.productionDate),
    expiryDate: expiryText(line.expiryDate),
    quantity,
    unit: line.unit,
    unitPriceFen: line.unitPriceFen,
    amountFen: amountFen(quantity, line.unitPriceFen),
    farmBase: farmBase ? { id: farmBase.id, name: farmBase.name } : null,
    certificates: line.certificateIds.flatMap((id) => {
      const file = refs.files.get(id);
      return file ? [file] : [];
    }),
    note: line.note,
    missingQuarantineCertificate: (ingredient?.quarantineRequired ?? false) && line.certificateIds.length === 0,
  };
}

export function toCorrection(row: ManifestDetailRow['corrections'][number], lineNos: Map<string, number>, refs: DetailRefs): TDeliveryCorrection {
  return {
    id: row.id,
    deliveryLineId: row.deliveryLineId,
    lineNo: row.deliveryLineId ? (lineNos.get(row.deliveryLineId) ?? null) : null,
    field: row.field as CorrectionField,
    oldValue: row.oldValue,
    newValue: row.newValue,
    reason: row.reason,
    createdBy: personOf(refs, row.createdById),
    createdAt: row.createdAt.toISOString(),
  };
}

export function toManifestDetail(row: ManifestDetailRow, refs: DetailRefs): TManifestDetail {
  const lines = row.lines.map((line) => toLine(line, refs));
  const coldChainOf = new Map(lines.map((line) => [line.id, line.ingredient.coldChain]));
  const lineNos = new Map(row.lines.map((line) => [line.id, line.lineNo]));
  const acceptance = row.acceptance;
  return {
    ...toManifestSummary(row),
    supplierBlacklisted: row.supplier.blacklistedAt ? { since: shanghaiDay(row.supplier.blacklistedAt), reason: row.supplier.blacklistReason } : null,
    note: row.note,
    contractId: row.contractId,
    retainUntil: row.retainUntil ? toDay(row.retainUntil) : null,
    lines,
    totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0),
    acceptance: acceptance
      ? {
          id: acceptance.id,
          acceptedAt: acceptance.acceptedAt.toISOString(),
          note: acceptance.note,
          inspectors: acceptance.inspectorIds.map((id) => personOf(refs, id)),
          lines: [...acceptance.lines]
            .sort((a, b) => (lineNos.get(a.deliveryLineId) ?? 0) - (lineNos.get(b.deliveryLineId) ?? 0))
            .map((line) => {
              const temperatureC = line.temperatureC === null ? null : Number(line.temperatureC);
              return {
                deliveryLineId: line.deliveryLineId,
                decision: line.decision as AcceptanceDecision,
                acceptedQuantity: decimalText(line.acceptedQuantity),
                temperatureC,
                temperatureInRange: temperatureC === null ? null : temperatureInRange(coldChainOf.get(line.deliveryLineId) ?? 'ambient', temperatureC),
                reason: line.reason,
                photoIds: line.photoIds,
              };
            }),
        }
      : null,
    batches: row.lines.flatMap((line) =>
      line.batch
        ? [
            {
              id: line.batch.id,
              deliveryLineId: line.id,
              ingredientId: line.batch.ingredientId,
              lotCode: line.batch.lotCode,
              quantity: decimalText(line.batch.quantity),
              unit: line.batch.unit,
              unitPriceFen: line.batch.unitPriceFen,
              productionDate: toDay(line.batch.productionDate),
              expiryDate: expiryText(line.batch.expiryDate),
              receivedAt: line.batch.receivedAt.toISOString(),
            },
          ]
        : [],
    ),
    corrections: row.corrections.map((correction) => toCorrection(correction, lineNos, refs)),
  };
}
