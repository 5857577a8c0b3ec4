import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GENESIS_HASH, NO_SHELF_LIFE_EXPIRY, type TStockMovement, ZBookedMovement, ZMovementsBookedEvent } from '@canteen/shared';
import pg from 'pg';
import { z } from 'zod';
import { PrismaService } from '@/common/prisma/prisma.service';
import {
  batchBalance,
  bookStockIns,
  createAcceptedBatches,
  createStockedBatches,
  insertMovement,
  ledgerCounts,
  ledgerDay,
  ledgerToday,
  sealLedgerThrough,
} from '@test/factories/ledger.factory';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestIngredient, createIngredient, createSupplier } from '@test/factories/supply.factory';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { type TestUser, createUser } from '@test/factories/user.factory';
import { JPEG, PDF } from '@test/fixtures/deliveries';
import { auditEntriesAfter, lastAuditId } from '@test/support/db-state';
import { eventually } from '@test/support/eventually';
import { type Session, signIn, startApp } from './harness';

jest.setTimeout(60_000);

/**
 * The `ledger.movements-booked` events that carry these movements (held to the shared contract,
 * strictly), and each movement's entry in them, in the order of the ids.
 */
async function bookingEvents(ids: string[]) {
  const strict = ZMovementsBookedEvent.extend({ movements: z.array(ZBookedMovement.strict()).min(1) }).strict();
  const events = (await testPrisma().outboxEvent.findMany({ where: { type: 'ledger.movements-booked' }, orderBy: { createdAt: 'asc' } }))
    .map((event) => ({ ...event, payload: strict.parse(event.payload) }))
    .filter((event) => event.payload.movements.some((m) => ids.includes(m.movementId)));
  const entries = new Map(events.flatMap((event) => event.payload.movements.map((m) => [m.movementId, m] as const)));
  return { events, movements: ids.map((id) => entries.get(id)) };
}

describe('ledger movements (出入库)', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let users: Record<'manager' | 'staff' | 'staffB' | 'officialA' | 'officialB', TestUser>;
  let manager: Session;
  let staff: Session;
  let staffB: Session;
  let officialA: Session;
  let officialB: Session;
  const today = ledgerToday();

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    users = {
      manager: await createUser('canteen_manager', tree.schoolA),
      staff: await createUser('canteen_staff', tree.schoolA),
      staffB: await createUser('canteen_staff', tree.schoolB),
      officialA: await createUser('official_viewer', tree.countyA),
      officialB: await createUser('official_viewer', tree.countyB),
    };
    [manager, staff, staffB, officialA, officialB] = await Promise.all([
      signIn(app, users.manager),
      signIn(app, users.staff),
      signIn(app, users.staffB),
      signIn(app, users.officialA),
      signIn(app, users.officialB),
    ]);
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  /** A fresh catalogue item per test, so balances of one test never meet another's. */
  const vegetable = (unit = 'kg') => createIngredient({ category: 'vegetables', unit });
  const stockOut = (lines: object[], extra: Record<string, unknown> = {}, session = manager) =>
    session.post('/api/ledger/stock-outs', { canteenId: tree.canteenA1.id, occurredOn: today, meal: 'lunch', lines, ...extra });
  const uploadPhoto = async (session: Session) => {
    const response = await session.agent.post('/api/ledger/photos').set('x-csrf-token', session.csrf).attach('file', JPEG, '变质.jpg');
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  /** Runs a request that must be refused, and proves it stored nothing. */
  async function refused(request: () => PromiseLike<{ status: number; body: { error: string; message: string; messageEn: string } }>, status: number, error?: string) {
    const before = await ledgerCounts();
    const response = await request();
    expect({ status: response.status, error: response.body.error }).toEqual({ status, error: error ?? expect.any(String) });
    expect(response.body.message).toEqual(expect.any(String));
    expect(response.body.messageEn).toEqual(expect.any(String));
    expect(await ledgerCounts()).toEqual(before);
    return response.body;
  }

  describe('stock-in from an accepted delivery (入库)', () => {
    it('lists the accepted batches as pending, books them once with chain, cost, balance, event and audit', async () => {
      const cabbage = await vegetable();
      const eggs = await createIngredient({ category: 'eggs', unit: 'piece' });
      const delivery = await createAcceptedBatches(tree.canteenA2, [
        { ingredient: cabbage, quantity: '12.5', unitPriceFen: 333, expiryDate: ledgerDay(2) },
        { ingredient: eggs, quantity: '120', unitPriceFen: 80, expiryDate: ledgerDay(20) },
      ]);

      const pending = await manager.get(`/api/ledger/pending-stock-ins?canteenId=${tree.canteenA2.id}`);
      expect(pending.status).toBe(200);
      const entry = pending.body.find((p: { manifest: { id: string } }) => p.manifest.id === delivery.manifestId);
      expect(entry.manifest).toMatchObject({ code: delivery.code, deliveryDate: today, supplier: { id: delivery.supplier.id, name: delivery.supplier.name } });
      expect(entry.batches.map((b: { batchId: string }) => b.batchId)).toEqual(delivery.batchIds);
      expect(entry.batches[0]).toMatchObject({ quantity: '12.5', unitPriceFen: 333, expiryDate: ledgerDay(2), daysToExpiry: 2, expiryState: 'near_expiry' });

      const audit = await lastAuditId();
      const response = await manager.post('/api/ledger/stock-ins', { batchIds: delivery.batchIds, occurredOn: today });
      expect(response.status).toBe(201);
      const [first, second] = response.body as TStockMovement[];
      expect(first).toMatchObject({
        kind: 'stock_in',
        seq: 1,
        prevHash: GENESIS_HASH,
        canteen: { id: tree.canteenA2.id },
        ingredient: { id: cabbage.id, code: cabbage.code },
        batch: { id: delivery.batchIds[0], supplier: { id: delivery.supplier.id, name: delivery.supplier.name } },
        quantity: '12.5',
        unit: 'kg',
        unitPriceFen: 333,
        // 12.5 × 333 = 4162.5 → 4163 fen
        costFen: 4163,
        occurredOn: today,
        createdBy: { id: users.manager.id, name: '测试canteen_manager' },
        reversesId: null,
        reversedById: null,
      });
      expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(second).toMatchObject({ seq: 2, prevHash: first!.hash, quantity: '120', costFen: 9600, groupId: first!.groupId });

      expect(await batchBalance(delivery.batchIds[0]!)).toBe('12.5');
      const balances = await manager.get(`/api/ledger/balances?canteenId=${tree.canteenA2.id}&ingredientId=${cabbage.id}`);
      expect(balances.body).toEqual([
        expect.objectContaining({ ingredient: expect.objectContaining({ id: cabbage.id }), quantity: '12.5', unit: 'kg', valueFen: 4163, batches: [expect.objectContaining({ batchId: delivery.batchIds[0], quantity: '12.5' })] }),
      ]);

      const after = await manager.get(`/api/ledger/pending-stock-ins?canteenId=${tree.canteenA2.id}`);
      expect(after.body.find((p: { manifest: { id: string } }) => p.manifest.id === delivery.manifestId)).toBeUndefined();

      // One event for the booking, carrying both movements in chain order.
      const { events, movements } = await bookingEvents([first!.id, second!.id]);
      expect(events).toHaveLength(1);
      expect(events[0]!.orgPath).toBe(tree.canteenA2.path);
      expect(events[0]!.payload).toMatchObject({ canteenId: tree.canteenA2.id, groupId: first!.groupId });
      expect(events[0]!.payload.movements.map((m) => m.movementId)).toEqual([first!.id, second!.id]);
      expect(movements[0]).toEqual({
        movementId: first!.id,
        seq: 1,
        kind: 'stock_in',
        ingredientId: cabbage.id,
        batchId: delivery.batchIds[0],
        quantity: '12.5',
        unit: 'kg',
        costFen: 4163,
        occurredOn: today,
        meal: null,
        reason: null,
        reversesId: null,
        withoutDelivery: false,
        daysToExpiry: 2,
        fifoOverride: null,
      });
      expect(await auditEntriesAfter(audit)).toEqual([
        expect.objectContaining({ action: 'stock_in', entity: 'stock_movement', entityId: first!.id, orgPath: tree.canteenA2.path, actorId: users.manager.id }),
      ]);

      const twice = await refused(() => manager.post('/api/ledger/stock-ins', { batchIds: [delivery.batchIds[0]], occurredOn: today }), 409, 'ALREADY_STOCKED_IN');
      expect(twice.message).toContain('已入库');
    });

    it('refuses a batch of another county (404) and a day before the delivery was received', async () => {
      const beans = await vegetable();
      const theirs = await createAcceptedBatches(tree.canteenB, [{ ingredient: beans, quantity: '3' }]);
      await refused(() => manager.post('/api/ledger/stock-ins', { batchIds: theirs.batchIds, occurredOn: today }), 404);
      const ours = await createAcceptedBatches(tree.canteenA1, [{ ingredient: beans, quantity: '3' }]);
      await refused(() => manager.post('/api/ledger/stock-ins', { batchIds: ours.batchIds, occurredOn: ledgerDay(-1) }), 400, 'BATCH_NOT_YET_RECEIVED');
      // Even a stock-in mixing one's own batch with a foreign one stores nothing.
      await refused(() => manager.post('/api/ledger/stock-ins', { batchIds: [...ours.batchIds, ...theirs.batchIds], occurredOn: today }), 404);
    });
  });

  describe('manual stock-in (no delivery)', () => {
    it('creates a batch with the reason and a MANUAL lot code, flagged in its event', async () => {
      const tofu = await createIngredient({ category: 'soy_nuts', unit: 'kg', shelfLifeDays: 3 });
      const supplier = await createSupplier();
      const body = { canteenId: tree.canteenA1.id, ingredientId: tofu.id, supplierId: supplier.id, quantity: '4.5', unitPriceFen: 600, productionDate: today, expiryDate: null, occurredOn: today, reason: '配送未到，临时从菜市场采购' };
      const response = await staff.post('/api/ledger/manual-stock-ins', body);
      expect(response.status).toBe(201);
      const movement = response.body as TStockMovement;
      const compact = today.replaceAll('-', '');
      expect(movement).toMatchObject({ kind: 'stock_in', quantity: '4.5', costFen: 2700, reason: body.reason, batch: { lotCode: `MANUAL-${compact}-1`, expiryDate: ledgerDay(3), supplier: { id: supplier.id } } });
      const batch = await testPrisma().stockBatch.findUniqueOrThrow({ where: { id: movement.batch.id } });
      expect(batch).toMatchObject({ deliveryLineId: null, supplierId: supplier.id, manualReason: body.reason, canteenId: tree.canteenA1.id });
      const { movements: [event] } = await bookingEvents([movement.id]);
      expect(event).toMatchObject({ kind: 'stock_in', withoutDelivery: true, daysToExpiry: 3 });

      const second = await staff.post('/api/ledger/manual-stock-ins', { ...body, supplierId: undefined, expiryDate: '2099-01-01' });
      expect(second.body.batch).toMatchObject({ lotCode: `MANUAL-${compact}-2`, supplier: null, expiryDate: '2099-01-01' });
    });

    it('keeps a product without a shelf life as such', async () => {
      const salt = await createIngredient({ category: 'salt', unit: 'bag', shelfLifeDays: null });
      const response = await staff.post('/api/ledger/manual-stock-ins', { canteenId: tree.canteenA1.id, ingredientId: salt.id, quantity: 2, unitPriceFen: 250, productionDate: ledgerDay(-30), expiryDate: null, occurredOn: today, reason: '临时补货' });
      expect(response.status).toBe(201);
      expect(response.body.batch.expiryDate).toBeNull();
      const batch = await testPrisma().stockBatch.findUniqueOrThrow({ where: { id: response.body.batch.id } });
      expect(batch.expiryDate.toISOString().slice(0, 10)).toBe(NO_SHELF_LIFE_EXPIRY);
    });

    it('refuses a blacklisted or unknown supplier, a forbidden food, an expired product', async () => {
      const rice = await createIngredient({ category: 'grains', unit: 'kg', shelfLifeDays: 365 });
      const banned = await createIngredient({ name: `四季豆${Date.now()}`, category: 'vegetables' });
      const blacklisted = await createSupplier({ blacklisted: true });
      const base = { canteenId: tree.canteenA1.id, ingredientId: rice.id, quantity: '10', unitPriceFen: 500, productionDate: ledgerDay(-2), expiryDate: null, occurredOn: today, reason: '临时采购' };
      await refused(() => staff.post('/api/ledger/manual-stock-ins', { ...base, supplierId: blacklisted.id }), 409, 'SUPPLIER_BLACKLISTED');
      await refused(() => staff.post('/api/ledger/manual-stock-ins', { ...base, supplierId: '00000000-0000-4000-8000-000000000000' }), 404, 'SUPPLIER_NOT_FOUND');
      await refused(() => staff.post('/api/ledger/manual-stock-ins', { ...base, ingredientId: banned.id }), 400, 'FORBIDDEN_FOOD');
      await refused(() => staff.post('/api/ledger/manual-stock-ins', { ...base, expiryDate: ledgerDay(-1) }), 400, 'VALIDATION_FAILED');
      await refused(() => staff.post('/api/ledger/manual-stock-ins', { ...base, quantity: '1.234' }), 400, 'VALIDATION_FAILED');
      await refused(() => staff.post('/api/ledger/manual-stock-ins', { ...base, canteenId: tree.canteenB.id }), 404);
    });
  });

  describe('stock-out (出库) by FIFO', () => {
    it('takes the earliest expiry first and spans batches in one group', async () => {
      const pork = await vegetable();
      // Received first but expires last: FIFO goes by expiry, not by arrival.
      const late = await createStockedBatches(tree.canteenA1, [{ ingredient: pork, quantity: '10', expiryDate: ledgerDay(9), unitPriceFen: 2000 }]);
      const early = await createStockedBatches(tree.canteenA1, [{ ingredient: pork, quantity: '4', expiryDate: ledgerDay(2), unitPriceFen: 2500 }]);

      const small = await stockOut([{ ingredientId: pork.id, quantity: '1.5' }]);
      expect(small.status).toBe(201);
      expect(small.body).toHaveLength(1);
      expect(small.body[0]).toMatchObject({ kind: 'stock_out', batch: { id: early.batchIds[0] }, quantity: '-1.5', costFen: -3750, meal: 'lunch', occurredOn: today });

      const span = await stockOut([{ ingredientId: pork.id, quantity: '5' }], { meal: 'dinner' });
      expect(span.status).toBe(201);
      expect(span.body.map((m: TStockMovement) => [m.batch.id, m.quantity])).toEqual([
        [early.batchIds[0], '-2.5'],
        [late.batchIds[0], '-2.5'],
      ]);
      expect(span.body[0].groupId).toBe(span.body[1].groupId);
      expect(span.body[1].seq).toBe(span.body[0].seq + 1);
      expect(await batchBalance(early.batchIds[0]!)).toBe('0');
      expect(await batchBalance(late.batchIds[0]!)).toBe('7.5');

      const { movements } = await bookingEvents(span.body.map((m: TStockMovement) => m.id));
      expect(movements).toEqual([
        expect.objectContaining({ kind: 'stock_out', quantity: '-2.5', meal: 'dinner', daysToExpiry: 2, fifoOverride: null, withoutDelivery: false }),
        expect.objectContaining({ kind: 'stock_out', quantity: '-2.5', meal: 'dinner', daysToExpiry: 9, fifoOverride: null }),
      ]);
    });

    it('books a many-line stock-out in line order, answered as the ledger reads it back, one event and one audit entry', async () => {
      const [rice, oil, salt] = await Promise.all([vegetable(), vegetable('L'), vegetable('bag')]);
      const delivered = await createStockedBatches(tree.canteenA1, [
        { ingredient: rice, quantity: '3', expiryDate: ledgerDay(4), unitPriceFen: 500 },
        { ingredient: rice, quantity: '10', expiryDate: ledgerDay(8), unitPriceFen: 520 },
        { ingredient: oil, quantity: '6', unitPriceFen: 1800 },
        { ingredient: salt, quantity: '5', unitPriceFen: 250 },
      ]);
      const [riceEarly, riceLate, oilBatch, saltBatch] = delivered.batchIds;
      const audit = await lastAuditId();
      const response = await stockOut([
        { ingredientId: salt.id, quantity: '1' },
        { ingredientId: rice.id, quantity: '4.5' },
        { ingredientId: oil.id, quantity: '2', batchId: oilBatch, batchReason: '油桶已开封，先用完' },
      ]);
      expect(response.status).toBe(201);
      const booked = response.body as TStockMovement[];
      expect(booked.map((m) => [m.batch.id, m.quantity])).toEqual([
        [saltBatch, '-1'],
        [riceEarly, '-3'],
        [riceLate, '-1.5'],
        [oilBatch, '-2'],
      ]);
      expect(booked.map((m) => m.seq)).toEqual([0, 1, 2, 3].map((i) => booked[0]!.seq + i));
      expect(booked.slice(1).map((m) => m.prevHash)).toEqual(booked.slice(0, -1).map((m) => m.hash));
      for (const movement of booked) {
        const read = await manager.get(`/api/ledger/movements/${movement.id}`);
        expect(read.body).toEqual(movement);
      }
      expect(booked[0]).toMatchObject({ batch: { supplier: { id: delivered.supplier.id, name: delivered.supplier.name } }, costFen: -250, createdBy: { id: users.manager.id } });

      // The event is written by the booking statement itself: it keeps the shared contract exactly.
      const { events, movements } = await bookingEvents(booked.map((m) => m.id));
      expect(events.map((e) => [e.orgPath, e.payload.canteenId, e.payload.groupId, e.payload.movements.length])).toEqual([
        [tree.canteenA1.path, tree.canteenA1.id, booked[0]!.groupId, 4],
      ]);
      expect(movements).toEqual(
        booked.map((m, i) => ({
          movementId: m.id,
          seq: m.seq,
          kind: 'stock_out',
          ingredientId: m.ingredient.id,
          batchId: m.batch.id,
          quantity: m.quantity,
          unit: m.unit,
          costFen: m.costFen,
          occurredOn: today,
          meal: 'lunch',
          reason: m.reason,
          reversesId: null,
          withoutDelivery: false,
          daysToExpiry: expect.any(Number),
          fifoOverride: i === 3 ? '油桶已开封，先用完' : null,
        })),
      );
      const entries = await auditEntriesAfter(audit);
      expect(entries).toEqual([expect.objectContaining({ action: 'stock_out', entityId: booked[0]!.id, orgPath: tree.canteenA1.path })]);
      expect(entries[0]!.after).toEqual({
        occurredOn: today,
        meal: 'lunch',
        canteenId: tree.canteenA1.id,
        groupId: booked[0]!.groupId,
        count: booked.length,
        firstSeq: booked[0]!.seq,
        lastSeq: booked.at(-1)!.seq,
        lastHash: booked.at(-1)!.hash,
      });
    });

    it('takes a picked batch only with a reason, and says so in the event', async () => {
      const fish = await vegetable();
      const early = await createStockedBatches(tree.canteenA1, [{ ingredient: fish, quantity: '5', expiryDate: ledgerDay(1) }]);
      const late = await createStockedBatches(tree.canteenA1, [{ ingredient: fish, quantity: '5', expiryDate: ledgerDay(6) }]);
      const noReason = await refused(() => stockOut([{ ingredientId: fish.id, quantity: '1', batchId: late.batchIds[0] }]), 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(noReason)).toContain('lines.0.batchReason');

      const picked = await stockOut([{ ingredientId: fish.id, quantity: '2', batchId: late.batchIds[0], batchReason: '先到期批次留作明早早餐' }]);
      expect(picked.status).toBe(201);
      expect(picked.body[0]).toMatchObject({ batch: { id: late.batchIds[0] }, quantity: '-2', reason: '先到期批次留作明早早餐' });
      const { movements: [event] } = await bookingEvents([picked.body[0].id]);
      expect(event).toMatchObject({ fifoOverride: '先到期批次留作明早早餐', daysToExpiry: 6 });
      expect(await batchBalance(early.batchIds[0]!)).toBe('5');
    });

    it('skips an expired batch, and refuses it when picked', async () => {
      const milk = await vegetable();
      const expired = await createStockedBatches(tree.canteenA1, [{ ingredient: milk, quantity: '8', expiryDate: ledgerDay(-1), productionDate: ledgerDay(-5) }]);
      const fresh = await createStockedBatches(tree.canteenA1, [{ ingredient: milk, quantity: '3', expiryDate: ledgerDay(3) }]);
      const taken = await stockOut([{ ingredientId: milk.id, quantity: '2' }]);
      expect(taken.body.map((m: TStockMovement) => m.batch.id)).toEqual([fresh.batchIds[0]]);

      const more = await refused(() => stockOut([{ ingredientId: milk.id, quantity: '2' }]), 409, 'INSUFFICIENT_STOCK');
      expect(more.message).toContain('仅 1');
      const pickedExpired = await refused(() => stockOut([{ ingredientId: milk.id, quantity: '1', batchId: expired.batchIds[0], batchReason: '试试过期批次' }]), 409, 'BATCH_EXPIRED');
      expect(pickedExpired.message).toContain('过期');

      const balances = await manager.get(`/api/ledger/balances?canteenId=${tree.canteenA1.id}&ingredientId=${milk.id}`);
      expect(balances.body[0].batches.map((b: { batchId: string; expiryState: string }) => [b.batchId, b.expiryState])).toEqual([
        [expired.batchIds[0], 'expired'],
        [fresh.batchIds[0], 'near_expiry'],
      ]);
      expect(balances.body[0].quantity).toBe('9');
    });

    it('refuses a stock-out larger than the balance and stores nothing, even when other lines fit', async () => {
      const oil = await vegetable('L');
      const flour = await vegetable();
      await createStockedBatches(tree.canteenA1, [
        { ingredient: oil, quantity: '2' },
        { ingredient: flour, quantity: '50' },
      ]);
      await refused(
        () =>
          stockOut([
            { ingredientId: flour.id, quantity: '10' },
            { ingredientId: oil.id, quantity: '2.01' },
          ]),
        409,
        'INSUFFICIENT_STOCK',
      );
      // Two lines of one ingredient count together.
      await refused(
        () =>
          stockOut([
            { ingredientId: oil.id, quantity: '1.5' },
            { ingredientId: oil.id, quantity: '1' },
          ]),
        409,
        'INSUFFICIENT_STOCK',
      );
    });

    it('two concurrent stock-outs of the last units: one succeeds, one is refused, the balance ends at 0', async () => {
      const eggs = await vegetable();
      const stocked = await createStockedBatches(tree.canteenA1, [{ ingredient: eggs, quantity: '5' }]);
      const before = (await ledgerCounts()).movements;
      const responses = await Promise.all([
        stockOut([{ ingredientId: eggs.id, quantity: '5' }], {}, manager),
        stockOut([{ ingredientId: eggs.id, quantity: '5' }], {}, staff),
      ]);
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(responses.find((r) => r.status === 409)!.body.error).toBe('INSUFFICIENT_STOCK');
      expect(await batchBalance(stocked.batchIds[0]!)).toBe('0');
      expect((await ledgerCounts()).movements).toBe(before + 1);
    });

    it('a second pair racing for several batches of several ingredients never overdraws', async () => {
      const a = await vegetable();
      const b = await vegetable();
      await createStockedBatches(tree.canteenA1, [
        { ingredient: a, quantity: '3', expiryDate: ledgerDay(2) },
        { ingredient: a, quantity: '3', expiryDate: ledgerDay(3) },
        { ingredient: b, quantity: '4' },
      ]);
      const lines = [
        { ingredientId: b.id, quantity: '3' },
        { ingredientId: a.id, quantity: '4' },
      ];
      const responses = await Promise.all([stockOut(lines, {}, manager), stockOut([...lines].reverse(), {}, staff)]);
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
      const balances = await testPrisma().stockBalance.findMany({ where: { ingredientId: { in: [a.id, b.id] } } });
      expect(balances.every((row) => row.quantity.gte(0))).toBe(true);
      expect(balances.reduce((sum, row) => sum + Number(row.quantity), 0)).toBe(3);
    });

    it('a stock-out that loses the race for its batch is allocated again from what is left, and books the rest FIFO', async () => {
      const rice = await vegetable();
      const stocked = await createStockedBatches(tree.canteenA1, [
        { ingredient: rice, quantity: '10', expiryDate: ledgerDay(2) },
        { ingredient: rice, quantity: '10', expiryDate: ledgerDay(5) },
      ]);
      const [early, late] = stocked.batchIds as [string, string];
      // Both requests read 10 in the early batch, then queue behind this lock on the chain head.
      const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM ledger_head WHERE canteen_id = $1 FOR UPDATE', [tree.canteenA1.id]);
        const racing = Promise.all([stockOut([{ ingredientId: rice.id, quantity: '8' }], {}, manager), stockOut([{ ingredientId: rice.id, quantity: '8' }], {}, staff)]);
        const waiting = async () => {
          // Inside a transaction the activity view is a snapshot taken once, unless cleared.
          await holder.query('SELECT pg_stat_clear_snapshot()');
          const { rows } = await holder.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO stock_movement%'`);
          return rows[0]!.n;
        };
        expect(await eventually(waiting, (n) => n === 2)).toBe(2);
        await holder.query('COMMIT');
        const responses = await racing;
        expect(responses.map((r) => r.status)).toEqual([201, 201]);
        const taken = responses.map((r) => (r.body as TStockMovement[]).map((m) => [m.batch.id, m.quantity]));
        expect(taken).toEqual(expect.arrayContaining([[[early, '-8']], [[early, '-2'], [late, '-6']]]));
      } finally {
        await holder.end();
      }
      expect([await batchBalance(early), await batchBalance(late)]).toEqual(['0', '4']);
    });
  });

  describe('reversal (冲正)', () => {
    it('reverses a stock-out once: balance restored, the pair linked both ways, never twice, never a reversal', async () => {
      const beef = await vegetable();
      const stocked = await createStockedBatches(tree.canteenA1, [{ ingredient: beef, quantity: '6', unitPriceFen: 3000 }]);
      const out = (await stockOut([{ ingredientId: beef.id, quantity: '2' }], { meal: 'breakfast' })).body[0] as TStockMovement;
      expect(await batchBalance(stocked.batchIds[0]!)).toBe('4');

      const audit = await lastAuditId();
      const response = await staff.post(`/api/ledger/movements/${out.id}/reversal`, { reason: '出库数量录错，应为 1.2 千克', occurredOn: today });
      expect(response.status).toBe(201);
      const reversal = response.body as TStockMovement;
      expect(reversal).toMatchObject({ kind: 'reversal', reversesId: out.id, batch: { id: stocked.batchIds[0] }, quantity: '2', costFen: 6000, meal: 'breakfast', reason: '出库数量录错，应为 1.2 千克' });
      expect(await batchBalance(stocked.batchIds[0]!)).toBe('6');

      const original = await officialA.get(`/api/ledger/movements/${out.id}`);
      expect(original.body).toMatchObject({ id: out.id, reversedById: reversal.id, reversesId: null });
      const listed = await manager.get(`/api/ledger/movements?canteenId=${tree.canteenA1.id}&batchId=${stocked.batchIds[0]}`);
      expect(listed.body.items.map((m: TStockMovement) => [m.kind, m.reversesId, m.reversedById])).toEqual([
        ['reversal', out.id, null],
        ['stock_out', null, reversal.id],
        ['stock_in', null, null],
      ]);
      expect(listed.body.total).toBe(3);
      const { movements: [event] } = await bookingEvents([reversal.id]);
      expect(event).toMatchObject({ kind: 'reversal', reversesId: out.id, quantity: '2', reason: '出库数量录错，应为 1.2 千克' });
      expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'reverse', entityId: reversal.id, actorId: users.staff.id })]);

      await refused(() => staff.post(`/api/ledger/movements/${out.id}/reversal`, { reason: '再冲一次', occurredOn: today }), 409, 'ALREADY_REVERSED');
      await refused(() => staff.post(`/api/ledger/movements/${reversal.id}/reversal`, { reason: '冲正的冲正', occurredOn: today }), 409, 'REVERSAL_NOT_REVERSIBLE');
    });

    it('reverses a stock-in only while its stock is still there', async () => {
      const leek = await vegetable();
      const stocked = await createStockedBatches(tree.canteenA1, [{ ingredient: leek, quantity: '3' }]);
      await stockOut([{ ingredientId: leek.id, quantity: '1' }]);
      const body = await refused(() => manager.post(`/api/ledger/movements/${stocked.stockIns[0]!.id}/reversal`, { reason: '入库重复', occurredOn: today }), 409, 'INSUFFICIENT_STOCK');
      expect(body.message).toContain('冲回');
    });

    it('refuses a reason missing, a day before the original, and a movement out of scope', async () => {
      const kale = await vegetable();
      const stocked = await createStockedBatches(tree.canteenA1, [{ ingredient: kale, quantity: '3' }]);
      const id = stocked.stockIns[0]!.id;
      await refused(() => manager.post(`/api/ledger/movements/${id}/reversal`, { occurredOn: today }), 400, 'VALIDATION_FAILED');
      await refused(() => manager.post(`/api/ledger/movements/${id}/reversal`, { reason: '日期', occurredOn: ledgerDay(-1) }), 400, 'REVERSAL_BEFORE_ORIGINAL');
      await refused(() => staffB.post(`/api/ledger/movements/${id}/reversal`, { reason: '别校冲正', occurredOn: today }), 404);
    });
  });

  describe('returns and write-offs', () => {
    it('returns part of a delivered batch to its supplier; a batch bought by hand without a supplier cannot be returned', async () => {
      const celery = await vegetable();
      const stocked = await createStockedBatches(tree.canteenA1, [{ ingredient: celery, quantity: '10', unitPriceFen: 400 }]);
      const response = await manager.post('/api/ledger/returns', { batchId: stocked.batchIds[0], quantity: '2.5', occurredOn: today, reason: '叶片发黄，退回供应商' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ kind: 'return', quantity: '-2.5', costFen: -1000, reason: '叶片发黄，退回供应商' });
      expect(await batchBalance(stocked.batchIds[0]!)).toBe('7.5');
      await refused(() => manager.post('/api/ledger/returns', { batchId: stocked.batchIds[0], quantity: '8', occurredOn: today, reason: '超出库存' }), 409, 'INSUFFICIENT_STOCK');

      const manual = await staff.post('/api/ledger/manual-stock-ins', { canteenId: tree.canteenA1.id, ingredientId: celery.id, quantity: '1', unitPriceFen: 400, productionDate: today, expiryDate: null, occurredOn: today, reason: '临时采购' });
      await refused(() => manager.post('/api/ledger/returns', { batchId: manual.body.batch.id, quantity: '1', occurredOn: today, reason: '无供应商' }), 409, 'BATCH_WITHOUT_SUPPLIER');
    });

    it('writes off spoiled stock with a photo of this school, and keeps the photo', async () => {
      const tomato = await vegetable();
      const stocked = await createStockedBatches(tree.canteenA1, [{ ingredient: tomato, quantity: '4', expiryDate: ledgerDay(-1), productionDate: ledgerDay(-6) }]);
      const photo = await uploadPhoto(staff);
      const foreign = await uploadPhoto(staffB);
      const base = { batchId: stocked.batchIds[0], quantity: '4', occurredOn: today, reason: '过期变质' };
      const wrongPhoto = await refused(() => manager.post('/api/ledger/write-offs', { ...base, photoFileId: foreign }), 400, 'VALIDATION_FAILED');
      expect(wrongPhoto.message).toBe('请求内容不符合要求');
      await refused(() => manager.post('/api/ledger/write-offs', { ...base, photoFileId: '00000000-0000-4000-8000-000000000000' }), 400, 'VALIDATION_FAILED');

      const response = await manager.post('/api/ledger/write-offs', { ...base, photoFileId: photo });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ kind: 'write_off', quantity: '-4', photoFileId: photo });
      expect(await batchBalance(stocked.batchIds[0]!)).toBe('0');
      const file = await testPrisma().storedFile.findUniqueOrThrow({ where: { id: photo } });
      expect(file.retainUntil!.toISOString().slice(0, 10) > ledgerDay(700)).toBe(true);
      const { movements: [event] } = await bookingEvents([response.body.id]);
      expect(event).toMatchObject({ kind: 'write_off', daysToExpiry: -1, reason: '过期变质' });

      const shown = await officialA.get(`/api/ledger/photos/${photo}`);
      expect(shown.status).toBe(200);
      expect(shown.headers['content-type']).toBe('image/jpeg');
      expect((await officialB.get(`/api/ledger/photos/${photo}`)).status).toBe(404);
      // A photo no movement refers to is nobody's to read here.
      expect((await officialA.get(`/api/ledger/photos/${foreign}`)).status).toBe(404);
    });

    it('accepts only images as photos', async () => {
      const response = await manager.agent.post('/api/ledger/photos').set('x-csrf-token', manager.csrf).attach('file', PDF, 'a.pdf');
      expect(response.status).toBe(415);
    });
  });

  describe('bad input: clear 4xx, nothing stored', () => {
    let cabbage: TestIngredient;
    let batchId: string;
    beforeAll(async () => {
      cabbage = await vegetable();
      batchId = (await createStockedBatches(tree.canteenA1, [{ ingredient: cabbage, quantity: '20' }])).batchIds[0]!;
    });

    it('zero or negative quantities', async () => {
      for (const quantity of ['0', '-1', 0, -2.5]) {
        await refused(() => stockOut([{ ingredientId: cabbage.id, quantity }]), 400, 'VALIDATION_FAILED');
        await refused(() => manager.post('/api/ledger/returns', { batchId, quantity, occurredOn: today, reason: '退货' }), 400, 'VALIDATION_FAILED');
      }
    });

    it('more decimals than the unit allows', async () => {
      const body = await refused(() => stockOut([{ ingredientId: cabbage.id, quantity: '1.005' }]), 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(body)).toContain('lines.0.quantity');
      expect(JSON.stringify(body)).toContain('最多 2 位小数');
    });

    it('a batch of another canteen, picked or returned', async () => {
      const other = await createStockedBatches(tree.canteenA2, [{ ingredient: cabbage, quantity: '5' }]);
      await refused(() => stockOut([{ ingredientId: cabbage.id, quantity: '1', batchId: other.batchIds[0], batchReason: '别的食堂的批次' }]), 404);
      const foreign = await createStockedBatches(tree.canteenB, [{ ingredient: cabbage, quantity: '5' }]);
      await refused(() => manager.post('/api/ledger/returns', { batchId: foreign.batchIds[0], quantity: '1', occurredOn: today, reason: '退货' }), 404);
    });

    it('a day in the future, more than 7 days back, or not a day', async () => {
      await refused(() => stockOut([{ ingredientId: cabbage.id, quantity: '1' }], { occurredOn: ledgerDay(1) }), 400, 'MOVEMENT_DAY_IN_FUTURE');
      await refused(() => stockOut([{ ingredientId: cabbage.id, quantity: '1' }], { occurredOn: ledgerDay(-8) }), 400, 'MOVEMENT_DAY_TOO_OLD');
      await refused(() => stockOut([{ ingredientId: cabbage.id, quantity: '1' }], { occurredOn: '2026-02-30' }), 400, 'VALIDATION_FAILED');
      // A late entry may take only what had arrived by its day.
      await refused(() => stockOut([{ ingredientId: cabbage.id, quantity: '1' }], { occurredOn: ledgerDay(-7) }), 409, 'INSUFFICIENT_STOCK');
      const weekAgo = ledgerDay(-7);
      await createStockedBatches(tree.canteenA1, [{ ingredient: cabbage, quantity: '2', expiryDate: ledgerDay(1) }], {
        deliveryDate: weekAgo,
        acceptedAt: new Date(`${weekAgo}T09:00:00+08:00`),
        occurredOn: weekAgo,
      });
      const late = await stockOut([{ ingredientId: cabbage.id, quantity: '1' }], { occurredOn: weekAgo });
      expect(late.status).toBe(201);
      expect(late.body[0]).toMatchObject({ occurredOn: weekAgo, quantity: '-1' });
    });

    it('a day inside a sealed day', async () => {
      const beans = await vegetable();
      const stocked = await createStockedBatches(tree.canteenA2, [{ ingredient: beans, quantity: '5' }], { occurredOn: today });
      await sealLedgerThrough(tree.canteenA2.id, ledgerDay(-1));
      try {
        const sealed = await refused(
          () => manager.post('/api/ledger/stock-outs', { canteenId: tree.canteenA2.id, occurredOn: ledgerDay(-1), meal: 'dinner', lines: [{ ingredientId: beans.id, quantity: '1' }] }),
          409,
          'LEDGER_DAY_SEALED',
        );
        expect(sealed.message).toContain(ledgerDay(-1));
        const ok = await manager.post('/api/ledger/stock-outs', { canteenId: tree.canteenA2.id, occurredOn: today, meal: 'dinner', lines: [{ ingredientId: beans.id, quantity: '1' }] });
        expect(ok.status).toBe(201);
        // The database holds the rule too, for any writer that skips the service.
        await expect(insertMovement({ batchId: stocked.batchIds[0]!, kind: 'stock_out', quantity: '-1', occurredOn: ledgerDay(-1) })).rejects.toThrow(/sealed/);
      } finally {
        await sealLedgerThrough(tree.canteenA2.id, null);
      }
    });

    it('a batch that was never booked in has nothing to issue', async () => {
      const peas = await vegetable();
      const accepted = await createAcceptedBatches(tree.canteenA1, [{ ingredient: peas, quantity: '5' }]);
      await refused(() => stockOut([{ ingredientId: peas.id, quantity: '1' }]), 409, 'INSUFFICIENT_STOCK');
      await refused(() => stockOut([{ ingredientId: peas.id, quantity: '1', batchId: accepted.batchIds[0], batchReason: '未入库批次' }]), 409, 'INSUFFICIENT_STOCK');
      await bookStockIns(accepted.batchIds);
      expect((await stockOut([{ ingredientId: peas.id, quantity: '1' }])).status).toBe(201);
    });
  });

  describe('scope', () => {
    let movementId: string;
    let batchId: string;
    beforeAll(async () => {
      const chard = await vegetable();
      const stocked = await createStockedBatches(tree.canteenA1, [{ ingredient: chard, quantity: '5' }], { createdById: users.manager.id });
      movementId = stocked.stockIns[0]!.id;
      batchId = stocked.batchIds[0]!;
    });

    it("another county's official gets 404 for the canteen's movements, balances and pending stock-ins", async () => {
      expect((await officialB.get(`/api/ledger/movements/${movementId}`)).status).toBe(404);
      expect((await officialB.get(`/api/ledger/movements?canteenId=${tree.canteenA1.id}`)).status).toBe(404);
      expect((await officialB.get(`/api/ledger/balances?canteenId=${tree.canteenA1.id}`)).status).toBe(404);
      expect((await officialB.get(`/api/ledger/pending-stock-ins?canteenId=${tree.canteenA1.id}`)).status).toBe(404);
      const own = await officialB.get('/api/ledger/movements?pageSize=200');
      expect(own.status).toBe(200);
      expect(own.body.items.every((m: TStockMovement) => m.canteen.id === tree.canteenB.id)).toBe(true);

      const visible = await officialA.get(`/api/ledger/movements/${movementId}`);
      expect(visible.status).toBe(200);
      expect(visible.body.createdBy).toEqual({ id: users.manager.id, name: '测试canteen_manager' });
    });

    it('officials read but do not book', async () => {
      await refused(() => officialA.post('/api/ledger/stock-outs', { canteenId: tree.canteenA1.id, occurredOn: today, meal: 'lunch', lines: [{ ingredientId: '00000000-0000-4000-8000-000000000000', quantity: '1' }] }), 403, 'FORBIDDEN');
    });

    it('canteen staff of school B cannot book for school A', async () => {
      const chard = await vegetable();
      await createStockedBatches(tree.canteenA1, [{ ingredient: chard, quantity: '5' }]);
      await refused(() => stockOut([{ ingredientId: chard.id, quantity: '1' }], {}, staffB), 404);
      await refused(() => staffB.post('/api/ledger/returns', { batchId, quantity: '1', occurredOn: today, reason: '退货' }), 404);
      const pending = await createAcceptedBatches(tree.canteenA1, [{ ingredient: chard, quantity: '2' }]);
      await refused(() => staffB.post('/api/ledger/stock-ins', { batchIds: pending.batchIds, occurredOn: today }), 404);
    });
  });

  it('publishes the endpoints with their shared schemas in OpenAPI', async () => {
    const docs = await manager.get('/api/docs-json');
    expect(docs.status).toBe(200);
    const paths = docs.body.paths as Record<string, Record<string, { requestBody?: unknown }>>;
    for (const path of ['pending-stock-ins', 'stock-ins', 'manual-stock-ins', 'stock-outs', 'returns', 'photos', 'write-offs', 'movements', 'movements/{id}', 'movements/{id}/reversal', 'photos/{fileId}', 'balances']) {
      expect(paths[`/api/ledger/${path}`]).toBeDefined();
    }
    expect(JSON.stringify(paths['/api/ledger/stock-outs']!.post!.requestBody)).toContain('batchReason');
  });

  describe('append-only, enforced by the database', () => {
    it("the application's role cannot UPDATE or DELETE a movement", async () => {
      const beans = await vegetable();
      const stocked = await createStockedBatches(tree.canteenA1, [{ ingredient: beans, quantity: '5' }]);
      const id = stocked.stockIns[0]!.id;
      const prisma = app.get(PrismaService);
      await expect(prisma.$executeRaw`UPDATE stock_movement SET quantity = 50 WHERE id = ${id}::uuid`).rejects.toThrow(/permission denied/);
      await expect(prisma.$executeRaw`DELETE FROM stock_movement WHERE id = ${id}::uuid`).rejects.toThrow(/permission denied/);
      await expect(prisma.$executeRaw`TRUNCATE stock_movement`).rejects.toThrow(/permission denied|must be owner/);
      // Even the owner is stopped by the trigger.
      await expect(testPrisma().$executeRaw`UPDATE stock_movement SET quantity = 50 WHERE id = ${id}::uuid`).rejects.toThrow(/append-only/);
      const row = await testPrisma().stockMovement.findUniqueOrThrow({ where: { id } });
      expect(row.quantity.toFixed()).toBe('5');
    });
  });
});
