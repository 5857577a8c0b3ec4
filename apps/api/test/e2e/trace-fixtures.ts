import { randomUUID } from 'node:crypto';
import { testPrisma } from '@test/factories/prisma';
import type { TestIngredient, TestSupplier } from '@test/factories/supply.factory';
import type { TestUnit } from '@test/factories/tree.factory';

/**
 * Deliveries written straight to the database, shaped as the deliveries module stores them
 * (manifest → lines → acceptance → stock batches), so the traces can be tested on their own.
 */

let counter = 0;
const tag = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.floor(Math.random() * 1e4)}`;
const asDay = (day: string) => new Date(`${day}T00:00:00Z`);

/** As the deliveries module sets it: accepted in full, rejected entirely, or partly. */
function statusAfterCheck(lines: LineSpec[]): string {
  if (lines.every((l) => l.decision === 'reject')) return 'rejected';
  return lines.every((l) => l.decision !== 'reject' && (l.acceptedQuantity ?? l.quantity) === l.quantity) ? 'accepted' : 'partially_accepted';
}

export async function createStoredFile(name: string, supplierId: string | null = null): Promise<{ id: string; name: string }> {
  const row = await testPrisma().storedFile.create({
    data: {
      storageKey: `test/${randomUUID()}.pdf`,
      originalName: name,
      contentType: 'application/pdf',
      sizeBytes: 1024,
      sha256: '0'.repeat(64),
      supplierId,
    },
    select: { id: true, originalName: true },
  });
  return { id: row.id, name: row.originalName };
}

export async function createDocument(supplier: TestSupplier, kind: string, number: string, expiresOn: string | null) {
  const file = await createStoredFile(`${number}.pdf`, supplier.id);
  return testPrisma().supplierDocument.create({
    data: { supplierId: supplier.id, kind, number, expiresOn: expiresOn ? asDay(expiresOn) : null, fileId: file.id },
    select: { id: true },
  });
}

export interface LineSpec {
  ingredient: TestIngredient;
  lotCode: string;
  quantity: string;
  acceptedQuantity?: string;
  decision?: 'accept' | 'reject';
  temperatureC?: number;
  unitPriceFen?: number;
  productionDate?: string;
  expiryDate: string;
  farmBaseId?: string;
  certificateIds?: string[];
}

export interface DeliverySpec {
  supplier: TestSupplier;
  canteen: TestUnit;
  contractId: string;
  deliveryDate: string;
  /** When the acceptance was signed; omitted for a manifest still waiting at the door. */
  acceptedAt?: Date;
  inspectorIds?: string[];
  lines: LineSpec[];
}

/** A reasoned correction of a checked line, as the deliveries module records it. */
export async function createCorrection(manifestId: string, deliveryLineId: string, field: string, oldValue: string, newValue: string, createdById: string) {
  return testPrisma().deliveryCorrection.create({ data: { manifestId, deliveryLineId, field, oldValue, newValue, reason: '供应商送货单批次号录入错误，按实物标签更正', createdById } });
}

export async function createDelivery(spec: DeliverySpec): Promise<{ manifestId: string; code: string; lineIds: string[]; batchIds: string[] }> {
  const db = testPrisma();
  const manifestId = randomUUID();
  const code = `DM-${tag()}`.toUpperCase();
  const accepted = spec.acceptedAt !== undefined;
  return db.$transaction(async (tx) => {
    await tx.deliveryManifest.create({
      data: {
        id: manifestId,
        code,
        supplierId: spec.supplier.id,
        canteenId: spec.canteen.id,
        contractId: spec.contractId,
        deliveryDate: asDay(spec.deliveryDate),
        source: 'form',
        status: accepted ? statusAfterCheck(spec.lines) : 'submitted',
      },
    });
    const lines = spec.lines.map((line, i) => ({
      id: randomUUID(),
      manifestId,
      lineNo: i + 1,
      ingredientId: line.ingredient.id,
      lotCode: line.lotCode,
      productionDate: asDay(line.productionDate ?? spec.deliveryDate),
      expiryDate: asDay(line.expiryDate),
      quantity: line.quantity,
      unit: line.ingredient.unit,
      unitPriceFen: line.unitPriceFen ?? 1200,
      farmBaseId: line.farmBaseId ?? null,
      certificateIds: line.certificateIds ?? [],
    }));
    await tx.deliveryLine.createMany({ data: lines });
    for (const line of spec.lines) {
      await tx.supplierLot.upsert({
        where: { supplierId_lotCode: { supplierId: spec.supplier.id, lotCode: line.lotCode } },
        create: { supplierId: spec.supplier.id, lotCode: line.lotCode, ingredientId: line.ingredient.id },
        update: {},
      });
    }
    const batchIds: string[] = [];
    if (accepted) {
      const acceptanceId = randomUUID();
      await tx.acceptance.create({
        data: { id: acceptanceId, manifestId, canteenId: spec.canteen.id, inspectorIds: spec.inspectorIds ?? [], acceptedAt: spec.acceptedAt },
      });
      for (const [i, line] of lines.entries()) {
        const specLine = spec.lines[i]!;
        const decision = specLine.decision ?? 'accept';
        const acceptedQuantity = decision === 'accept' ? (specLine.acceptedQuantity ?? specLine.quantity) : '0';
        await tx.acceptanceLine.create({
          data: {
            acceptanceId,
            deliveryLineId: line.id,
            decision,
            acceptedQuantity,
            temperatureC: specLine.temperatureC ?? null,
            reason: decision === 'reject' ? '感官检查不合格' : null,
          },
        });
        if (decision === 'accept') {
          const batch = await tx.stockBatch.create({
            data: {
              canteenId: spec.canteen.id,
              ingredientId: line.ingredientId,
              supplierId: spec.supplier.id,
              deliveryLineId: line.id,
              lotCode: line.lotCode,
              quantity: acceptedQuantity,
              unit: line.unit,
              unitPriceFen: line.unitPriceFen,
              productionDate: line.productionDate,
              expiryDate: line.expiryDate,
              receivedAt: spec.acceptedAt,
            },
            select: { id: true },
          });
          batchIds.push(batch.id);
        }
      }
    }
    return { manifestId, code, lineIds: lines.map((l) => l.id), batchIds };
  });
}
