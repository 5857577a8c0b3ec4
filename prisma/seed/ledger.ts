/**
 * Demo inventory ledger: every accepted demo batch booked into its canteen's store on the day it
 * arrived, then a month of daily issues to the kitchen taken first-expiry-first-out, Friday
 * write-offs of what expired, and at the demo school one mistaken stock-out corrected by a reversal
 * and a posted stocktake with two variances. Rows go through the ledger's insert trigger like the
 * application's, so the hash chains are real and `pnpm ledger:verify` has something to check; the
 * worker seals the past days into signed digests when it starts.
 */
import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDay } from '../../packages/shared/src/dates';
import type { Prisma, PrismaClient } from '../../apps/api/src/generated/prisma/client';
import { demoPng } from './demo-files';
import type { DemoFileStore } from './supply';
import { DEMO_SCHOOL_CODE } from './tree';

type Db = PrismaClient;
type Meal = 'breakfast' | 'lunch' | 'dinner';

/** Ingredient quantities to issue for one canteen, day and meal (the menu seed may supply its own). */
export type IssuePlanner = (canteen: { id: string; code: string }, day: string) => { meal: Meal; ingredientId: string; quantity: number }[] | null;

export interface LedgerSeedOptions {
  today?: string;
  /** Stores the write-off photos. */
  storeFile: DemoFileStore;
  /** When given and it returns lines for a day, those are issued instead of the default consumption model. */
  planIssues?: IssuePlanner;
}

interface Batch {
  id: string;
  ingredientId: string;
  ingredientCode: string;
  shelfLifeDays: number | null;
  receivedOn: string;
  receivedAt: Date;
  expiryDate: string;
  quantity: number; // thousandths of the unit
  unitDecimals: number;
  onHand: number; // thousandths
}

const toMilli = (value: Prisma.Decimal | string | number) => Math.round(Number(value) * 1000);
const fromMilli = (milli: number) => (milli / 1000).toFixed(3);
const at = (day: string, hour: number, minute: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);
const isSchoolDay = (day: string) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
const isFriday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() === 5;
/** Deterministic noise in [0, 1). */
const noise = (...parts: (string | number)[]) => {
  let h = 2166136261;
  for (const c of parts.join('|')) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
};

export async function seedLedger(prisma: Db, options: LedgerSeedOptions): Promise<{ movementsCreated: number }> {
  if ((await prisma.stockMovement.count()) > 0) return { movementsCreated: 0 };
  const today = options.today ?? shanghaiDay();
  const rows = await prisma.stockBatch.findMany({
    where: { deliveryLineId: { not: null } },
    select: {
      id: true,
      canteenId: true,
      quantity: true,
      expiryDate: true,
      receivedAt: true,
      ingredient: { select: { id: true, code: true, shelfLifeDays: true, unitDecimals: true } },
    },
    // A delivery's batches share their time: the catalogue code, not the random id, orders them, so
    // that every fresh seed counts the same batches at the demo stocktake.
    orderBy: [{ receivedAt: 'asc' }, { ingredient: { code: 'asc' } }, { id: 'asc' }],
  });
  const byCanteen = new Map<string, Batch[]>();
  for (const row of rows) {
    const list = byCanteen.get(row.canteenId) ?? [];
    list.push({
      id: row.id,
      ingredientId: row.ingredient.id,
      ingredientCode: row.ingredient.code,
      shelfLifeDays: row.ingredient.shelfLifeDays,
      receivedOn: shanghaiDay(row.receivedAt),
      receivedAt: row.receivedAt,
      expiryDate: row.expiryDate.toISOString().slice(0, 10),
      quantity: toMilli(row.quantity),
      unitDecimals: row.ingredient.unitDecimals,
      onHand: 0,
    });
    byCanteen.set(row.canteenId, list);
  }
  const canteens = await prisma.orgUnit.findMany({
    where: { id: { in: [...byCanteen.keys()] } },
    select: { id: true, code: true, parent: { select: { code: true } } },
    orderBy: { code: 'asc' },
  });

  const demoCanteenId = canteens.find((c) => c.parent?.code === DEMO_SCHOOL_CODE)?.id;
  let movementsCreated = 0;
  for (const canteen of canteens) {
    const acceptance = await prisma.acceptance.findFirst({ where: { canteenId: canteen.id }, select: { inspectorIds: true } });
    if (!acceptance) continue;
    const [managerId, staffId] = acceptance.inspectorIds as [string, string];
    const isDemo = canteen.id === demoCanteenId;
    const movements = await canteenHistory(prisma, canteen, byCanteen.get(canteen.id)!, { managerId, staffId, isDemo, today, ...options });
    movementsCreated += movements;
  }
  return { movementsCreated };
}

async function canteenHistory(
  prisma: Db,
  canteen: { id: string; code: string },
  batches: Batch[],
  context: LedgerSeedOptions & { managerId: string; staffId: string; isDemo: boolean; today: string },
): Promise<number> {
  const { managerId, staffId, isDemo, today } = context;
  const movements: Prisma.StockMovementCreateManyInput[] = [];
  const book = (m: Omit<Prisma.StockMovementCreateManyInput, 'canteenId' | 'batchId' | 'ingredientId' | 'createdById'> & { batch: Batch; createdById?: string }) => {
    const { batch, createdById, ...rest } = m;
    batch.onHand += toMilli(rest.quantity as string);
    if (batch.onHand < 0) throw new Error(`demo ledger would go negative on batch ${batch.id}`);
    const row = { ...rest, canteenId: canteen.id, batchId: batch.id, ingredientId: batch.ingredientId, createdById: createdById ?? staffId, id: rest.id ?? randomUUID() };
    movements.push(row);
    return row;
  };

  // Rates of the longer-lived ingredients: what the month brought, spread over its school days.
  const first = batches[0]!.receivedOn;
  const days: string[] = [];
  for (let day = first; day < today; day = addDays(day, 1)) days.push(day);
  const schoolDays = days.filter(isSchoolDay).length || 1;
  const monthly = new Map<string, number>();
  for (const b of batches) monthly.set(b.ingredientId, (monthly.get(b.ingredientId) ?? 0) + b.quantity);

  const fifo = (ingredientId: string, day: string) =>
    batches
      .filter((b) => b.ingredientId === ingredientId && b.onHand > 0 && b.receivedOn <= day && b.expiryDate >= day)
      .sort((a, b) => a.expiryDate.localeCompare(b.expiryDate) || a.receivedAt.getTime() - b.receivedAt.getTime());
  const issue = (ingredientId: string, wanted: number, day: string, meal: Meal, time: Date, extra: Partial<Prisma.StockMovementCreateManyInput> = {}) => {
    const groupId = randomUUID();
    let left = wanted;
    for (const batch of fifo(ingredientId, day)) {
      if (left <= 0) break;
      const step = 10 ** (3 - Math.min(3, batch.unitDecimals));
      const take = Math.floor(Math.min(left, batch.onHand) / step) * step;
      if (take <= 0) continue;
      book({ batch, kind: 'stock_out', quantity: fromMilli(-take), occurredOn: new Date(`${day}T00:00:00Z`), meal, groupId, createdAt: time, ...extra });
      left -= take;
    }
    return wanted - left;
  };

  const lastSchoolDays = days.filter(isSchoolDay).slice(-3);
  let stocktake: Prisma.StocktakeUncheckedCreateInput | null = null;
  let photoId: string | null = null;
  const writeOffPhoto = async () =>
    (photoId ??= await context.storeFile(`seed/ledger/${canteen.code}/write-off.png`, '报损照片.png', demoPng(`write-off-${canteen.code}`), {
      supplierId: null,
      uploadedById: staffId,
      retainUntil: addDays(today, 730),
    }));

  for (const day of days) {
    // 入库: each batch that arrived today, ten minutes after its acceptance.
    for (const batch of batches.filter((b) => b.receivedOn === day)) {
      book({ batch, kind: 'stock_in', quantity: fromMilli(batch.quantity), occurredOn: new Date(`${day}T00:00:00Z`), groupId: randomUUID(), createdAt: new Date(batch.receivedAt.getTime() + 10 * 60_000) });
    }
    if (!isSchoolDay(day)) continue;

    const planned = context.planIssues?.(canteen, day);
    if (planned && planned.length > 0) {
      for (const line of planned) issue(line.ingredientId, Math.round(line.quantity * 1000), day, line.meal, at(day, line.meal === 'breakfast' ? 6 : line.meal === 'lunch' ? 10 : 16, 30));
    } else {
      // The default model: what keeps for a week or less is cooked as it comes; the rest
      // at the month's average rate. Milk and yoghurt go to breakfast.
      for (const ingredientId of new Set(batches.filter((b) => b.receivedOn <= day).map((b) => b.ingredientId))) {
        const sample = batches.find((b) => b.ingredientId === ingredientId)!;
        const perishable = sample.shelfLifeDays !== null && sample.shelfLifeDays <= 7;
        const onHand = fifo(ingredientId, day).reduce((sum, b) => sum + b.onHand, 0);
        // Keyed by the catalogue code, not the row id, so that every fresh seed books the same quantities.
        const chance = noise(canteen.code, day, sample.ingredientCode);
        // Now and then a tenth of a fresh delivery is left over; it expires and is written off on Friday.
        const wanted = Math.round(perishable ? onHand * (chance < 0.05 ? 0.9 : 1) : (monthly.get(ingredientId)! / schoolDays) * (0.96 + chance * 0.04));
        if (wanted <= 0) continue;
        const meal: Meal = sample.ingredientCode.startsWith('D') ? 'breakfast' : 'lunch';
        issue(ingredientId, wanted, day, meal, at(day, meal === 'breakfast' ? 6 : 10, 30 + Math.floor(noise(day, sample.ingredientCode) * 20)));
      }
    }

    // 报损 on Fridays: what expired this week, with a photo and the reason.
    if (isFriday(day)) {
      const expired = batches.filter((b) => b.onHand > 0 && b.expiryDate < day);
      for (const batch of expired) {
        book({
          batch,
          kind: 'write_off',
          quantity: fromMilli(-batch.onHand),
          occurredOn: new Date(`${day}T00:00:00Z`),
          reason: '超过保质期，按规定报损销毁',
          photoFileId: await writeOffPhoto(),
          groupId: randomUUID(),
          createdAt: at(day, 15, 30),
        });
      }
    }

    if (isDemo && day === addDays(today, -5)) demoCorrections(day);
    if (isDemo && day === lastSchoolDays[0]) countStock(day);
  }

  function demoCorrections(day: string) {
    // A slip of the finger when lunch's second draw of rice is booked in the afternoon: 50 kg instead of 5,
    // reversed with the reason, then issued right (lunch: the demo school serves no dinner).
    const rice = batches.find((b) => b.ingredientCode === 'G001' && b.onHand >= 50_000 && b.expiryDate >= day);
    if (!rice) return;
    const occurredOn = new Date(`${day}T00:00:00Z`);
    const wrong = book({ batch: rice, kind: 'stock_out', quantity: fromMilli(-50_000), occurredOn, meal: 'lunch', groupId: randomUUID(), createdAt: at(day, 16, 5) });
    book({
      batch: rice,
      kind: 'reversal',
      quantity: fromMilli(50_000),
      occurredOn,
      meal: 'lunch',
      reversesId: wrong.id,
      reason: '录入错误：5 公斤误录为 50 公斤，冲正后按实际重新出库',
      groupId: randomUUID(),
      createdAt: at(day, 16, 12),
      createdById: managerId,
    });
    book({ batch: rice, kind: 'stock_out', quantity: fromMilli(-5_000), occurredOn, meal: 'lunch', groupId: randomUUID(), createdAt: at(day, 16, 14) });
  }

  /** 盘点 after lunch: two lines differ from the book (a little short, a little over), booked as adjustments. */
  function countStock(day: string) {
    const counted = batches.filter((b) => b.onHand > 0).slice(0, 12);
    if (counted.length < 2) return;
    const [short, over] = counted as [Batch, Batch];
    const variance = new Map([
      [short, -Math.min(short.onHand, 500)],
      [over, 300],
    ]);
    const countedAt = at(day, 17, 0);
    const id = randomUUID();
    stocktake = {
      id,
      canteenId: canteen.id,
      countedOn: new Date(`${day}T00:00:00Z`),
      status: 'posted',
      note: '周五例行盘点',
      createdById: staffId,
      createdAt: countedAt,
      postedById: managerId,
      postedAt: new Date(countedAt.getTime() + 20 * 60_000),
      lines: {
        create: counted.map((b) => {
          const v = variance.get(b) ?? 0;
          return {
            batchId: b.id,
            ingredientId: b.ingredientId,
            bookQuantity: fromMilli(b.onHand),
            countedQuantity: fromMilli(b.onHand + v),
            reason: v < 0 ? '称重损耗（水分流失）' : v > 0 ? '上次出库称量偏多，实物多于账面' : null,
          };
        }),
      },
    };
    for (const [batch, v] of variance) {
      book({
        batch,
        kind: 'adjustment',
        quantity: fromMilli(v),
        occurredOn: new Date(`${day}T00:00:00Z`),
        stocktakeId: id,
        reason: v < 0 ? '盘亏：称重损耗（水分流失）' : '盘盈：上次出库称量偏多',
        groupId: id,
        createdAt: new Date(countedAt.getTime() + 20 * 60_000),
        createdById: managerId,
      });
    }
  }

  // The count sheet first: its adjustments refer to it.
  if (stocktake) await prisma.stocktake.create({ data: stocktake });
  for (let i = 0; i < movements.length; i += 500) {
    await prisma.stockMovement.createMany({ data: movements.slice(i, i + 500) });
  }
  return movements.length;
}
