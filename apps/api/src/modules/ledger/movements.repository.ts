import { Injectable } from '@nestjs/common';
import type { Meal, MovementKind, TMovementQuery } from '@canteen/shared';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';
import { fromDay } from '@/modules/deliveries/delivery-rules';
import { INGREDIENT_SELECT, type IngredientRow } from '@/modules/suppliers/ingredients.repository';

export type { IngredientRow };

export interface CanteenRef {
  id: string;
  name: string;
  path: string;
}

const BATCH_REF_SELECT = { id: true, lotCode: true, expiryDate: true, supplierId: true, deliveryLineId: true } as const;
const INGREDIENT_REF_SELECT = { id: true, code: true, name: true, category: true } as const;

export const MOVEMENT_SELECT = {
  id: true,
  seq: true,
  kind: true,
  canteenId: true,
  batchId: true,
  ingredientId: true,
  quantity: true,
  unit: true,
  unitPriceFen: true,
  costFen: true,
  occurredOn: true,
  meal: true,
  reason: true,
  reversesId: true,
  stocktakeId: true,
  groupId: true,
  photoFileId: true,
  createdById: true,
  createdAt: true,
  prevHash: true,
  hash: true,
  canteen: { select: { id: true, name: true, path: true } },
  ingredient: { select: INGREDIENT_REF_SELECT },
  batch: { select: BATCH_REF_SELECT },
  reversedBy: { select: { id: true } },
} as const;
export type MovementRow = Prisma.StockMovementGetPayload<{ select: typeof MOVEMENT_SELECT }>;

export const BATCH_SELECT = {
  id: true,
  canteenId: true,
  ingredientId: true,
  supplierId: true,
  deliveryLineId: true,
  lotCode: true,
  quantity: true,
  unit: true,
  unitPriceFen: true,
  productionDate: true,
  expiryDate: true,
  receivedAt: true,
  canteen: { select: { id: true, name: true, path: true } },
  ingredient: { select: INGREDIENT_REF_SELECT },
  movements: { where: { kind: 'stock_in' }, select: { id: true }, take: 1 },
} as const;
export type BatchRow = Prisma.StockBatchGetPayload<{ select: typeof BATCH_SELECT }>;

const PENDING_SELECT = {
  ...BATCH_SELECT,
  deliveryLine: { select: { manifest: { select: { id: true, code: true, deliveryDate: true, supplier: { select: { id: true, name: true } } } } } },
} as const;
export type PendingBatchRow = Prisma.StockBatchGetPayload<{ select: typeof PENDING_SELECT }>;

const BALANCE_SELECT = {
  quantity: true,
  batch: { select: { ...BATCH_SELECT, movements: false } },
} as const;
export type BalanceRow = Prisma.StockBalanceGetPayload<{ select: typeof BALANCE_SELECT }>;

/** A balance row locked for the rest of the transaction, with what FIFO orders by. */
export interface LockedBalance {
  batchId: string;
  ingredientId: string;
  /** Decimal text as stored ('10.000'). */
  quantity: string;
  expiryDate: string;
  receivedAt: Date;
}

/** What the application writes of a movement; the insert trigger adds seq, hashes, unit, price and cost. */
export interface NewMovement {
  kind: MovementKind;
  batchId: string;
  ingredientId: string;
  /** Signed decimal text. */
  quantity: string;
  occurredOn: string;
  meal?: Meal | null;
  reason?: string | null;
  reversesId?: string | null;
  stocktakeId?: string | null;
  groupId: string;
  photoFileId?: string | null;
  createdById: string;
}

export interface NewManualBatch {
  ingredientId: string;
  supplierId: string | null;
  lotCode: string | null;
  quantity: string;
  unit: string;
  unitPriceFen: number;
  productionDate: string;
  expiryDate: string;
  manualReason: string;
  occurredOn: string;
  receivedAt: Date;
}

/** The inventory ledger: movements (append-only), balances (kept by the insert trigger), batches. */
@Injectable()
export class MovementsRepository {
  constructor(readonly prisma: PrismaService) {}

  // ─── Reference data (platform-wide, not tenant data) ───

  findIngredients(ids: string[], tx: Tx = this.prisma): Promise<IngredientRow[]> {
    return tx.ingredient.findMany({ where: { id: { in: ids } }, select: INGREDIENT_SELECT });
  }

  findSupplier(id: string, tx: Tx = this.prisma) {
    return tx.supplier.findUnique({ where: { id }, select: { id: true, name: true, blacklistedAt: true, blacklistReason: true } });
  }

  findSupplierNames(ids: string[], tx: Tx = this.prisma) {
    return ids.length === 0 ? Promise.resolve([]) : tx.supplier.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  }

  // ─── Canteens, people, photos ───

  findCanteen(scope: Scope, id: string, tx: Tx = this.prisma): Promise<CanteenRef | null> {
    return tx.orgUnit.findFirst({ where: { id, level: 'canteen', ...scopeWhere(scope) }, select: { id: true, name: true, path: true } });
  }

  findUserNames(scope: Scope, ids: string[], tx: Tx = this.prisma) {
    if (ids.length === 0) return Promise.resolve([]);
    return tx.user.findMany({ where: { id: { in: ids }, orgUnit: scopeWhere(scope) }, select: { id: true, displayName: true } });
  }

  /** A JPEG/PNG that a user of the given school (inside the scope) uploaded, never a supplier's file. */
  async isSchoolPhoto(scope: Scope, schoolPath: string, fileId: string, tx: Tx = this.prisma): Promise<boolean> {
    const file = await tx.storedFile.findFirst({
      where: { id: fileId, supplierId: null, contentType: { in: ['image/jpeg', 'image/png'] } },
      select: { uploadedById: true },
    });
    if (!file?.uploadedById) return false;
    const uploader = await tx.user.findFirst({
      where: { id: file.uploadedById, orgUnit: { AND: [scopeWhere(scope), { path: { startsWith: schoolPath } }] } },
      select: { id: true },
    });
    return uploader !== null;
  }

  /** Keeps a photo that a movement refers to at least until `until`. */
  async retainFile(tx: Tx, scope: Scope, canteenPath: string, fileId: string, until: string): Promise<void> {
    assertInScope(scope, canteenPath);
    await tx.storedFile.updateMany({
      where: { id: fileId, OR: [{ retainUntil: null }, { retainUntil: { lt: fromDay(until) } }] },
      data: { retainUntil: fromDay(until) },
    });
  }

  // ─── Batches ───

  findBatches(scope: Scope, ids: string[], tx: Tx = this.prisma): Promise<BatchRow[]> {
    return tx.stockBatch.findMany({ where: { id: { in: ids }, canteen: scopeWhere(scope) }, select: BATCH_SELECT });
  }

  /** Accepted delivery batches of canteens in scope that are not booked into the store yet (待入库). */
  findPendingStockIns(scope: Scope, canteenId: string | undefined): Promise<PendingBatchRow[]> {
    return this.prisma.stockBatch.findMany({
      where: {
        canteen: { ...scopeWhere(scope), ...(canteenId ? { id: canteenId } : {}) },
        deliveryLineId: { not: null },
        quantity: { gt: 0 },
        movements: { none: { kind: 'stock_in' } },
      },
      select: PENDING_SELECT,
      orderBy: [{ receivedAt: 'asc' }, { deliveryLine: { lineNo: 'asc' } }],
    });
  }

  /** A batch bought without a delivery; its lot code defaults to MANUAL-<day>-<n> within the canteen. */
  async createManualBatch(tx: Tx, scope: Scope, canteen: CanteenRef, batch: NewManualBatch): Promise<string> {
    assertInScope(scope, canteen.path);
    let lotCode = batch.lotCode;
    if (!lotCode) {
      const prefix = `MANUAL-${batch.occurredOn.replaceAll('-', '')}-`;
      const taken = await tx.stockBatch.count({ where: { canteenId: canteen.id, lotCode: { startsWith: prefix }, canteen: scopeWhere(scope) } });
      lotCode = `${prefix}${taken + 1}`;
    }
    const { id } = await tx.stockBatch.create({
      data: {
        canteenId: canteen.id,
        ingredientId: batch.ingredientId,
        supplierId: batch.supplierId,
        lotCode,
        quantity: batch.quantity,
        unit: batch.unit,
        unitPriceFen: batch.unitPriceFen,
        productionDate: fromDay(batch.productionDate),
        expiryDate: fromDay(batch.expiryDate),
        manualReason: batch.manualReason,
        receivedAt: batch.receivedAt,
      },
      select: { id: true },
    });
    return id;
  }

  // ─── Locks ───

  /**
   * Locks the canteen's chain head (creating it for a first movement) and answers the last sealed
   * day. Every writer of a canteen's ledger takes this lock first (the insert trigger takes it
   * too), then balances: one order, so concurrent writers queue instead of deadlocking.
   */
  async lockLedger(tx: Tx, scope: Scope, canteen: CanteenRef): Promise<{ sealedThrough: string | null }> {
    assertInScope(scope, canteen.path);
    const lock = () => tx.$queryRaw<{ sealed: string | null }[]>`
      SELECT to_char(sealed_through, 'YYYY-MM-DD') AS sealed FROM ledger_head WHERE canteen_id = ${canteen.id}::uuid FOR UPDATE`;
    let [head] = await lock();
    if (!head) {
      await tx.$executeRaw`
        INSERT INTO ledger_head (canteen_id, seq, hash) VALUES (${canteen.id}::uuid, 0, repeat('0', 64))
        ON CONFLICT (canteen_id) DO NOTHING`;
      [head] = await lock();
    }
    return { sealedThrough: head?.sealed ?? null };
  }

  /**
   * The canteen's positive balances of these ingredients or batches, locked until the transaction
   * ends: a concurrent stock-out of the same units waits here and then sees what is left.
   */
  async lockBalances(tx: Tx, scope: Scope, canteen: CanteenRef, of: { ingredientIds?: string[]; batchIds?: string[] }): Promise<LockedBalance[]> {
    assertInScope(scope, canteen.path);
    const rows = await tx.$queryRaw<{ batchId: string; ingredientId: string; quantity: string; expiryDate: string; receivedAt: Date }[]>`
      SELECT b.batch_id::text AS "batchId", b.ingredient_id::text AS "ingredientId", b.quantity::text AS quantity,
             to_char(s.expiry_date, 'YYYY-MM-DD') AS "expiryDate", s.received_at AS "receivedAt"
        FROM stock_balance b JOIN stock_batch s ON s.id = b.batch_id
       WHERE b.canteen_id = ${canteen.id}::uuid AND b.quantity > 0
         AND (b.ingredient_id = ANY(${of.ingredientIds ?? []}::uuid[]) OR b.batch_id = ANY(${of.batchIds ?? []}::uuid[]))
       ORDER BY b.batch_id
         FOR UPDATE OF b`;
    return rows;
  }

  // ─── Movements ───

  /**
   * Appends movements to a canteen's ledger in the caller's transaction, in order, and answers
   * them as stored (seq, hashes and cost set by the insert trigger). The stocktake books its
   * adjustments through here too.
   */
  async insertMovements(tx: Tx, scope: Scope, canteen: CanteenRef, movements: NewMovement[]): Promise<MovementRow[]> {
    assertInScope(scope, canteen.path);
    const rows: MovementRow[] = [];
    for (const movement of movements) {
      rows.push(
        await tx.stockMovement.create({
          data: {
            canteenId: canteen.id,
            kind: movement.kind,
            batchId: movement.batchId,
            ingredientId: movement.ingredientId,
            quantity: movement.quantity,
            occurredOn: fromDay(movement.occurredOn),
            meal: movement.meal ?? null,
            reason: movement.reason ?? null,
            reversesId: movement.reversesId ?? null,
            stocktakeId: movement.stocktakeId ?? null,
            groupId: movement.groupId,
            photoFileId: movement.photoFileId ?? null,
            createdById: movement.createdById,
          },
          select: MOVEMENT_SELECT,
        }),
      );
    }
    return rows;
  }

  async isMovementPhoto(scope: Scope, fileId: string): Promise<boolean> {
    return (await this.prisma.stockMovement.count({ where: { photoFileId: fileId, canteen: scopeWhere(scope) } })) > 0;
  }

  findMovement(scope: Scope, id: string, tx: Tx = this.prisma): Promise<MovementRow | null> {
    return tx.stockMovement.findFirst({ where: { id, canteen: scopeWhere(scope) }, select: MOVEMENT_SELECT });
  }

  async listMovements(scope: Scope, query: TMovementQuery): Promise<{ rows: MovementRow[]; total: number }> {
    const where: Prisma.StockMovementWhereInput = {
      canteen: { ...scopeWhere(scope), ...(query.canteenId ? { id: query.canteenId } : {}) },
      ...(query.ingredientId ? { ingredientId: query.ingredientId } : {}),
      ...(query.batchId ? { batchId: query.batchId } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.meal ? { meal: query.meal } : {}),
      ...(query.from || query.to
        ? { occurredOn: { ...(query.from ? { gte: fromDay(query.from) } : {}), ...(query.to ? { lte: fromDay(query.to) } : {}) } }
        : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.stockMovement.findMany({
        where,
        select: MOVEMENT_SELECT,
        orderBy: [{ occurredOn: 'desc' }, { createdAt: 'desc' }, { seq: 'desc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.prisma.stockMovement.count({ where }),
    ]);
    return { rows, total };
  }

  // ─── Balances ───

  /** On hand per batch, read from stock_balance (never by summing the ledger). */
  findBalances(scope: Scope, canteenId: string, options: { ingredientId?: string; includeEmpty: boolean }): Promise<BalanceRow[]> {
    return this.prisma.stockBalance.findMany({
      where: {
        canteenId,
        batch: { canteen: scopeWhere(scope) },
        ...(options.ingredientId ? { ingredientId: options.ingredientId } : {}),
        ...(options.includeEmpty ? {} : { quantity: { gt: 0 } }),
      },
      select: BALANCE_SELECT,
      orderBy: [{ batch: { expiryDate: 'asc' } }, { batch: { receivedAt: 'asc' } }],
    });
  }
}
