import { randomUUID } from 'node:crypto';
import { type MovementKind, type Meal, addDays, shanghaiDay } from '@canteen/shared';
import { createDelivery } from '@test/e2e/trace-fixtures';
import { testPrisma } from './prisma';
import { type TestIngredient, type TestSupplier, createContract, createSupplier } from './supply.factory';
import type { TestUnit } from './tree.factory';

/**
 * The inventory ledger's test data, written straight to the database as superuser: accepted batches
 * shaped as the deliveries module stores them, and movements inserted through the ledger's own
 * insert trigger (which sets seq, hashes, cost and the balance), so chains are real.
 */

let counter = 0;
const tag = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.floor(Math.random() * 1e4)}`;
const asDay = (day: string) => new Date(`${day}T00:00:00Z`);

export const ledgerToday = () => shanghaiDay();
export const ledgerDay = (daysFromToday: number) => addDays(shanghaiDay(), daysFromToday);

export interface BatchSpec {
  ingredient: TestIngredient;
  quantity: string;
  /** 'YYYY-MM-DD'; default five days from today. */
  expiryDate?: string;
  productionDate?: string;
  unitPriceFen?: number;
  lotCode?: string;
}

export interface AcceptedBatches {
  manifestId: string;
  code: string;
  supplier: TestSupplier;
  /** In the order of the specs. */
  batchIds: string[];
}

/** The school a canteen belongs to, read from its path. */
const schoolIdOf = (canteen: TestUnit) => canteen.path.split('/').filter(Boolean).at(-2)!;

/**
 * One accepted delivery to the canteen with one batch per spec (pending stock-in: no movement yet).
 * A supplier and a contract are created unless given.
 */
export async function createAcceptedBatches(
  canteen: TestUnit,
  specs: BatchSpec[],
  options: { supplier?: TestSupplier; contractId?: string; deliveryDate?: string; acceptedAt?: Date } = {},
): Promise<AcceptedBatches> {
  const supplier = options.supplier ?? (await createSupplier());
  const contractId = options.contractId ?? (await createContract(supplier, { ...canteen, id: schoolIdOf(canteen), level: 'school' }, [canteen])).id;
  const deliveryDate = options.deliveryDate ?? ledgerToday();
  const delivery = await createDelivery({
    supplier,
    canteen,
    contractId,
    deliveryDate,
    acceptedAt: options.acceptedAt ?? new Date(),
    lines: specs.map((spec) => ({
      ingredient: spec.ingredient,
      lotCode: spec.lotCode ?? `LOT-${tag()}`,
      quantity: spec.quantity,
      unitPriceFen: spec.unitPriceFen ?? 1000,
      productionDate: spec.productionDate ?? addDays(deliveryDate, -1),
      expiryDate: spec.expiryDate ?? ledgerDay(5),
    })),
  });
  return { manifestId: delivery.manifestId, code: delivery.code, supplier, batchIds: delivery.batchIds };
}

export interface TestMovement {
  id: string;
  seq: number;
  kind: string;
  batchId: string;
  quantity: string;
  costFen: number;
  prevHash: string;
  hash: string;
}

export interface MovementSpec {
  batchId: string;
  kind: MovementKind;
  /** Signed: + into stock, − out of it. */
  quantity: string;
  occurredOn?: string;
  meal?: Meal;
  reason?: string;
  reversesId?: string;
  stocktakeId?: string;
  groupId?: string;
  photoFileId?: string;
  /** Any user id; a random one by default. */
  createdById?: string;
}

/** Inserts a movement through the ledger's trigger (seq, hash, cost, balance), as the application does. */
export async function insertMovement(spec: MovementSpec): Promise<TestMovement> {
  const db = testPrisma();
  const batch = await db.stockBatch.findUniqueOrThrow({ where: { id: spec.batchId }, select: { canteenId: true, ingredientId: true } });
  const row = await db.stockMovement.create({
    data: {
      canteenId: batch.canteenId,
      kind: spec.kind,
      batchId: spec.batchId,
      ingredientId: batch.ingredientId,
      quantity: spec.quantity,
      occurredOn: asDay(spec.occurredOn ?? ledgerToday()),
      meal: spec.meal ?? null,
      reason: spec.reason ?? null,
      reversesId: spec.reversesId ?? null,
      stocktakeId: spec.stocktakeId ?? null,
      groupId: spec.groupId ?? randomUUID(),
      photoFileId: spec.photoFileId ?? null,
      createdById: spec.createdById ?? randomUUID(),
    },
    select: { id: true, seq: true, kind: true, batchId: true, quantity: true, costFen: true, prevHash: true, hash: true },
  });
  return { ...row, quantity: row.quantity.toFixed() };
}

/** Books each batch's stock-in (its accepted quantity), in order. */
export async function bookStockIns(batchIds: string[], options: { occurredOn?: string; createdById?: string } = {}): Promise<TestMovement[]> {
  const db = testPrisma();
  const booked: TestMovement[] = [];
  const groupId = randomUUID();
  for (const batchId of batchIds) {
    const { quantity } = await db.stockBatch.findUniqueOrThrow({ where: { id: batchId }, select: { quantity: true } });
    booked.push(await insertMovement({ ...options, batchId, kind: 'stock_in', quantity: quantity.toFixed(), groupId }));
  }
  return booked;
}

/** Accepted batches already booked into the store: what most ledger tests start from. */
export async function createStockedBatches(
  canteen: TestUnit,
  specs: BatchSpec[],
  options: Parameters<typeof createAcceptedBatches>[2] & { occurredOn?: string; createdById?: string } = {},
): Promise<AcceptedBatches & { stockIns: TestMovement[] }> {
  const accepted = await createAcceptedBatches(canteen, specs, options);
  return { ...accepted, stockIns: await bookStockIns(accepted.batchIds, options) };
}

/** Seals the canteen's ledger through a day, as the daily digest would (no movement may be dated on or before it). */
export async function sealLedgerThrough(canteenId: string, day: string | null): Promise<void> {
  await testPrisma().$executeRaw`
    INSERT INTO ledger_head (canteen_id, seq, hash, sealed_through) VALUES (${canteenId}::uuid, 0, repeat('0', 64), ${day}::date)
    ON CONFLICT (canteen_id) DO UPDATE SET sealed_through = EXCLUDED.sealed_through`;
}

/** The on-hand quantity of a batch ('0' without a balance row). */
export async function batchBalance(batchId: string): Promise<string> {
  const row = await testPrisma().stockBalance.findUnique({ where: { batchId }, select: { quantity: true } });
  return row ? row.quantity.toFixed() : '0';
}

export interface LedgerCounts {
  movements: number;
  batches: number;
  /** Sum of all balances. */
  on_hand: number;
  stocktakes: number;
  stocktake_lines: number;
  files: number;
  events: number;
  audits: number;
}

/** Row counts of everything a ledger request can write, to prove that a refused one stored nothing. */
export async function ledgerCounts(): Promise<LedgerCounts> {
  const [row] = await testPrisma().$queryRawUnsafe<Record<string, bigint>[]>(`
    SELECT (SELECT count(*) FROM stock_movement) AS movements,
           (SELECT count(*) FROM stock_batch) AS batches,
           (SELECT coalesce(sum(quantity), 0)::text FROM stock_balance) AS on_hand,
           (SELECT count(*) FROM stocktake) AS stocktakes,
           (SELECT count(*) FROM stocktake_line) AS stocktake_lines,
           (SELECT count(*) FROM stored_file) AS files,
           (SELECT count(*) FROM outbox_event) AS events,
           (SELECT count(*) FROM audit_log) AS audits`);
  return Object.fromEntries(Object.entries(row!).map(([key, value]) => [key, Number(value)])) as unknown as LedgerCounts;
}
