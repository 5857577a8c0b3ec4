import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { type TBackwardTrace, type TForwardTrace, type TRecall, type TStockMovement, ZBackwardTrace, ZForwardTrace, ZRecall } from '@canteen/shared';
import { ledgerDay } from '@test/factories/ledger.factory';
import { closeTestPrisma } from '@test/factories/prisma';
import { createContract } from '@test/factories/supply.factory';
import { createUser } from '@test/factories/user.factory';
import { type MenuWorld, createDish, createMenuWorld, createPlan, line, publishPlan, thisWeek, today } from '@test/fixtures/menus';
import { type Session, signIn, startApp } from './harness';
import { createDelivery } from './trace-fixtures';

jest.setTimeout(60_000);

/**
 * Traces through the inventory ledger (去向可追): one pork lot delivered to three canteens and
 * accepted. At 学生食堂 (A1) it is booked in today, 12 kg issued to lunch (planned, then recorded as
 * served), 5 kg issued to dinner by mistake and reversed. At 教师食堂 (A2) it arrived three days ago,
 * was booked in then and all issued to lunch the day after. At school B it waits to be booked in.
 * Every booking goes through the ledger's API, the plan and the production record through the menus'.
 */
describe('trace through the inventory ledger', () => {
  let app: NestFastifyApplication;
  let world: MenuWorld;
  let city: Session;
  const lot = `PORK-${randomUUID().slice(0, 8)}`;
  const batches: Record<'a1' | 'a2' | 'b', string> = { a1: '', a2: '', b: '' };
  const issued: Partial<Record<'lunch' | 'dinner' | 'reversal' | 'a2Lunch', TStockMovement>> = {};
  const threeDaysAgo = ledgerDay(-3);
  const twoDaysAgo = ledgerDay(-2);

  const expectCreated = async (response: Promise<{ status: number; body: unknown }>) => {
    const { status, body } = await response;
    if (status !== 201) throw new Error(`expected 201, got ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  const forward = async (session: Session) => {
    const response = await session.get(`/api/trace/forward?supplierId=${world.supplier.id}&lotCode=${lot}`);
    expect(response.status).toBe(200);
    return ZForwardTrace.parse(response.body) as TForwardTrace;
  };
  const backward = async (session: Session, canteenId: string, date: string) => {
    const response = await session.get(`/api/trace/backward?canteenId=${canteenId}&date=${date}`);
    expect(response.status).toBe(200);
    return ZBackwardTrace.parse(response.body) as TBackwardTrace;
  };
  const recall = async (session: Session) => {
    const response = await session.get(`/api/trace/recall?supplierId=${world.supplier.id}&lotCode=${lot}`);
    expect(response.status).toBe(200);
    return ZRecall.parse(response.body) as TRecall;
  };

  beforeAll(async () => {
    app = await startApp();
    world = await createMenuWorld(app);
    const { tree, supplier, ingredients, users, sessions } = world;
    const { pork, rice } = ingredients;
    city = await signIn(app, await createUser('official_viewer', tree.cityA));
    const inspectorIds = [users.manager.id, users.staff.id];
    const pig = (quantity: string) => [{ ingredient: pork, lotCode: lot, quantity, temperatureC: 3, expiryDate: ledgerDay(3) }];

    batches.a1 = (await createDelivery({ supplier, canteen: tree.canteenA1, contractId: world.contract.id, deliveryDate: today(), acceptedAt: new Date(), inspectorIds, lines: pig('30') })).batchIds[0]!;
    const contractA2 = await createContract(supplier, tree.schoolA, [tree.canteenA2]);
    batches.a2 = (
      await createDelivery({ supplier, canteen: tree.canteenA2, contractId: contractA2.id, deliveryDate: threeDaysAgo, acceptedAt: new Date(Date.now() - 3 * 86_400_000), inspectorIds, lines: pig('8') })
    ).batchIds[0]!;
    const contractB = await createContract(supplier, tree.schoolB, [tree.canteenB]);
    batches.b = (await createDelivery({ supplier, canteen: tree.canteenB, contractId: contractB.id, deliveryDate: today(), acceptedAt: new Date(), lines: pig('10') })).batchIds[0]!;

    await expectCreated(sessions.manager.post('/api/ledger/stock-ins', { batchIds: [batches.a2], occurredOn: threeDaysAgo }));
    [issued.a2Lunch] = (await expectCreated(
      sessions.staff.post('/api/ledger/stock-outs', { canteenId: tree.canteenA2.id, occurredOn: twoDaysAgo, meal: 'lunch', lines: [{ ingredientId: pork.id, quantity: '8' }] }),
    )) as TStockMovement[];

    // Today's lunch at A1: rice and twice-cooked pork for 9–11-year-olds, published before the issue.
    const riceDish = await createDish(sessions.countyAdmin, { name: '米饭', cookingMethod: 'steam', lines: [line(rice, 150, ['9-11'])] });
    const porkDish = await createDish(sessions.countyAdmin, { name: '回锅肉', lines: [line(pork, 30, ['9-11'])] });
    const plan = await createPlan(sessions.manager, {
      canteenId: tree.canteenA1.id,
      weekStart: thisWeek(),
      ageBands: [{ ageBand: '9-11', headcount: 400 }],
      entries: [{ day: today(), meal: 'lunch', ageBand: '9-11', headcount: 400, dishIds: [riceDish.id, porkDish.id] }],
    });
    await publishPlan(sessions.manager, plan.id);
  });

  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  it('counts an accepted batch not yet booked in at its accepted quantity, then follows it through its stock-in', async () => {
    const before = await forward(world.sessions.officialA);
    const a1 = before.canteens.find((c) => c.canteen.id === world.tree.canteenA1.id)!;
    expect(a1).toMatchObject({ accepted: '30.000', inStock: '30.000', stockMovements: [], meals: [] });
    expect(a1.deliveries[0]!.batch).toMatchObject({ id: batches.a1, quantityInStock: '30.000', booked: false });

    await expectCreated(world.sessions.manager.post('/api/ledger/stock-ins', { batchIds: [batches.a1], occurredOn: today() }));
    const { pork } = world.ingredients;
    const out = (meal: 'lunch' | 'dinner', quantity: string) =>
      expectCreated(world.sessions.staff.post('/api/ledger/stock-outs', { canteenId: world.tree.canteenA1.id, occurredOn: today(), meal, lines: [{ ingredientId: pork.id, quantity }] })) as Promise<TStockMovement[]>;
    [issued.lunch] = await out('lunch', '12');
    [issued.dinner] = await out('dinner', '5');
    issued.reversal = (await expectCreated(
      world.sessions.staff.post(`/api/ledger/movements/${issued.dinner!.id}/reversal`, { reason: '晚餐未用猪肉，出库录错', occurredOn: today() }),
    )) as TStockMovement;

    const after = await forward(world.sessions.officialA);
    const booked = after.canteens.find((c) => c.canteen.id === world.tree.canteenA1.id)!;
    expect(booked.deliveries[0]!.batch).toMatchObject({ quantityInStock: '18.000', booked: true });
    expect(booked.inStock).toBe('18.000');
  });

  it('forward: shows the reduced stock, every movement in chain order and the meal with its dishes; the reversed stock-out feeds no meal', async () => {
    const trace = await forward(world.sessions.officialA);
    expect(trace.canteens.map((c) => c.canteen.id).sort()).toEqual([world.tree.canteenA1.id, world.tree.canteenA2.id].sort());
    expect(trace.totals).toMatchObject({ canteens: 2, accepted: '38.000', inStock: '18.000', unit: 'kg' });
    const a1 = trace.canteens.find((c) => c.canteen.id === world.tree.canteenA1.id)!;
    expect(a1.stockMovements.map((m) => [m.kind, m.occurredOn, m.meal, m.quantity, m.batchId])).toEqual([
      ['stock_in', today(), null, '30.000', batches.a1],
      ['stock_out', today(), 'lunch', '-12.000', batches.a1],
      ['stock_out', today(), 'dinner', '-5.000', batches.a1],
      ['reversal', today(), 'dinner', '5.000', batches.a1],
    ]);
    const seqs = a1.stockMovements.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(a1.stockMovements[3]).toMatchObject({ id: issued.reversal!.id, reversesId: issued.dinner!.id, reason: '晚餐未用猪肉，出库录错', unit: 'kg' });
    // Planned but not yet recorded: the published plan's dishes, no headcount.
    expect(a1.meals).toEqual([{ day: today(), meal: 'lunch', dishes: ['米饭', '回锅肉'], servedTotal: null, batchIds: [batches.a1] }]);

    const a2 = trace.canteens.find((c) => c.canteen.id === world.tree.canteenA2.id)!;
    expect(a2).toMatchObject({ accepted: '8.000', inStock: '0.000' });
    expect(a2.stockMovements.map((m) => [m.kind, m.occurredOn, m.quantity])).toEqual([
      ['stock_in', threeDaysAgo, '8.000'],
      ['stock_out', twoDaysAgo, '-8.000'],
    ]);
    // No plan at that canteen: the meal is known from the ledger alone.
    expect(a2.meals).toEqual([{ day: twoDaysAgo, meal: 'lunch', dishes: [], servedTotal: null, batchIds: [batches.a2] }]);
  });

  it('takes the served headcount from the production record once it is kept', async () => {
    await expectCreated(
      world.sessions.staff.post('/api/menus/production', { canteenId: world.tree.canteenA1.id, day: today(), meal: 'lunch', served: [{ ageBand: '9-11', headcount: 380 }], leftovers: [] }),
    );
    const a1 = (await forward(world.sessions.officialA)).canteens.find((c) => c.canteen.id === world.tree.canteenA1.id)!;
    expect(a1.meals).toEqual([{ day: today(), meal: 'lunch', dishes: ['米饭', '回锅肉'], servedTotal: 380, batchIds: [batches.a1] }]);
  });

  it("backward: the day's batch with that day's movements and the meal it fed", async () => {
    const trace = await backward(world.sessions.officialA, world.tree.canteenA1.id, today());
    const row = trace.rows.find((r) => r.batch.id === batches.a1)!;
    expect(row).toMatchObject({ relation: 'received', batch: { quantityInStock: '18.000', booked: true }, delivery: { lotCode: lot } });
    expect(row.stockMovements.map((m) => [m.kind, m.meal, m.quantity])).toEqual([
      ['stock_in', null, '30.000'],
      ['stock_out', 'lunch', '-12.000'],
      ['stock_out', 'dinner', '-5.000'],
      ['reversal', 'dinner', '5.000'],
    ]);
    expect(trace.meals).toEqual([{ day: today(), meal: 'lunch', dishes: ['米饭', '回锅肉'], servedTotal: 380, batchIds: [batches.a1] }]);
  });

  it('backward: a batch is on hand until the ledger has used it up, with only the movements of the day asked', async () => {
    const received = await backward(world.sessions.officialA, world.tree.canteenA2.id, threeDaysAgo);
    expect(received.rows.map((r) => [r.batch.id, r.relation, r.stockMovements.map((m) => m.kind)])).toEqual([[batches.a2, 'received', ['stock_in']]]);
    expect(received.meals).toEqual([]);

    const used = await backward(world.sessions.officialA, world.tree.canteenA2.id, twoDaysAgo);
    expect(used.rows.map((r) => [r.batch.id, r.relation, r.batch.quantityInStock])).toEqual([[batches.a2, 'on_hand', '0.000']]);
    expect(used.rows[0]!.stockMovements).toEqual([
      { id: issued.a2Lunch!.id, seq: issued.a2Lunch!.seq, batchId: batches.a2, kind: 'stock_out', occurredOn: twoDaysAgo, meal: 'lunch', quantity: '-8.000', unit: 'kg', reason: null, reversesId: null },
    ]);
    expect(used.meals).toEqual([{ day: twoDaysAgo, meal: 'lunch', dishes: [], servedTotal: null, batchIds: [batches.a2] }]);

    // Issued in full before the day: no longer in the store, though not expired.
    const after = await backward(world.sessions.officialA, world.tree.canteenA2.id, ledgerDay(-1));
    expect(after.rows).toEqual([]);
    expect(after.meals).toEqual([]);
  });

  it('recall: a canteen whose stock of the lot is all issued holds none; the ones still holding stock come first', async () => {
    const view = await recall(city);
    expect(view.totals).toEqual({ canteens: 3, canteensWithStock: 2, inStock: '28.000', unit: 'kg' });
    expect(view.canteens.map((c) => [c.canteen.id, c.inStock])).toEqual([
      [world.tree.canteenA1.id, '18.000'],
      // Accepted, not yet booked in: all of it is in the store.
      [world.tree.canteenB.id, '10.000'],
      [world.tree.canteenA2.id, '0.000'],
    ]);
    const county = await recall(world.sessions.officialA);
    expect(county.totals).toEqual({ canteens: 2, canteensWithStock: 1, inStock: '18.000', unit: 'kg' });
  });

  it("keeps another county's canteens out: not in its traces, and 404 for its canteen's day", async () => {
    const b = await forward(world.sessions.officialB);
    expect(b.canteens.map((c) => [c.canteen.id, c.inStock, c.stockMovements, c.meals])).toEqual([[world.tree.canteenB.id, '10.000', [], []]]);
    const text = JSON.stringify(b);
    for (const id of [batches.a1, batches.a2, issued.lunch!.id, world.tree.canteenA1.id]) expect(text).not.toContain(id);
    const outside = await world.sessions.officialB.get(`/api/trace/backward?canteenId=${world.tree.canteenA1.id}&date=${today()}`);
    expect(outside.status).toBe(404);
    expect(outside.body).toMatchObject({ message: '未找到该食堂', messageEn: 'Canteen not found' });
  });

  it('exports where the lot went: the ledger movements and the meals per canteen', async () => {
    const response = await world.sessions.officialA.get(`/api/trace/forward/export?supplierId=${world.supplier.id}&lotCode=${lot}`).responseType('blob');
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.body as unknown as ArrayBuffer);
    const rowsOf = (name: string) => {
      const sheet = book.getWorksheet(name)!;
      const header = Array.from({ length: sheet.columnCount }, (_, i) => String(sheet.getRow(1).getCell(i + 1).value));
      return Array.from({ length: sheet.rowCount - 1 }, (_, r) => Object.fromEntries(header.map((h, i) => [h, sheet.getRow(r + 2).getCell(i + 1).value ?? null])));
    };
    const receipts = rowsOf('追溯记录');
    expect(receipts.map((r) => r['当前在库']).sort()).toEqual([0, 18]);
    const ledger = rowsOf('台账流水');
    const ledgerOf = (canteen: string) => ledger.filter((r) => r['食堂'] === `${world.tree.schoolA.name} ${canteen}`).map((r) => [r['类型'], r['餐次'], r['数量'], r['冲正关系']]);
    expect(ledger).toHaveLength(6);
    expect(ledgerOf('学生食堂')).toEqual([
      ['入库', null, 30, null],
      ['出库', '午餐', -12, null],
      ['出库', '晚餐', -5, `已被第 ${issued.reversal!.seq} 笔冲正`],
      ['冲正', '晚餐', 5, `冲正第 ${issued.dinner!.seq} 笔`],
    ]);
    expect(ledgerOf('教师食堂')).toEqual([
      ['入库', null, 8, null],
      ['出库', '午餐', -8, null],
    ]);
    expect(rowsOf('供餐餐次').map((r) => [r['食堂'], r['餐次'], r['菜品'], r['就餐人数'], r['所用批次']])).toEqual(
      expect.arrayContaining([
        [`${world.tree.schoolA.name} 学生食堂`, '午餐', '米饭；回锅肉', 380, `${world.ingredients.pork.name} ${lot}`],
        [`${world.tree.schoolA.name} 教师食堂`, '午餐', null, null, `${world.ingredients.pork.name} ${lot}`],
      ]),
    );
  });

  it("keeps each canteen's meals its own when one lot feeds the same meal at two canteens, each with its own plan and record", async () => {
    const { tree, supplier, ingredients, sessions } = world;
    const { rice, tomato, eggs } = ingredients;
    const riceLot = `RICE-${randomUUID().slice(0, 8)}`;
    const bags = [{ ingredient: rice, lotCode: riceLot, quantity: '50', expiryDate: ledgerDay(300) }];
    const [riceA1] = (await createDelivery({ supplier, canteen: tree.canteenA1, contractId: world.contract.id, deliveryDate: today(), acceptedAt: new Date(), lines: bags })).batchIds;
    const contractA2 = await createContract(supplier, tree.schoolA, [tree.canteenA2]);
    const [riceA2] = (await createDelivery({ supplier, canteen: tree.canteenA2, contractId: contractA2.id, deliveryDate: today(), acceptedAt: new Date(), lines: bags })).batchIds;
    for (const batchId of [riceA1!, riceA2!]) await expectCreated(sessions.manager.post('/api/ledger/stock-ins', { batchIds: [batchId], occurredOn: today() }));

    // 教师食堂 plans this week too: other dishes for the same lunch, and a dinner left unrecorded.
    const eggDish = await createDish(sessions.countyAdmin, { name: '番茄炒蛋', lines: [line(tomato, 80, ['9-11']), line(eggs, 50, ['9-11'])] });
    const friedRice = await createDish(sessions.countyAdmin, { name: '蛋炒饭', lines: [line(rice, 150, ['9-11']), line(eggs, 30, ['9-11'])] });
    const plan = await createPlan(sessions.manager, {
      canteenId: tree.canteenA2.id,
      weekStart: thisWeek(),
      ageBands: [{ ageBand: '9-11', headcount: 50 }],
      entries: [
        { day: today(), meal: 'lunch', ageBand: '9-11', headcount: 50, dishIds: [eggDish.id] },
        { day: today(), meal: 'dinner', ageBand: '9-11', headcount: 50, dishIds: [friedRice.id] },
      ],
    });
    await publishPlan(sessions.manager, plan.id);
    await expectCreated(sessions.staff.post('/api/menus/production', { canteenId: tree.canteenA2.id, day: today(), meal: 'lunch', served: [{ ageBand: '9-11', headcount: 40 }], leftovers: [] }));

    const out = (canteenId: string, meal: 'lunch' | 'dinner', quantity: string) =>
      expectCreated(sessions.staff.post('/api/ledger/stock-outs', { canteenId, occurredOn: today(), meal, lines: [{ ingredientId: rice.id, quantity }] }));
    await out(tree.canteenA1.id, 'lunch', '20');
    await out(tree.canteenA2.id, 'lunch', '4');
    await out(tree.canteenA2.id, 'dinner', '3');

    const response = await sessions.officialA.get(`/api/trace/forward?supplierId=${supplier.id}&lotCode=${riceLot}`);
    expect(response.status).toBe(200);
    const trace = ZForwardTrace.parse(response.body) as TForwardTrace;
    const mealsOf = (canteenId: string) => trace.canteens.find((c) => c.canteen.id === canteenId)!.meals;
    expect(mealsOf(tree.canteenA1.id)).toEqual([{ day: today(), meal: 'lunch', dishes: ['米饭', '回锅肉'], servedTotal: 380, batchIds: [riceA1] }]);
    const a2Meals = [
      { day: today(), meal: 'lunch', dishes: ['番茄炒蛋'], servedTotal: 40, batchIds: [riceA2] },
      { day: today(), meal: 'dinner', dishes: ['蛋炒饭'], servedTotal: null, batchIds: [riceA2] },
    ];
    expect(mealsOf(tree.canteenA2.id)).toEqual(a2Meals);
    expect((await backward(sessions.officialA, tree.canteenA2.id, today())).meals).toEqual(a2Meals);
  });
});
