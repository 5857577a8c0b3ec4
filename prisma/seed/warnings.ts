/**
 * Demo risk warnings: the domain events that the demo history implies, written to the outbox as the
 * business writes them (with the time they would have been committed), so that the rule engine
 * raises the alerts — nothing here writes an alert. They are: one stock-in booked at the demo
 * canteen this morning without a delivery (a real ledger movement), the stock-outs that issued
 * batches on or past their expiry day and the Friday write-offs (each as its booking's event), the
 * demo school's stocktake variances, and the licences that expire within the month.
 * `apps/api/src/cli/demo-alerts.ts` then lets the older ones run their course (see there); the
 * worker evaluates the rest on its first start.
 */
import { createHash } from 'node:crypto';
import { EXPIRY_WARNING_DAYS, addDays, shanghaiDay } from '../../packages/shared/src';
import type { Prisma, PrismaClient } from '../../apps/api/src/generated/prisma/client';
import { DEMO_SCHOOL_CODE } from './tree';

type Db = PrismaClient;

/** Stable ids: a second run of the seed finds its events and adds nothing. */
export function demoEventId(name: string): string {
  const h = createHash('sha1').update(`canteen-demo-warnings:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const MANUAL_LOT = 'SEED-MANUAL-0001';

interface MovementRow {
  id: string;
  canteen_id: string;
  group_id: string;
  seq: number;
  kind: string;
  batch_id: string;
  ingredient_id: string;
  quantity: string;
  unit: string;
  cost_fen: number;
  occurred_on: Date;
  meal: string | null;
  reason: string | null;
  reverses_id: string | null;
  created_at: Date;
  expiry_date: Date;
  manual: boolean;
  path: string;
}

/** The `ledger.movements-booked` event of one booking: its movements, in chain order. */
function bookingEvent(rows: MovementRow[]): Prisma.OutboxEventCreateManyInput {
  const first = rows[0]!;
  return {
    id: demoEventId(`booking:${first.group_id}`),
    type: 'ledger.movements-booked',
    orgPath: first.path,
    createdAt: first.created_at,
    payload: {
      canteenId: first.canteen_id,
      groupId: first.group_id,
      movements: rows.map((m) => ({
        movementId: m.id,
        seq: m.seq,
        kind: m.kind,
        ingredientId: m.ingredient_id,
        batchId: m.batch_id,
        quantity: m.quantity,
        unit: m.unit,
        costFen: m.cost_fen,
        occurredOn: day(m.occurred_on),
        meal: m.meal,
        reason: m.reason,
        reversesId: m.reverses_id,
        withoutDelivery: m.manual && m.kind === 'stock_in',
        daysToExpiry: daysBetween(day(m.occurred_on), day(m.expiry_date)),
        fifoOverride: null,
      })),
    },
  };
}

/** The events of the bookings holding the movements that `picked` (a query of movement ids, taking $1) names, each with all its movements. */
async function bookingEvents(prisma: Db, picked: string, param: unknown): Promise<Prisma.OutboxEventCreateManyInput[]> {
  const rows = await prisma.$queryRawUnsafe<MovementRow[]>(
    `SELECT m.id, m.canteen_id, m.group_id, m.seq, m.kind, m.batch_id, m.ingredient_id, m.quantity::text AS quantity, m.unit, m.cost_fen,
            m.occurred_on, m.meal, m.reason, m.reverses_id, m.created_at, b.expiry_date, b.delivery_line_id IS NULL AS manual, u.path
       FROM stock_movement m JOIN stock_batch b ON b.id = m.batch_id JOIN org_unit u ON u.id = m.canteen_id
      WHERE m.group_id IN (SELECT group_id FROM stock_movement WHERE id IN (${picked}))
      ORDER BY m.canteen_id, m.seq`,
    param,
  );
  const bookings = new Map<string, MovementRow[]>();
  for (const row of rows) bookings.set(row.group_id, [...(bookings.get(row.group_id) ?? []), row]);
  return [...bookings.values()].map(bookingEvent);
}

export async function seedWarningEvents(prisma: Db, options: { now?: Date } = {}): Promise<{ eventsCreated: number }> {
  const now = options.now ?? new Date();
  const today = shanghaiDay(now);
  if ((await prisma.stockMovement.count()) === 0) return { eventsCreated: 0 };
  const events: Prisma.OutboxEventCreateManyInput[] = [];

  // 入库无验收: eggs bought at the morning market when the delivery van broke down, booked by hand.
  const demoCanteen = await prisma.orgUnit.findFirst({ where: { parent: { code: DEMO_SCHOOL_CODE }, level: 'canteen' }, select: { id: true } });
  if (demoCanteen) {
    let batch = await prisma.stockBatch.findFirst({ where: { lotCode: MANUAL_LOT, canteenId: demoCanteen.id }, select: { id: true } });
    const eggs = await prisma.stockBatch.findFirst({
      where: { canteenId: demoCanteen.id, ingredient: { name: { contains: '蛋' } } },
      select: { ingredientId: true, unit: true, unitPriceFen: true, ingredient: { select: { shelfLifeDays: true } } },
    });
    const staff = await prisma.user.findFirst({ where: { username: 'canteen_staff_demo' }, select: { id: true } });
    if (!batch && eggs && staff) {
      const bookedAt = new Date(Math.min(now.getTime() - 30 * 60_000, Date.parse(`${today}T07:10:00+08:00`)));
      const bookedOn = shanghaiDay(bookedAt);
      batch = await prisma.stockBatch.create({
        data: {
          canteenId: demoCanteen.id,
          ingredientId: eggs.ingredientId,
          lotCode: MANUAL_LOT,
          quantity: '15.000',
          unit: eggs.unit,
          unitPriceFen: eggs.unitPriceFen + 80,
          productionDate: new Date(`${bookedOn}T00:00:00Z`),
          expiryDate: new Date(`${addDays(bookedOn, eggs.ingredient.shelfLifeDays ?? 15)}T00:00:00Z`),
          receivedAt: bookedAt,
          manualReason: '配送车辆故障当日未到货，早市临时采购',
        },
        select: { id: true },
      });
      await prisma.stockMovement.create({
        data: {
          canteenId: demoCanteen.id,
          kind: 'stock_in',
          batchId: batch.id,
          ingredientId: eggs.ingredientId,
          quantity: '15.000',
          unit: eggs.unit,
          unitPriceFen: eggs.unitPriceFen + 80,
          costFen: 15 * (eggs.unitPriceFen + 80),
          occurredOn: new Date(`${bookedOn}T00:00:00Z`),
          reason: '配送车辆故障当日未到货，早市临时采购',
          groupId: demoEventId('manual-stock-in-group'),
          createdById: staff.id,
          createdAt: bookedAt,
        },
      });
    }
    if (batch) events.push(...(await bookingEvents(prisma, `SELECT id FROM stock_movement WHERE batch_id = $1::uuid AND kind = 'stock_in'`, batch.id)));
  }

  // 临期/过期出库 and 报损: what the ledger's own bookings would have announced in the last fortnight.
  const since = new Date(`${addDays(today, -14)}T00:00:00Z`);
  const issues = `SELECT m.id FROM stock_movement m JOIN stock_batch b ON b.id = m.batch_id
                   WHERE m.kind = 'stock_out' AND m.occurred_on >= $1 AND b.expiry_date - m.occurred_on <= 1 ORDER BY m.created_at DESC LIMIT 40`;
  const writeOffs = `SELECT id FROM stock_movement WHERE kind = 'write_off' AND occurred_on >= $1 ORDER BY created_at DESC LIMIT 40`;
  events.push(...(await bookingEvents(prisma, issues, since)), ...(await bookingEvents(prisma, writeOffs, since)));

  // 盘点差异: the posted stocktakes, line by line against the book.
  const stocktakes = await prisma.stocktake.findMany({
    where: { status: 'posted' },
    select: {
      id: true,
      canteenId: true,
      postedAt: true,
      canteen: { select: { path: true } },
      lines: { select: { batchId: true, ingredientId: true, bookQuantity: true, countedQuantity: true } },
    },
  });
  const counted = stocktakes.flatMap((s) => s.lines.map((line) => line.batchId));
  const prices = new Map((await prisma.stockBatch.findMany({ where: { id: { in: counted } }, select: { id: true, unitPriceFen: true } })).map((b) => [b.id, b.unitPriceFen]));
  for (const stocktake of stocktakes) {
    const lines = stocktake.lines
      .flatMap((line) => (line.countedQuantity === null ? [] : [{ ...line, countedQuantity: line.countedQuantity }]))
      .map((line) => {
        const book = Number(line.bookQuantity);
        const variance = Number(line.countedQuantity) - book;
        return {
          batchId: line.batchId,
          ingredientId: line.ingredientId,
          book: line.bookQuantity.toFixed(3),
          counted: line.countedQuantity.toFixed(3),
          variance: variance.toFixed(3),
          share: book === 0 ? null : Math.abs(variance) / book,
          varianceFen: Math.round(variance * (prices.get(line.batchId) ?? 0)),
        };
      })
      .filter((line) => line.variance !== '0.000' && line.variance !== '-0.000');
    if (lines.length === 0) continue;
    events.push({
      id: demoEventId(`stocktake:${stocktake.id}`),
      type: 'ledger.stocktake-variance',
      orgPath: stocktake.canteen.path,
      createdAt: stocktake.postedAt ?? now,
      payload: { stocktakeId: stocktake.id, canteenId: stocktake.canteenId, lines },
    });
  }

  // 证照到期: what this morning's 06:00 licence check announces.
  const checkedAt = new Date(Math.min(now.getTime() - 60 * 60_000, Date.parse(`${today}T06:00:00+08:00`)));
  const documents = await prisma.supplierDocument.findMany({
    where: { expiresOn: { lte: new Date(`${addDays(today, EXPIRY_WARNING_DAYS)}T00:00:00Z`) } },
    select: { id: true, kind: true, number: true, expiresOn: true, supplier: { select: { id: true, name: true } }, farmBase: { select: { id: true, name: true } } },
  });
  for (const doc of documents) {
    const expiresOn = day(doc.expiresOn!);
    const expired = expiresOn < today;
    events.push({
      id: demoEventId(`licence:${doc.id}:${expired ? 'expired' : 'expiring'}`),
      type: expired ? 'supplier.licence-expired' : 'supplier.licence-expiring',
      orgPath: null,
      createdAt: checkedAt,
      payload: {
        documentId: doc.id,
        supplierId: doc.supplier.id,
        supplierName: doc.supplier.name,
        farmBaseId: doc.farmBase?.id ?? null,
        farmBaseName: doc.farmBase?.name ?? null,
        kind: doc.kind,
        number: doc.number,
        expiresOn,
        day: shanghaiDay(checkedAt),
      },
    });
  }

  const { count } = await prisma.outboxEvent.createMany({ data: events, skipDuplicates: true });
  return { eventsCreated: count };
}
