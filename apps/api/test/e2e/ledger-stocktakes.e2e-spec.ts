import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type TStocktake, ZMovementsBookedEvent, ZStocktake, ZStocktakeVarianceEvent, addDays } from '@canteen/shared';
import { batchBalance, createStockedBatches, insertMovement, ledgerCounts, ledgerDay, ledgerToday, sealLedgerThrough } from '@test/factories/ledger.factory';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestIngredient, createIngredient } from '@test/factories/supply.factory';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { type TestUser, createUser } from '@test/factories/user.factory';
import { type Session, signIn, startApp } from './harness';

/** 盘点: count sheets per canteen whose variances are booked as adjustment movements with reasons. */
describe('ledger stocktakes (盘点)', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let pork: TestIngredient;
  let cabbage: TestIngredient;
  let eggs: TestIngredient;
  let manager: TestUser;
  const sessions: Record<'staffA' | 'managerA' | 'managerB' | 'countyA' | 'countyB', Session> = {} as never;
  const today = ledgerToday();

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    pork = await createIngredient({ name: `盘点猪肉${Date.now()}`, category: 'livestock' });
    cabbage = await createIngredient({ name: `盘点白菜${Date.now()}`, category: 'vegetables' });
    eggs = await createIngredient({ name: `盘点鸡蛋${Date.now()}`, category: 'eggs', unit: 'piece' });
    await testPrisma().ingredient.update({ where: { id: eggs.id }, data: { unitDecimals: 0 } });
    manager = await createUser('canteen_manager', tree.schoolA);
    await testPrisma().user.update({ where: { id: manager.id }, data: { displayName: '王店长' } });
    const users = {
      staffA: await createUser('canteen_staff', tree.schoolA),
      managerA: manager,
      managerB: await createUser('canteen_manager', tree.schoolB),
      countyA: await createUser('official_viewer', tree.countyA),
      countyB: await createUser('official_admin', tree.countyB),
    };
    for (const [who, user] of Object.entries(users)) sessions[who as keyof typeof sessions] = await signIn(app, user);
  });

  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const create = (who: keyof typeof sessions, canteenId: string, countedOn = today) => sessions[who].post('/api/ledger/stocktakes', { canteenId, countedOn });
  const count = (who: keyof typeof sessions, id: string, lines: object[]) => sessions[who].patch(`/api/ledger/stocktakes/${id}/lines`, { lines });
  const post = (who: keyof typeof sessions, id: string) => sessions[who].post(`/api/ledger/stocktakes/${id}/post`);
  const lineOf = (sheet: TStocktake, batchId: string) => sheet.lines.find((line) => line.batch.id === batchId)!;
  const eventsOf = async (type: string, canteenId: string) =>
    (await testPrisma().outboxEvent.findMany({ where: { type }, orderBy: { createdAt: 'asc' } })).filter(
      (event) => (event.payload as { canteenId?: string }).canteenId === canteenId,
    );

  describe('the flow: create, count, post', () => {
    let sheet: TStocktake;
    let batches: { pork: string; cabbage: string; eggs: string };

    beforeAll(async () => {
      const stocked = await createStockedBatches(tree.canteenA1, [
        { ingredient: pork, quantity: '10', unitPriceFen: 2000, lotCode: `PORK-${Date.now()}` },
        { ingredient: cabbage, quantity: '20', unitPriceFen: 300 },
        { ingredient: eggs, quantity: '100', unitPriceFen: 80 },
      ]);
      const [p, c, e] = stocked.batchIds as [string, string, string];
      batches = { pork: p, cabbage: c, eggs: e };
    });

    it('makes a sheet with one line per batch on hand, book quantity = the balance now', async () => {
      const response = await create('staffA', tree.canteenA1.id);
      expect(response.status).toBe(201);
      sheet = ZStocktake.parse(response.body);
      expect(sheet).toMatchObject({ canteen: { id: tree.canteenA1.id, name: '学生食堂' }, countedOn: today, status: 'open', postedBy: null });
      expect(sheet.lines).toHaveLength(3);
      expect(lineOf(sheet, batches.pork)).toMatchObject({ bookQuantity: '10', countedQuantity: null, variance: null, varianceFen: null, ingredient: { name: pork.name, unit: 'kg', unitDecimals: 2 } });
      expect(lineOf(sheet, batches.eggs)).toMatchObject({ bookQuantity: '100', ingredient: { unit: 'piece', unitDecimals: 0 } });
      const audit = await testPrisma().auditLog.findFirst({ where: { entity: 'stocktake', entityId: sheet.id, action: 'create' } });
      expect(audit?.orgPath).toBe(tree.canteenA1.path);
    });

    it('keeps one open sheet per canteen', async () => {
      const again = await create('managerA', tree.canteenA1.id);
      expect(again.status).toBe(409);
      expect(again.body.message).toContain('未完成的盘点单');
    });

    it('refuses to post before every line is counted, naming the lines, and stores nothing', async () => {
      const before = await ledgerCounts();
      const response = await post('managerA', sheet.id);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('STOCKTAKE_UNCOUNTED');
      expect(response.body.message).toContain(pork.name);
      expect(response.body.issues).toHaveLength(3);
      expect(await ledgerCounts()).toEqual(before);
    });

    it('takes counts with the decimals the unit allows, only for lines of the sheet', async () => {
      const tooFine = await count('staffA', sheet.id, [{ lineId: lineOf(sheet, batches.eggs).id, countedQuantity: '99.5' }]);
      expect(tooFine.status).toBe(400);
      expect(tooFine.body.issues[0]).toMatchObject({ path: 'lines.0.countedQuantity', messageEn: 'The quantity must be a whole number' });
      const stranger = await count('staffA', sheet.id, [{ lineId: '00000000-0000-4000-8000-000000000000', countedQuantity: '1' }]);
      expect(stranger.status).toBe(400);
      expect(stranger.body.issues[0].path).toBe('lines.0.lineId');

      const response = await count('staffA', sheet.id, [
        { lineId: lineOf(sheet, batches.pork).id, countedQuantity: '9.5', reason: '冷冻失水，称重短少' },
        { lineId: lineOf(sheet, batches.cabbage).id, countedQuantity: '20' },
        { lineId: lineOf(sheet, batches.eggs).id, countedQuantity: '100' },
      ]);
      expect(response.status).toBe(200);
      const counted = ZStocktake.parse(response.body);
      expect(lineOf(counted, batches.pork)).toMatchObject({ countedQuantity: '9.5', variance: '-0.5', varianceFen: -1000, reason: '冷冻失水，称重短少' });
      expect(lineOf(counted, batches.cabbage)).toMatchObject({ countedQuantity: '20', variance: '0', varianceFen: 0, reason: null });
    });

    it('takes the variance against the balance at posting, so a line that moved since needs a reason', async () => {
      // Two kilos of cabbage go to the kitchen after the sheet was made: the count of 20 is now 2 over.
      await insertMovement({ batchId: batches.cabbage, kind: 'stock_out', quantity: '-2', meal: 'lunch' });
      const before = await ledgerCounts();
      const response = await post('managerA', sheet.id);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('STOCKTAKE_REASON_REQUIRED');
      expect(response.body.message).toContain(cabbage.name);
      expect(response.body.message).not.toContain(pork.name);
      expect(await ledgerCounts()).toEqual(before);
      const explained = await count('staffA', sheet.id, [{ lineId: lineOf(sheet, batches.cabbage).id, countedQuantity: '20', reason: '午餐出库后才盘点，实物未领走' }]);
      expect(explained.status).toBe(200);
    });

    it('lets only a holder of stocktake:post post', async () => {
      expect((await post('staffA', sheet.id)).status).toBe(403);
    });

    it('books each variance as one adjustment with its reason, in one go, and the balances equal the counts', async () => {
      const response = await post('managerA', sheet.id);
      expect(response.status).toBe(201);
      const posted = ZStocktake.parse(response.body);
      expect(posted).toMatchObject({ status: 'posted', postedBy: { id: manager.id, name: '王店长' } });
      expect(posted.postedAt).not.toBeNull();
      expect(lineOf(posted, batches.pork)).toMatchObject({ bookQuantity: '10', countedQuantity: '9.5', variance: '-0.5', varianceFen: -1000 });
      expect(lineOf(posted, batches.cabbage)).toMatchObject({ bookQuantity: '18', countedQuantity: '20', variance: '2', varianceFen: 600 });
      expect(lineOf(posted, batches.eggs)).toMatchObject({ bookQuantity: '100', variance: '0' });

      const adjustments = await testPrisma().stockMovement.findMany({ where: { stocktakeId: sheet.id }, orderBy: { seq: 'asc' } });
      expect(adjustments.map((m) => [m.kind, m.batchId, m.quantity.toFixed(), m.costFen, m.reason, m.occurredOn.toISOString().slice(0, 10)])).toEqual(
        expect.arrayContaining([
          ['adjustment', batches.pork, '-0.5', -1000, '冷冻失水，称重短少', today],
          ['adjustment', batches.cabbage, '2', 600, '午餐出库后才盘点，实物未领走', today],
        ]),
      );
      expect(adjustments).toHaveLength(2);
      expect(new Set(adjustments.map((m) => m.groupId)).size).toBe(1);
      expect(await batchBalance(batches.pork)).toBe('9.5');
      expect(await batchBalance(batches.cabbage)).toBe('20');
      expect(await batchBalance(batches.eggs)).toBe('100');

      // The adjustments are one booking, so one event carries both.
      const ids = adjustments.map((m) => m.id);
      const booked = (await eventsOf('ledger.movements-booked', tree.canteenA1.id)).map((event) => ({ ...event, payload: ZMovementsBookedEvent.parse(event.payload) }));
      const adjustmentEvents = booked.filter((event) => event.payload.movements.some((m) => ids.includes(m.movementId)));
      expect(adjustmentEvents).toHaveLength(1);
      expect(adjustmentEvents[0]!.orgPath).toBe(tree.canteenA1.path);
      expect(adjustmentEvents[0]!.payload.movements.map((m) => [m.movementId, m.kind])).toEqual(ids.map((id) => [id, 'adjustment']));
      const audit = await testPrisma().auditLog.findFirst({ where: { entity: 'stocktake', entityId: sheet.id, action: 'post' } });
      expect((audit?.after as { adjustments: unknown[] }).adjustments).toHaveLength(2);
    });

    it('emits ledger.stocktake-variance once, with every line that has a variance, small or large, for the rule to judge', async () => {
      // Pork: 0.5 of 10 is 5 %, which a county may have tightened below; cabbage: 2 of 18 is 11 %; eggs: as booked.
      const [event, ...more] = await eventsOf('ledger.stocktake-variance', tree.canteenA1.id);
      expect(more).toHaveLength(0);
      expect(event!.orgPath).toBe(tree.canteenA1.path);
      const payload = ZStocktakeVarianceEvent.parse(event!.payload);
      expect(payload).toEqual({
        stocktakeId: sheet.id,
        canteenId: tree.canteenA1.id,
        lines: [
          { batchId: batches.pork, ingredientId: pork.id, book: '10', counted: '9.5', variance: '-0.5', share: 0.05, varianceFen: -1000 },
          { batchId: batches.cabbage, ingredientId: cabbage.id, book: '18', counted: '20', variance: '2', share: 0.1111, varianceFen: 600 },
        ],
      });
    });

    it('refuses a second posting and any further count', async () => {
      const before = await ledgerCounts();
      const again = await post('managerA', sheet.id);
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('STOCKTAKE_POSTED');
      expect((await count('staffA', sheet.id, [{ lineId: sheet.lines[0]!.id, countedQuantity: '1' }])).status).toBe(409);
      expect((await sessions.staffA.post(`/api/ledger/stocktakes/${sheet.id}/cancel`)).status).toBe(409);
      expect(await ledgerCounts()).toEqual(before);
    });

    it('lists and reads sheets within the scope', async () => {
      const list = await sessions.countyA.get(`/api/ledger/stocktakes?canteenId=${tree.canteenA1.id}`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((item: TStocktake) => item.id)).toContain(sheet.id);
      const read = await sessions.countyA.get(`/api/ledger/stocktakes/${sheet.id}`);
      expect(read.status).toBe(200);
      expect(read.body.lines).toHaveLength(3);
    });
  });

  it('answers 404 for a sheet or canteen of another county, whatever the request', async () => {
    const stocked = await createStockedBatches(tree.canteenA2, [{ ingredient: pork, quantity: '4', unitPriceFen: 2000 }]);
    const created = await create('managerA', tree.canteenA2.id);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const before = await ledgerCounts();
    expect((await sessions.countyB.get(`/api/ledger/stocktakes/${id}`)).status).toBe(404);
    expect((await sessions.countyB.get(`/api/ledger/stocktakes?canteenId=${tree.canteenA2.id}`)).status).toBe(404);
    expect((await create('managerB', tree.canteenA2.id)).status).toBe(404);
    expect((await count('managerB', id, [{ lineId: created.body.lines[0].id, countedQuantity: '4' }])).status).toBe(404);
    expect((await post('managerB', id)).status).toBe(404);
    expect((await sessions.managerB.post(`/api/ledger/stocktakes/${id}/cancel`)).status).toBe(404);
    const theirs = await sessions.managerB.get('/api/ledger/stocktakes');
    expect(theirs.body.items.map((item: TStocktake) => item.id)).not.toContain(id);
    expect(await ledgerCounts()).toEqual(before);
    expect(await batchBalance(stocked.batchIds[0]!)).toBe('4');

    // Cancelled, the canteen may start another sheet.
    const cancelled = await sessions.managerA.post(`/api/ledger/stocktakes/${id}/cancel`, { reason: '盘点人员临时调岗' });
    expect(cancelled.status).toBe(201);
    expect(cancelled.body.status).toBe('cancelled');
    const next = await create('managerA', tree.canteenA2.id);
    expect(next.status).toBe(201);
    // As the console sends it: no body at all.
    const bare = await sessions.managerA.agent.post(`/api/ledger/stocktakes/${next.body.id}/cancel`).set('x-csrf-token', sessions.managerA.csrf);
    expect(bare.status).toBe(201);
    expect(bare.body.status).toBe('cancelled');
  });

  it('gives one sheet and clean 409s when several are started at once', async () => {
    await createStockedBatches(tree.canteenB, [{ ingredient: cabbage, quantity: '5', unitPriceFen: 300 }]);
    const responses = await Promise.all(Array.from({ length: 4 }, () => create('managerB', tree.canteenB.id)));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await testPrisma().stocktake.count({ where: { canteenId: tree.canteenB.id, status: 'open' } })).toBe(1);
  });

  it('refuses a sheet for a canteen with nothing on hand, or dated in the future or too far back', async () => {
    const empty = await create('countyB', tree.canteenB.id);
    expect(empty.status).toBe(403);
    const school = await createUser('canteen_manager', tree.schoolC);
    const session = await signIn(app, school);
    const before = await ledgerCounts();
    expect((await session.post('/api/ledger/stocktakes', { canteenId: tree.canteenC.id, countedOn: today })).status).toBe(409);
    expect((await session.post('/api/ledger/stocktakes', { canteenId: tree.canteenC.id, countedOn: addDays(today, 1) })).status).toBe(400);
    expect((await session.post('/api/ledger/stocktakes', { canteenId: tree.canteenC.id, countedOn: ledgerDay(-30) })).status).toBe(400);
    expect((await session.post('/api/ledger/stocktakes', { canteenId: tree.canteenC.id, countedOn: '2026-02-30' })).status).toBe(400);
    expect(await ledgerCounts()).toEqual(before);
  });

  it('books a large shortfall and a find, and refuses posting into a sealed day', async () => {
    const school = await createUser('canteen_manager', tree.schoolC);
    const session = await signIn(app, school);
    const stocked = await createStockedBatches(tree.canteenC, [
      { ingredient: pork, quantity: '10', unitPriceFen: 2000 },
      { ingredient: eggs, quantity: '30', unitPriceFen: 80 },
    ]);
    const [porkBatch, eggBatch] = stocked.batchIds as [string, string];
    const sheet = ZStocktake.parse((await session.post('/api/ledger/stocktakes', { canteenId: tree.canteenC.id, countedOn: today, note: '月末盘点' })).body);
    expect(sheet.note).toBe('月末盘点');
    await session.patch(`/api/ledger/stocktakes/${sheet.id}/lines`, {
      lines: [
        { lineId: lineOf(sheet, porkBatch).id, countedQuantity: '8', reason: '疑似被盗，已报告校方' },
        { lineId: lineOf(sheet, eggBatch).id, countedQuantity: 31, reason: '上次出库多记一枚' },
      ],
    });

    await sealLedgerThrough(tree.canteenC.id, today);
    const before = await ledgerCounts();
    const sealed = await session.post(`/api/ledger/stocktakes/${sheet.id}/post`);
    expect(sealed.status).toBe(409);
    expect(sealed.body.error).toBe('LEDGER_DAY_SEALED');
    expect(await ledgerCounts()).toEqual(before);
    expect((await testPrisma().stocktake.findUniqueOrThrow({ where: { id: sheet.id } })).status).toBe('open');

    await sealLedgerThrough(tree.canteenC.id, null);
    const posted = await session.post(`/api/ledger/stocktakes/${sheet.id}/post`);
    expect(posted.status).toBe(201);
    expect(await batchBalance(porkBatch)).toBe('8');
    expect(await batchBalance(eggBatch)).toBe('31');
    const [event] = await eventsOf('ledger.stocktake-variance', tree.canteenC.id);
    const lines = ZStocktakeVarianceEvent.parse(event!.payload).lines;
    expect(lines).toEqual([
      { batchId: eggBatch, ingredientId: eggs.id, book: '30', counted: '31', variance: '1', share: 0.0333, varianceFen: 80 },
      { batchId: porkBatch, ingredientId: pork.id, book: '10', counted: '8', variance: '-2', share: 0.2, varianceFen: -4000 },
    ]);
  });
});
