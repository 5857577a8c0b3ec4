import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type TExecutionDeviationEvent, addDays } from '@canteen/shared';
import { WarningsEngine } from '@/modules/warnings/warnings-engine';
import { createStockedBatches, insertMovement } from '@test/factories/ledger.factory';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { openAlertsAbout } from '@test/factories/warnings.factory';
import { type MenuWorld, createDish, createMenuWorld, createPlan, line, menuCounts, nextWeek, publishPlan, thisWeek, today } from '@test/fixtures/menus';
import { startApp } from './harness';

jest.setTimeout(60_000);

/**
 * 执行真实性 on ledger data: a published lunch of rice and tomato with egg for 9–11-year-olds,
 * stock-outs booked through the ledger's own trigger (one of them reversed), and production
 * records whose served headcount makes the issue fit the recipes, or not.
 */
describe('menus: production records, execution truthfulness, demand to purchase, costs', () => {
  let app: NestFastifyApplication;
  let world: MenuWorld;
  let planId: string;
  let riceDish: { id: string };
  let tomatoEgg: { id: string };
  // 57 kg × 5.60 + 45 kg × 5.00 + 19 kg × 11.00 (the 25 kg reversed) + 2.065 L × 19.00, rounded per movement.
  const lunchIssuedFen = 31_920 + 22_500 + 20_900 + 3_924;
  // This suite's tree only: other suites sharing the database record meals of the same days.
  const deviationEvents = () =>
    testPrisma().outboxEvent.findMany({ where: { type: 'menus.execution-deviation', orgPath: { startsWith: world.tree.province.path } }, orderBy: { createdAt: 'asc' } });

  beforeAll(async () => {
    app = await startApp();
    world = await createMenuWorld(app);
    const { rice, tomato, eggs, oil, milk } = world.ingredients;
    riceDish = await createDish(world.sessions.countyAdmin, { name: '米饭', cookingMethod: 'steam', lines: [line(rice, 150, ['9-11'])] });
    tomatoEgg = await createDish(world.sessions.countyAdmin, { name: '番茄炒蛋', lines: [line(tomato, 100, ['9-11']), line(eggs, 50, ['9-11']), line(oil, 5, ['9-11'])] });
    const milkDish = await createDish(world.sessions.manager, { name: '学生奶', cookingMethod: 'other', lines: [line(milk, 200, ['9-11'])] });
    const plan = await createPlan(world.sessions.manager, {
      canteenId: world.tree.canteenA1.id,
      weekStart: thisWeek(),
      ageBands: [{ ageBand: '9-11', headcount: 480 }],
      entries: [
        { day: today(), meal: 'breakfast', ageBand: '9-11', headcount: 400, dishIds: [milkDish.id] },
        { day: today(), meal: 'lunch', ageBand: '9-11', headcount: 400, dishIds: [riceDish.id, tomatoEgg.id] },
      ],
    });
    planId = plan.id;
    await publishPlan(world.sessions.manager, planId);

    // Delivered and booked in today; then issued to today's lunch: rice and oil as the recipes ask for
    // 380 pupils, tomatoes 45 kg (+18 % over 38 kg), eggs 25 kg by mistake, reversed, then 19 kg.
    const stocked = await createStockedBatches(
      world.tree.canteenA1,
      [
        { ingredient: rice, quantity: '200', unitPriceFen: 560, expiryDate: addDays(today(), 300) },
        { ingredient: tomato, quantity: '60', unitPriceFen: 500 },
        { ingredient: eggs, quantity: '40', unitPriceFen: 1100, expiryDate: addDays(today(), 30) },
        { ingredient: oil, quantity: '20', unitPriceFen: 1900, expiryDate: addDays(today(), 300) },
      ],
      { supplier: world.supplier, contractId: world.contract.id, createdById: world.users.staff.id },
    );
    const [riceBatch, tomatoBatch, eggBatch, oilBatch] = stocked.batchIds as [string, string, string, string];
    const out = (batchId: string, quantity: string) => insertMovement({ batchId, kind: 'stock_out', quantity, meal: 'lunch', createdById: world.users.staff.id });
    await out(riceBatch, '-57');
    await out(tomatoBatch, '-45');
    const wrong = await out(eggBatch, '-25');
    await insertMovement({ batchId: eggBatch, kind: 'reversal', quantity: '25', meal: 'lunch', reversesId: wrong.id, reason: '录错数量，冲正', createdById: world.users.staff.id });
    await out(eggBatch, '-19');
    // 5 g × 380 = 1 900 g of oil, at 920 g per litre 2.065 L.
    await out(oilBatch, '-2.065');
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const record = (overrides: Record<string, unknown> = {}) => ({
    canteenId: world.tree.canteenA1.id,
    day: today(),
    meal: 'lunch',
    served: [{ ageBand: '9-11', headcount: 380 }],
    leftovers: [{ dishId: riceDish.id, grams: 2400 }],
    ...overrides,
  });

  it('a record whose meal was over-issued emits the deviation once; sending it again changes nothing', async () => {
    const response = await world.sessions.staff.post('/api/menus/production', record());
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ version: 1, servedTotal: 380, reason: null, plan: { id: planId, version: 1 } });
    expect(response.body.leftovers).toEqual([{ dish: expect.objectContaining({ id: riceDish.id, name: '米饭' }), grams: 2400 }]);
    const lines = Object.fromEntries(
      response.body.execution.lines.map((l: { ingredient: { id: string }; expected: string; issued: string; status: string }) => [l.ingredient.id, [l.expected, l.issued, l.status]]),
    );
    const { rice, tomato, eggs, oil } = world.ingredients;
    expect(lines).toEqual({
      [rice.id]: ['57', '57', 'ok'],
      [tomato.id]: ['38', '45', 'over'],
      [eggs.id]: ['19', '19', 'ok'],
      [oil.id]: ['2.065', '2.065', 'ok'],
    });
    expect(response.body.execution.outOfTolerance).toBe(true);

    const events = await deviationEvents();
    expect(events).toHaveLength(1);
    expect(events[0]!.orgPath).toBe(world.tree.canteenA1.path);
    expect(events[0]!.payload).toMatchObject({
      canteenId: world.tree.canteenA1.id,
      day: today(),
      meal: 'lunch',
      recordId: response.body.id,
      recordVersion: 1,
      tolerance: { over: 0.1, under: 0.2 },
      // Every ingredient that differs from the recipes, inside the tolerance or not; not the oil, issued
      // as the 1900 g ÷ 920 g/L = 2.0652… L of the recipes as closely as its litres' decimals allow.
      lines: [{ ingredientId: tomato.id, expected: '38', issued: '45', status: 'over', deviation: expect.closeTo(7 / 38, 6) }],
    });

    const before = await menuCounts();
    const again = await world.sessions.staff.post('/api/menus/production', record());
    expect(again.body).toMatchObject({ id: response.body.id, version: 1 });
    expect(await menuCounts()).toEqual(before);
    expect(await deviationEvents()).toHaveLength(1);
  });

  it('a correction needs a reason and is a new version; at 450 served the issue fits the tolerance, yet a county’s tighter rule still hears of it', async () => {
    const noReason = await world.sessions.staff.post('/api/menus/production', record({ served: [{ ageBand: '9-11', headcount: 450 }] }));
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toBe('REASON_REQUIRED');
    const corrected = await world.sessions.staff.post('/api/menus/production', record({ served: [{ ageBand: '9-11', headcount: 450 }], reason: '补录走读生就餐人数' }));
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ version: 2, servedTotal: 450, reason: '补录走读生就餐人数' });
    // Tomatoes 45 kg for 45 kg; rice 57 for 67.5 kg (−15.6 %, inside the 20 % under-tolerance).
    expect(corrected.body.execution.outOfTolerance).toBe(false);
    const events = await deviationEvents();
    expect(events).toHaveLength(2);
    const { rice, eggs, oil } = world.ingredients;
    const payload = events[1]!.payload as TExecutionDeviationEvent;
    expect(payload).toMatchObject({ recordId: corrected.body.id, recordVersion: 2 });
    expect(payload.lines.map((l) => [l.ingredientId, l.status, Math.round(l.deviation! * 1000) / 1000]).sort()).toEqual(
      [
        [oil.id, 'ok', -0.156],
        [rice.id, 'ok', -0.156],
        [eggs.id, 'ok', -0.156],
      ].sort(),
    );

    // 甲一区 takes anything 10 % below the recipes for short portions: the warnings raise what the menus let pass.
    const tightened = await world.sessions.countyAdmin.agent
      .put(`/api/warnings/rules/execution-deviation/thresholds?orgUnitId=${world.tree.countyA.id}`)
      .set('x-csrf-token', world.sessions.countyAdmin.csrf)
      .send({ values: { underPercent: 10 }, reason: '严查克扣学生餐' });
    expect(tightened.status).toBe(200);
    await app.get(WarningsEngine).onEvent({ eventId: events[1]!.id, type: events[1]!.type, orgPath: events[1]!.orgPath, payload });
    const alerts = await openAlertsAbout('execution-deviation', world.tree.canteenA1.id);
    expect(alerts).toEqual([expect.objectContaining({ dedupeKey: `canteen:${world.tree.canteenA1.id}:day:${today()}:meal:lunch`, responsibleUnitId: world.tree.schoolA.id })]);
    expect(alerts[0]!.detail).toMatchObject({ recordVersion: 2, thresholds: { underPercent: 10 } });
    expect((alerts[0]!.detail as { lines: { ingredientId: string; status: string }[] }).lines.map((l) => [l.ingredientId, l.status]).sort()).toEqual(
      [
        [oil.id, 'under'],
        [rice.id, 'under'],
        [eggs.id, 'under'],
      ].sort(),
    );

    const history = await world.sessions.officialA.get(`/api/menus/production/history?canteenId=${world.tree.canteenA1.id}&day=${today()}&meal=lunch`);
    expect(history.body.map((r: { version: number; servedTotal: number }) => [r.version, r.servedTotal])).toEqual([
      [2, 450],
      [1, 380],
    ]);
    // Records are append-only in the database as well.
    await expect(testPrisma().productionRecord.updateMany({ where: { canteenId: world.tree.canteenA1.id }, data: { servedTotal: 1 } })).rejects.toThrow(/append-only/);
  });

  it('the execution view shows planned, issued and served per ingredient, and the day’s mass balance', async () => {
    const response = await world.sessions.officialA.get(`/api/menus/execution?canteenId=${world.tree.canteenA1.id}&from=${today()}&to=${today()}`);
    expect(response.status).toBe(200);
    const lunch = response.body.meals.find((m: { meal: string }) => m.meal === 'lunch');
    expect(lunch).toMatchObject({ headcountSource: 'served', headcount: 450, record: { version: 2 }, plan: { id: planId, version: 1 }, outOfTolerance: false });
    expect(lunch.issuedFen).toBe(lunchIssuedFen);
    // Breakfast was planned but neither recorded nor issued: shown at the plan's headcount, not judged.
    const breakfast = response.body.meals.find((m: { meal: string }) => m.meal === 'breakfast');
    expect(breakfast).toMatchObject({ headcountSource: 'planned', headcount: 400, outOfTolerance: false });
    // 200 g × 400 of milk at 4 800 g a box.
    expect(breakfast.lines[0]).toMatchObject({ expected: '16.667', issued: '0' });

    const [day] = response.body.massBalance;
    expect(day).toMatchObject({ day: today(), headcount: 450, leftoverKg: 2.4, deliveredFen: 200 * 560 + 60 * 500 + 40 * 1100 + 20 * 1900 });
    expect(day.stockedInFen).toBe(day.deliveredFen);
    expect(day.issuedFen).toBe(lunch.issuedFen);
    // Served: 450 × (150 + 100 + 50 + 5) g = 137.25 kg of edible food.
    expect(day.servedKg).toBe(137.25);
    const tomatoRow = day.ingredients.find((i: { ingredient: { id: string } }) => i.ingredient.id === world.ingredients.tomato.id);
    expect(tomatoRow).toMatchObject({ delivered: '60', stockedIn: '60', issued: '45', expected: '45' });
  });

  it('cost per student per meal: stock-outs net of the reversal ÷ served, beside the plan and the fund standard', async () => {
    const response = await world.sessions.manager.get(`/api/menus/costs?canteenId=${world.tree.canteenA1.id}&from=${today()}&to=${today()}`);
    expect(response.status).toBe(200);
    const lunch = response.body.meals.find((m: { meal: string }) => m.meal === 'lunch');
    const issuedFen = lunchIssuedFen;
    expect(lunch).toMatchObject({ issuedFen, servedHeadcount: 450, actualPerStudentFen: Math.round(issuedFen / 450), fundStandardFen: 500 });
    // Planned: 150 g rice (0.84 fen/g) + 100 g tomato (0.5) + 50 g eggs (1.1) + 5 g oil (1 900 fen per 920 g).
    expect(lunch.plannedPerStudentFen).toBe(Math.round(150 * 0.56 + 100 * 0.5 + 50 * 1.1 + (5 / 920) * 1900));
    // The plan names what leaves a meal's cost unknown: breakfast's milk was never bought here.
    const plan = (await world.sessions.manager.get(`/api/menus/plans/${planId}`)).body;
    expect(plan.costs).toEqual([
      expect.objectContaining({ meal: 'breakfast', plannedPerStudentFen: null, uncosted: [{ id: world.ingredients.milk.id, name: world.ingredients.milk.name, missing: 'price' }] }),
      expect.objectContaining({ meal: 'lunch', plannedPerStudentFen: lunch.plannedPerStudentFen, uncosted: [] }),
    ]);
    // The view the ledger's cost report joins on.
    const [served] = await testPrisma().$queryRaw<{ headcount: number; version: number }[]>`
      SELECT headcount, version FROM meal_served WHERE canteen_id = ${world.tree.canteenA1.id}::uuid AND day = ${today()}::date AND meal = 'lunch'`;
    expect(served).toEqual({ headcount: 450, version: 2 });
  });

  it('demand to purchase: next week’s plan less stock on hand, per contracted supplier, accepted by the purchase-order endpoint', async () => {
    const plan = await createPlan(world.sessions.manager, {
      canteenId: world.tree.canteenA1.id,
      weekStart: nextWeek(),
      ageBands: [{ ageBand: '9-11', headcount: 480 }],
      entries: [0, 1].map((d) => ({ day: addDays(nextWeek(), d), meal: 'lunch', ageBand: '9-11', headcount: 400, dishIds: [riceDish.id, tomatoEgg.id] })),
    });
    const draft = await world.sessions.manager.get(`/api/menus/plans/${plan.id}/purchase-suggestion?from=${nextWeek()}&to=${addDays(nextWeek(), 1)}`);
    expect(draft.status).toBe(409);
    await publishPlan(world.sessions.manager, plan.id);
    const response = await world.sessions.manager.get(`/api/menus/plans/${plan.id}/purchase-suggestion?from=${nextWeek()}&to=${addDays(nextWeek(), 1)}`);
    expect(response.status).toBe(200);
    // Rice: 2 × 400 × 150 g = 120 kg against 143 kg on hand: enough. Tomatoes: 80 kg, less what keeps until Monday.
    const { rice, tomato, eggs, oil } = world.ingredients;
    expect(response.body.covered).toEqual(expect.arrayContaining([expect.objectContaining({ ingredient: expect.objectContaining({ id: rice.id }), demand: '120', onHand: '143' })]));
    const [group] = response.body.groups;
    expect(group).toMatchObject({ supplier: { id: world.supplier.id }, contract: { id: world.contract.id } });
    const quantities = Object.fromEntries(group.lines.map((l: { ingredient: { id: string }; quantity: string }) => [l.ingredient.id, l.quantity]));
    // Eggs: 40 kg needed, 21 kg on hand (40 − 25 + 25 − 19). Oil: 4.348 L needed, 17.935 L on hand.
    expect(quantities[eggs.id]).toBe('19');
    expect(quantities[oil.id]).toBeUndefined();
    expect(Number(quantities[tomato.id])).toBeGreaterThan(0);
    const order = await world.sessions.manager.post('/api/purchase-orders', group.order);
    expect(order.status).toBe(201);
    expect(order.body.lines.map((l: { ingredient: { id: string } }) => l.ingredient.id)).toEqual(group.lines.map((l: { ingredient: { id: string } }) => l.ingredient.id));
  });

  describe('bad input and scope: a clear 4xx, nothing stored', () => {
    let before: Record<string, number>;
    beforeEach(async () => {
      before = await menuCounts();
    });
    const refused = async (body: object, status: number, error: string) => {
      const response = await world.sessions.staff.post('/api/menus/production', body);
      expect(response.status).toBe(status);
      expect(response.body.error).toBe(error);
      expect(await menuCounts()).toEqual(before);
    };

    it('a future day, an unplanned meal, an age band the meal was not planned for, served above enrolment, a dish not on the meal', async () => {
      await refused(record({ day: addDays(today(), 1) }), 400, 'PRODUCTION_DAY_FUTURE');
      await refused(record({ meal: 'dinner' }), 400, 'MEAL_NOT_PLANNED');
      await refused(record({ served: [{ ageBand: '6-8', headcount: 10 }] }), 400, 'PRODUCTION_INVALID');
      await refused(record({ served: [{ ageBand: '9-11', headcount: 501 }] }), 400, 'PRODUCTION_INVALID');
      await refused(record({ served: [{ ageBand: '9-11', headcount: -1 }] }), 400, 'VALIDATION_FAILED');
      const other = await createDish(world.sessions.manager, { name: '清炒时蔬', lines: [line(world.ingredients.tomato, 100, ['9-11'])] });
      before = await menuCounts();
      await refused(record({ leftovers: [{ dishId: other.id, grams: 10 }], reason: '测试' }), 400, 'DISH_NOT_IN_MEAL');
    });

    it('a week without a published plan', async () => {
      await refused(record({ day: addDays(thisWeek(), -1) }), 409, 'NO_PUBLISHED_PLAN');
    });

    it('another county’s canteen answers 404 for records, history, execution and costs', async () => {
      const canteen = world.tree.canteenA1.id;
      expect((await world.sessions.managerB.post('/api/menus/production', record())).status).toBe(404);
      expect((await world.sessions.officialB.get(`/api/menus/production?canteenId=${canteen}&from=${today()}&to=${today()}`)).status).toBe(404);
      expect((await world.sessions.officialB.get(`/api/menus/production/history?canteenId=${canteen}&day=${today()}&meal=lunch`)).status).toBe(404);
      expect((await world.sessions.officialB.get(`/api/menus/execution?canteenId=${canteen}&from=${today()}&to=${today()}`)).status).toBe(404);
      expect((await world.sessions.officialB.get(`/api/menus/costs?canteenId=${canteen}&from=${today()}&to=${today()}`)).status).toBe(404);
      expect(await menuCounts()).toEqual(before);
    });
  });
});
