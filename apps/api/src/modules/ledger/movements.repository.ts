import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Meal, type MovementKind, NO_SHELF_LIFE_EXPIRY, type TMovementQuery } from '@canteen/shared';
import { Prisma } from '@/generated/prisma/client';
import { PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Db, query, statement } from '@/common/prisma/sql';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';
import { fromDay } from '@/modules/deliveries/delivery-rules';
import { INGREDIENT_SELECT, type IngredientRow } from '@/modules/suppliers/ingredients.repository';

export type { IngredientRow };

export const MOVEMENTS_BOOKED = 'ledger.movements-booked';

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

/** A positive balance with what FIFO orders by. */
export interface FifoBalance {
  batchId: string;
  ingredientId: string;
  /** Decimal text as stored ('10.000'). */
  quantity: string;
  expiryDate: string;
  receivedAt: Date;
}

/** What stock-out checks a line's ingredient against. */
export type LineIngredient = Pick<IngredientRow, 'id' | 'name' | 'unit' | 'unitDecimals'>;

/** A movement as the insert returns it (numbers and days as text, read alike by Prisma and `pg`), with its ingredient, batch and supplier. */
interface BookedRow {
  id: string;
  seq: number;
  kind: string;
  batchId: string;
  ingredientId: string;
  quantity: string;
  unit: string;
  unitPriceFen: number;
  costFen: number;
  occurredOn: string;
  meal: string | null;
  reason: string | null;
  reversesId: string | null;
  stocktakeId: string | null;
  groupId: string;
  photoFileId: string | null;
  createdById: string;
  createdAt: Date;
  prevHash: string;
  hash: string;
  ingredientCode: string;
  ingredientName: string;
  ingredientCategory: string;
  lotCode: string;
  expiryDate: string;
  supplierId: string | null;
  deliveryLineId: string | null;
  supplierName: string | null;
}

/** A batch a stock-out line picked, read with the canteen. */
export interface PickedBatch {
  id: string;
  ingredientId: string;
  lotCode: string;
  expiryDate: string;
  receivedAt: Date;
}

/** Everything a stock-out is decided on, read in one statement and without locks (see `MovementsService.stockOut`). */
export interface StockOutContext {
  canteen: CanteenRef | null;
  sealedThrough: string | null;
  ingredients: LineIngredient[];
  picked: PickedBatch[];
  balances: FifoBalance[];
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
  /** A stock-out that took a picked batch instead of FIFO order: why (goes into the event). */
  fifoOverride?: string | null;
}

/** Who booked, and what the audit entry says besides the movements (which the statement adds). */
export interface BookingAudit {
  actorId: string;
  actorName: string;
  ip: string | null;
  requestId: string | null;
  action: string;
  after: Record<string, unknown>;
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

/**
 * Appends movements in the order given (the insert trigger chains them in that order) with the
 * booking's `ledger.movements-booked` event and, when $5 carries one, its audit entry: one
 * statement, so that a stock-out is a single round trip and needs no explicit transaction. The
 * event and the entry are built here from what the trigger stored (seq, cost, hash); the answer
 * is the stored rows joined to what the API shows. The entry names the booking (its group, how
 * many movements, their seq range and the chain's hash after the last) rather than copying the
 * movements: they are in the ledger, append-only and chained.
 */
const BOOK_MOVEMENTS = statement(
  'ledger_book_movements',
  `WITH v AS MATERIALIZED (
     SELECT * FROM jsonb_to_recordset($2::jsonb)
         AS v(n int, id uuid, kind text, "batchId" uuid, "ingredientId" uuid, quantity numeric, "occurredOn" date, meal text,
              reason text, "reversesId" uuid, "stocktakeId" uuid, "groupId" uuid, "photoFileId" uuid, "createdById" uuid,
              "fifoOverride" text)
   ),
   booked AS (
     INSERT INTO stock_movement (id, canteen_id, kind, batch_id, ingredient_id, quantity, occurred_on, meal, reason,
                                 reverses_id, stocktake_id, group_id, photo_file_id, created_by_id)
     SELECT v.id, $1::uuid, v.kind, v."batchId", v."ingredientId", v.quantity, v."occurredOn", v.meal, v.reason,
            v."reversesId", v."stocktakeId", v."groupId", v."photoFileId", v."createdById"
       FROM v
      ORDER BY v.n
     RETURNING *
   ),
   rows AS (
     SELECT m.*, v."fifoOverride", i.code AS ingredient_code, i.name AS ingredient_name, i.category AS ingredient_category,
            b.lot_code, b.expiry_date, b.supplier_id, b.delivery_line_id, s.name AS supplier_name
       FROM booked m
       JOIN v ON v.id = m.id
       JOIN ingredient i ON i.id = m.ingredient_id
       JOIN stock_batch b ON b.id = m.batch_id
       LEFT JOIN supplier s ON s.id = b.supplier_id
   ),
   events AS (
     INSERT INTO outbox_event (id, type, payload, org_path)
     SELECT gen_random_uuid(), $3::text,
            jsonb_build_object(
              'canteenId', $1::uuid, 'groupId', (array_agg(r.group_id ORDER BY r.seq))[1],
              'movements', jsonb_agg(jsonb_build_object(
                'movementId', r.id, 'seq', r.seq, 'kind', r.kind, 'ingredientId', r.ingredient_id,
                'batchId', r.batch_id, 'quantity', trim_scale(r.quantity)::text, 'unit', r.unit, 'costFen', r.cost_fen,
                'occurredOn', to_char(r.occurred_on, 'YYYY-MM-DD'), 'meal', r.meal, 'reason', r.reason, 'reversesId', r.reverses_id,
                'withoutDelivery', r.kind = 'stock_in' AND r.delivery_line_id IS NULL,
                'daysToExpiry', CASE WHEN r.expiry_date = $6::date THEN NULL ELSE r.expiry_date - r.occurred_on END,
                'fifoOverride', r."fifoOverride") ORDER BY r.seq)),
            $4::text
       FROM rows r
     HAVING count(*) > 0
   ),
   audit AS (
     INSERT INTO audit_log (actor_id, actor_name, ip, request_id, action, entity, entity_id, org_path, before, after)
     SELECT a."actorId", a."actorName", a.ip, a."requestId", a.action, 'stock_movement', (array_agg(r.id::text ORDER BY r.seq))[1], $4::text, NULL,
            a.after || jsonb_build_object(
              'canteenId', $1::uuid, 'groupId', (array_agg(r.group_id ORDER BY r.seq))[1], 'count', count(*),
              'firstSeq', min(r.seq), 'lastSeq', max(r.seq), 'lastHash', (array_agg(r.hash ORDER BY r.seq DESC))[1])
       FROM rows r
      CROSS JOIN jsonb_to_record($5::jsonb) AS a("actorId" uuid, "actorName" text, ip text, "requestId" text, action text, after jsonb)
      WHERE $5::jsonb IS NOT NULL
      GROUP BY a."actorId", a."actorName", a.ip, a."requestId", a.action, a.after
   )
   SELECT r.id::text, r.seq::int, r.kind, r.batch_id::text AS "batchId", r.ingredient_id::text AS "ingredientId", r.quantity::text,
          r.unit, r.unit_price_fen AS "unitPriceFen", r.cost_fen AS "costFen", to_char(r.occurred_on, 'YYYY-MM-DD') AS "occurredOn", r.meal,
          r.reason, r.reverses_id::text AS "reversesId", r.stocktake_id::text AS "stocktakeId", r.group_id::text AS "groupId",
          r.photo_file_id::text AS "photoFileId", r.created_by_id::text AS "createdById", r.created_at AS "createdAt",
          r.prev_hash AS "prevHash", r.hash,
          r.ingredient_code AS "ingredientCode", r.ingredient_name AS "ingredientName", r.ingredient_category AS "ingredientCategory",
          r.lot_code AS "lotCode", to_char(r.expiry_date, 'YYYY-MM-DD') AS "expiryDate", r.supplier_id::text AS "supplierId",
          r.delivery_line_id::text AS "deliveryLineId", r.supplier_name AS "supplierName"
     FROM rows r`,
);

/*
 * The arrays go through a materialised CTE so that the planner cannot see their values: otherwise
 * each request's plan would depend on how many lines and picked batches it has, PostgreSQL would
 * keep planning this statement afresh for every request instead of reusing its generic plan, and
 * planning it costs several times what running it does.
 */
const STOCK_OUT_CONTEXT = statement(
  'ledger_stock_out_context',
  `WITH asked AS MATERIALIZED (SELECT $3::uuid[] AS ingredients, $4::uuid[] AS fifo, $5::uuid[] AS batches)
   SELECT c.id::text, c.name, c.path,
          (SELECT to_char(h.sealed_through, 'YYYY-MM-DD') FROM ledger_head h WHERE h.canteen_id = c.id) AS "sealedThrough",
          (SELECT coalesce(json_agg(json_build_object('id', i.id, 'name', i.name, 'unit', i.unit, 'unitDecimals', i.unit_decimals)), '[]')
             FROM ingredient i WHERE i.id = ANY(a.ingredients)) AS ingredients,
          (SELECT coalesce(json_agg(json_build_object('id', s.id, 'ingredientId', s.ingredient_id, 'lotCode', s.lot_code,
                                                      'expiryDate', to_char(s.expiry_date, 'YYYY-MM-DD'), 'receivedAt', s.received_at)), '[]')
             FROM stock_batch s WHERE s.id = ANY(a.batches) AND s.canteen_id = c.id) AS picked,
          (SELECT coalesce(json_agg(json_build_object('batchId', b.batch_id, 'ingredientId', b.ingredient_id, 'quantity', b.quantity::text,
                                                      'expiryDate', to_char(s.expiry_date, 'YYYY-MM-DD'), 'receivedAt', s.received_at)
                                    ORDER BY b.batch_id), '[]')
             FROM stock_balance b JOIN stock_batch s ON s.id = b.batch_id
            WHERE b.canteen_id = c.id AND b.quantity > 0 AND (b.ingredient_id = ANY(a.fifo) OR b.batch_id = ANY(a.batches))) AS balances
     FROM asked a
     LEFT JOIN org_unit c ON c.id = $1::uuid AND c.level = 'canteen' AND c.path LIKE $2::text`,
);

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

  /**
   * The canteen in scope (null if not), its last sealed day, the lines' ingredients, the picked
   * batches of this canteen, and its positive balances of the FIFO ingredients and the picked
   * batches with what FIFO orders by: one statement, no lock.
   */
  async findStockOutContext(scope: Scope, canteenId: string, of: { ingredientIds: string[]; fifoIngredientIds: string[]; batchIds: string[] }): Promise<StockOutContext> {
    const [row] = await query<Omit<StockOutContext, 'canteen' | 'picked' | 'balances'> & CanteenRef & {
      picked: (Omit<PickedBatch, 'receivedAt'> & { receivedAt: string })[];
      balances: (Omit<FifoBalance, 'receivedAt'> & { receivedAt: string })[];
    }>(this.prisma.pool, STOCK_OUT_CONTEXT, [canteenId, `${scope.path}%`, of.ingredientIds, of.fifoIngredientIds, of.batchIds]);
    if (!row?.id) return { canteen: null, sealedThrough: null, ingredients: [], picked: [], balances: [] };
    return {
      canteen: { id: row.id, name: row.name, path: row.path },
      sealedThrough: row.sealedThrough,
      ingredients: row.ingredients,
      picked: row.picked.map((batch) => ({ ...batch, receivedAt: new Date(batch.receivedAt) })),
      balances: row.balances.map((balance) => ({ ...balance, receivedAt: new Date(balance.receivedAt) })),
    };
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
    // A FIFO stock-out picks none: four statements (the batches and their relations) for nothing.
    if (ids.length === 0) return Promise.resolve([]);
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
   * What the canteen holds of a batch (decimal text, '0' for none), locked until the
   * transaction ends (returns, write-offs, reversals): a concurrent writer of the same batch waits
   * here and then sees what is left.
   */
  async lockBalance(tx: Tx, scope: Scope, canteen: CanteenRef, batchId: string): Promise<string> {
    assertInScope(scope, canteen.path);
    const [row] = await tx.$queryRaw<{ quantity: string }[]>`
      SELECT quantity::text AS quantity FROM stock_balance
       WHERE canteen_id = ${canteen.id}::uuid AND batch_id = ${batchId}::uuid
         FOR UPDATE`;
    return row?.quantity ?? '0';
  }

  // ─── Movements ───

  /**
   * Appends movements to a canteen's ledger, in order, with the booking's `ledger.movements-booked`
   * event and, if given, its audit entry, all in one statement: inside the caller's transaction
   * (a Prisma `tx`), or on its own as a transaction of its own (the pool). Answers the movements as
   * stored (seq, hashes and cost set by the insert trigger) with the names of their batches'
   * suppliers. The stocktake books its adjustments through here too.
   */
  async bookMovements(db: Db, scope: Scope, canteen: CanteenRef, movements: NewMovement[], audit: BookingAudit | null): Promise<{ rows: MovementRow[]; suppliers: Map<string, string> }> {
    assertInScope(scope, canteen.path);
    const ids = movements.map(() => randomUUID());
    // One JSON parameter rather than an array per column: one parameter to bind whatever the number of lines.
    const values = JSON.stringify(movements.map((movement, n) => ({ ...movement, id: ids[n], n })));
    const booked = await query<BookedRow>(db, BOOK_MOVEMENTS, [canteen.id, values, MOVEMENTS_BOOKED, canteen.path, audit && JSON.stringify(audit), NO_SHELF_LIFE_EXPIRY]);
    const byId = new Map(booked.map((row) => [row.id, row]));
    const suppliers = new Map<string, string>();
    const rows = ids.map((id): MovementRow => {
      const { ingredientCode, ingredientName, ingredientCategory, lotCode, expiryDate, supplierId, deliveryLineId, supplierName, ...row } = byId.get(id)!;
      if (supplierId && supplierName) suppliers.set(supplierId, supplierName);
      return {
        ...row,
        quantity: new Prisma.Decimal(row.quantity),
        occurredOn: fromDay(row.occurredOn),
        canteenId: canteen.id,
        canteen: { id: canteen.id, name: canteen.name, path: canteen.path },
        ingredient: { id: row.ingredientId, code: ingredientCode, name: ingredientName, category: ingredientCategory },
        batch: { id: row.batchId, lotCode, expiryDate: fromDay(expiryDate), supplierId, deliveryLineId },
        reversedBy: null,
      };
    });
    return { rows, suppliers };
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
