import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEFAULT_NUTRITION_TARGETS, addDays } from '@canteen/shared';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestIngredient, createIngredient, linkVegetableFoods } from '@test/factories/supply.factory';
import { type MenuWorld, createDish, createMenuWorld, createPlan, line, menuCounts, nextWeek, publishPlan, thisWeek } from '@test/fixtures/menus';
import { signIn, startApp } from './harness';

// The world signs in six people (argon2 each); a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

describe('menus: dishes and meal plans', () => {
  let app: NestFastifyApplication;
  let world: MenuWorld;
  let rice: { id: string };
  let tomatoEgg: { id: string; versionId: string };

  beforeAll(async () => {
    app = await startApp();
    world = await createMenuWorld(app);
    const { rice: r, tomato, eggs, oil } = world.ingredients;
    // Standard dishes of county A, reused by its schools.
    rice = await createDish(world.sessions.countyAdmin, { name: '米饭', cookingMethod: 'steam', lines: [line(r, 150)] });
    tomatoEgg = await createDish(world.sessions.countyAdmin, {
      name: '番茄炒蛋',
      allergens: ['egg'],
      lines: [line(tomato, 100), line(eggs, 50), line(oil, 5)],
    });
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const weekBody = (overrides: Record<string, unknown> = {}) => ({
    canteenId: world.tree.canteenA1.id,
    weekStart: nextWeek(),
    ageBands: [
      { ageBand: '6-8', headcount: 200 },
      { ageBand: '9-11', headcount: 250 },
    ],
    entries: [0, 1, 2, 3, 4].flatMap((d) =>
      ['6-8', '9-11'].map((ageBand) => ({ day: addDays(nextWeek(), d), meal: 'lunch', ageBand, headcount: ageBand === '6-8' ? 190 : 240, dishIds: [rice.id, tomatoEgg.id] })),
    ),
    ...overrides,
  });

  describe('dishes', () => {
    it('a county publishes a standard dish with grams per age band; its school sees it, a sibling county does not', async () => {
      const response = await world.sessions.manager.get(`/api/menus/dishes/${tomatoEgg.id}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        name: '番茄炒蛋',
        standard: true,
        owner: { id: world.tree.countyA.id, level: 'county' },
        version: 1,
        allergens: ['egg'],
        ageBands: ['6-8', '9-11', '12-14'],
      });
      expect(response.body.lines).toEqual([
        expect.objectContaining({ ingredient: expect.objectContaining({ id: world.ingredients.tomato.id }), grams: { '6-8': 100, '9-11': 100, '12-14': 100 } }),
        expect.objectContaining({ ingredient: expect.objectContaining({ id: world.ingredients.eggs.id }), grams: { '6-8': 50, '9-11': 50, '12-14': 50 } }),
        expect.objectContaining({ ingredient: expect.objectContaining({ id: world.ingredients.oil.id }), grams: { '6-8': 5, '9-11': 5, '12-14': 5 } }),
      ]);
      const plannable = await world.sessions.manager.get(`/api/menus/dishes?canteenId=${world.tree.canteenA1.id}&pageSize=200`);
      expect(plannable.body.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([rice.id, tomatoEgg.id]));

      expect((await world.sessions.officialB.get(`/api/menus/dishes/${tomatoEgg.id}`)).status).toBe(404);
      expect((await world.sessions.managerB.get(`/api/menus/dishes/${tomatoEgg.id}`)).status).toBe(404);
      const listB = await world.sessions.managerB.get('/api/menus/dishes?pageSize=200');
      expect(listB.body.items.map((d: { id: string }) => d.id)).not.toContain(tomatoEgg.id);
    });

    it('a school may not change its county’s standard dish; the county’s change is a new version and the old one stays readable', async () => {
      const mine = await world.sessions.manager.patch(`/api/menus/dishes/${rice.id}`, { name: '米饭', cookingMethod: 'steam', lines: [line(world.ingredients.rice, 160)] });
      expect(mine.status).toBe(403);
      const dish = await createDish(world.sessions.countyAdmin, { name: '蒸蛋', cookingMethod: 'steam', lines: [line(world.ingredients.eggs, 60)] });
      const revised = await world.sessions.countyAdmin.patch(`/api/menus/dishes/${dish.id}`, {
        name: '鸡蛋羹',
        cookingMethod: 'steam',
        lines: [line(world.ingredients.eggs, 55)],
        reason: '按学生反馈调整口味和分量',
      });
      expect(revised.status).toBe(200);
      expect(revised.body).toMatchObject({ version: 2, name: '鸡蛋羹', reason: '按学生反馈调整口味和分量' });
      const versions = await world.sessions.manager.get(`/api/menus/dishes/${dish.id}/versions`);
      expect(versions.body.map((v: { version: number; name: string }) => [v.version, v.name])).toEqual([
        [2, '鸡蛋羹'],
        [1, '蒸蛋'],
      ]);
      expect(versions.body[1].lines[0].grams['9-11']).toBe(60);
    });

    describe('bad input: a clear 4xx, nothing stored', () => {
      let before: Record<string, number>;
      beforeEach(async () => {
        before = await menuCounts();
      });
      const refused = async (body: object, status = 400) => {
        const response = await world.sessions.manager.post('/api/menus/dishes', { cookingMethod: 'stir_fry', ...body });
        expect(response.status).toBe(status);
        expect(response.body.message).toMatch(/[\u4e00-\u9fff]/);
        expect(await menuCounts()).toEqual(before);
        return response.body;
      };

      it('a forbidden dish name or ingredient', async () => {
        const beans = await createIngredient({ name: `四季豆${Date.now()}` });
        const byName = await refused({ name: '干煸四季豆', lines: [line(world.ingredients.pork, 30)] });
        expect(byName.error).toBe('DISH_INVALID');
        expect(byName.issues[0]).toMatchObject({ path: 'name', message: expect.stringContaining('禁止') });
        const byIngredient = await refused({ name: '炒豆角', lines: [line(beans, 80)] });
        expect(byIngredient.issues).toEqual([expect.objectContaining({ path: 'lines.0.ingredientId', message: expect.stringContaining('禁止在学校食堂使用') })]);
      });

      it('no ingredients, grams of zero, negative or over 2 kg, bands that differ between lines', async () => {
        expect((await refused({ name: '空菜', lines: [] })).error).toBe('VALIDATION_FAILED');
        expect((await refused({ name: '米饭', lines: [line(world.ingredients.rice, 0)] })).error).toBe('VALIDATION_FAILED');
        expect((await refused({ name: '米饭', lines: [line(world.ingredients.rice, -20)] })).error).toBe('VALIDATION_FAILED');
        const absurd = await refused({ name: '米饭', lines: [line(world.ingredients.rice, 2500)] });
        expect(absurd.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^lines\.0\.grams/)]));
        await refused({ name: '番茄炒蛋', lines: [line(world.ingredients.tomato, 100, ['9-11']), line(world.ingredients.eggs, 50, ['6-8'])] });
        await refused({ name: '米饭', lines: [{ ingredientId: world.ingredients.rice.id, grams: { '18-25': 100 } }] });
      });

      it('an unknown ingredient, or a unit outside the scope as owner', async () => {
        const unknown = await refused({ name: '米饭', lines: [{ ingredientId: '00000000-0000-4000-8000-000000000000', grams: { '9-11': 100 } }] });
        expect(unknown.issues[0].path).toBe('lines.0.ingredientId');
        await refused({ name: '米饭', ownerUnitId: world.tree.schoolB.id, lines: [line(world.ingredients.rice, 100)] }, 404);
      });
    });
  });

  describe('meal plans', () => {
    it('drafts a week, publishes it (audited, announced with nutrition verdicts), then a change needs a reason and keeps the old version', async () => {
      const created = await createPlan(world.sessions.manager, weekBody());
      expect(created).toMatchObject({ status: 'draft', version: 1, weekStart: nextWeek(), school: { enrolment: 500 } });
      const plan = (await world.sessions.manager.get(`/api/menus/plans/${created.id}`)).body;
      expect(plan.entries).toHaveLength(10);
      expect(plan.entries[0]).toMatchObject({ day: nextWeek(), meal: 'lunch', ageBand: '6-8', headcount: 190, dishes: [expect.objectContaining({ id: rice.id }), expect.objectContaining({ id: tomatoEgg.id })] });
      expect(plan.costs[0]).toMatchObject({ day: nextWeek(), meal: 'lunch', headcount: 430, fundStandardFen: 500 });
      expect(plan.nutrition).toHaveLength(10);
      expect(plan.nutrition[0]).toMatchObject({ day: nextWeek(), ageBand: '6-8', assessment: expect.objectContaining({ verdict: expect.stringMatching(/green|amber|red/) }) });

      // A draft changes in place, without a reason.
      const edited = await world.sessions.manager.patch(`/api/menus/plans/${created.id}`, weekBody({ entries: weekBody().entries.slice(0, 8) }));
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ version: 1, status: 'draft' });
      expect(edited.body.entries).toHaveLength(8);

      const published = await publishPlan(world.sessions.manager, created.id);
      expect(published).toMatchObject({ status: 'published', version: 1, publishedBy: { id: world.users.manager.id } });
      const event = await testPrisma().outboxEvent.findFirst({ where: { type: 'menus.plan-published', payload: { path: ['planId'], equals: created.id } } });
      expect(event?.orgPath).toBe(world.tree.canteenA1.path);
      expect(event?.payload).toMatchObject({ canteenId: world.tree.canteenA1.id, weekStart: nextWeek(), version: 1, verdicts: expect.arrayContaining([expect.objectContaining({ ageBand: '9-11' })]) });
      expect((await world.sessions.manager.post(`/api/menus/plans/${created.id}/publish`)).status).toBe(409);

      const noReason = await world.sessions.manager.patch(`/api/menus/plans/${created.id}`, weekBody());
      expect(noReason.status).toBe(400);
      expect(noReason.body.error).toBe('REASON_REQUIRED');
      const revised = await world.sessions.manager.patch(`/api/menus/plans/${created.id}`, weekBody({ reason: '周五增加一餐' }));
      expect(revised.status).toBe(200);
      expect(revised.body).toMatchObject({ version: 2, status: 'published', reason: '周五增加一餐' });
      expect(revised.body.entries).toHaveLength(10);
      const events = await testPrisma().outboxEvent.findMany({ where: { type: 'menus.plan-published', payload: { path: ['planId'], equals: created.id } } });
      expect(events.map((e) => (e.payload as { version: number }).version).sort()).toEqual([1, 2]);

      const versions = await world.sessions.officialA.get(`/api/menus/plans/${created.id}/versions`);
      expect(versions.body.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
        [2, 'published'],
        [1, 'published'],
      ]);
      const first = await world.sessions.officialA.get(`/api/menus/plans/${created.id}/versions/1`);
      expect(first.body.entries).toHaveLength(8);
      const unchanged = await world.sessions.manager.patch(`/api/menus/plans/${created.id}`, weekBody({ reason: '再次保存' }));
      expect(unchanged.body.error).toBe('PLAN_UNCHANGED');

      // The published version is frozen in the database too, whoever writes.
      await expect(testPrisma().mealPlanEntry.deleteMany({ where: { version: { planId: created.id, version: 1 } } })).rejects.toThrow(/published/);

      // A revised dish does not change what the published version holds.
      const eggsBefore = first.body.entries[0].dishes[1].versionId;
      expect(eggsBefore).toBe(tomatoEgg.versionId);
    });

    it('judges each day’s fresh vegetables by kind and dark share, against the targets the county sets', async () => {
      const [spinach, carrot, cabbage] = [await createIngredient({ category: 'vegetables' }), await createIngredient({ category: 'vegetables' }), await createIngredient({ category: 'vegetables' })];
      await linkVegetableFoods([
        { ingredientId: spinach.id, name: '菠菜', colour: 'dark' },
        { ingredientId: carrot.id, name: '胡萝卜', colour: 'dark' },
        { ingredientId: cabbage.id, name: '大白菜', colour: 'light' },
      ]);
      const nine = (ingredient: TestIngredient) => line(ingredient, 50, ['9-11']);
      const threeKinds = await createDish(world.sessions.manager, { name: '三色时蔬', lines: [nine(spinach), nine(carrot), nine(cabbage)] });
      const twoKinds = await createDish(world.sessions.manager, { name: '菠菜白菜', lines: [nine(spinach), nine(cabbage)] });

      const weekStart = addDays(nextWeek(), 21);
      const day = (d: number, dishId: string) => ({ day: addDays(weekStart, d), meal: 'lunch', ageBand: '9-11', headcount: 240, dishIds: [rice.id, dishId] });
      const created = await createPlan(world.sessions.manager, weekBody({ weekStart, entries: [day(0, threeKinds.id), day(1, twoKinds.id)] }));
      const dayChecks = async (d: number) => {
        const plan = (await world.sessions.officialA.get(`/api/menus/plans/${created.id}`)).body;
        const { assessment } = plan.nutrition.find((n: { day: string }) => n.day === addDays(weekStart, d));
        const checks = assessment.day.checks.filter((c: { key: string }) => /egetable/.test(c.key));
        return { vegetables: assessment.day.vegetables, verdicts: Object.fromEntries(checks.map((c: { key: string; verdict: string }) => [c.key, c.verdict])), reasons: assessment.day.reasons as string[] };
      };

      const monday = await dayChecks(0);
      expect(monday.vegetables).toMatchObject({ kinds: 3, darkKinds: 2 });
      expect(monday.verdicts).toEqual({ vegetableKinds: 'green', darkVegetableShare: 'green' });
      const tuesday = await dayChecks(1);
      expect(tuesday.verdicts).toEqual({ vegetableKinds: 'red', darkVegetableShare: 'amber' });
      expect(tuesday.reasons).toContain('全天新鲜蔬菜 2 种（应至少 3 种）||The day: 2 kind(s) of fresh vegetable (at least 3)');
      expect(tuesday.reasons).toContain('全天深色蔬菜 1/2 种（应超过一半）||The day: 1 of 2 fresh vegetables dark-coloured (should be over half)');

      // The county asks for two kinds, a third of them dark: Tuesday passes; a share of 1 is refused, nothing changes.
      const put = (value: unknown, reason: string) => world.sessions.countyAdmin.agent.put(`/api/settings/nutrition.targets?orgUnitId=${world.tree.countyA.id}`).set('x-csrf-token', world.sessions.countyAdmin.csrf).send({ value, reason });
      const band = (change: object) => ({ '9-11': { ...DEFAULT_NUTRITION_TARGETS['9-11'], ...change } });
      const refused = await put(band({ darkVegetableShareOver: 1 }), '试行');
      expect(refused.status).toBe(400);
      expect(refused.body.issues).toEqual([expect.objectContaining({ path: 'value.9-11.darkVegetableShareOver', message: expect.stringContaining('深色蔬菜占比须小于 1') })]);
      expect((await dayChecks(1)).verdicts).toEqual({ vegetableKinds: 'red', darkVegetableShare: 'amber' });
      expect((await put(band({ minVegetableKindsPerDay: 2, darkVegetableShareOver: 1 / 3 }), '山区学校蔬菜供应有限')).status).toBe(200);
      expect((await dayChecks(1)).verdicts).toEqual({ vegetableKinds: 'green', darkVegetableShare: 'green' });
      expect((await put(null, '恢复标准')).status).toBe(200);
    });

    it('another county’s plan and canteen answer 404; its official sees nothing of them', async () => {
      const plans = await world.sessions.manager.get(`/api/menus/plans?canteenId=${world.tree.canteenA1.id}`);
      const id = plans.body.items[0].id as string;
      expect((await world.sessions.officialB.get(`/api/menus/plans/${id}`)).status).toBe(404);
      expect((await world.sessions.officialB.get(`/api/menus/plans/${id}/versions`)).status).toBe(404);
      expect((await world.sessions.officialB.get(`/api/menus/plans?canteenId=${world.tree.canteenA1.id}`)).status).toBe(404);
      expect((await world.sessions.managerB.patch(`/api/menus/plans/${id}`, weekBody({ reason: '越权修改' }))).status).toBe(404);
      expect((await world.sessions.managerB.post(`/api/menus/plans/${id}/publish`)).status).toBe(404);
      expect((await world.sessions.managerB.get(`/api/menus/plans/${id}/purchase-suggestion?from=${nextWeek()}&to=${nextWeek()}`)).status).toBe(404);
      const listB = await world.sessions.officialB.get('/api/menus/plans?pageSize=200');
      expect(listB.body.items.map((p: { id: string }) => p.id)).not.toContain(id);
      expect((await world.sessions.managerB.post('/api/menus/plans', weekBody())).status).toBe(404);
      // Staff may record production but not plan; officials only read.
      expect((await world.sessions.staff.post('/api/menus/plans', weekBody({ weekStart: addDays(nextWeek(), 7) }))).status).toBe(403);
      expect((await world.sessions.officialA.post('/api/menus/plans', weekBody({ weekStart: addDays(nextWeek(), 7) }))).status).toBe(403);
    });

    describe('bad input: a clear 4xx, nothing stored', () => {
      let before: Record<string, number>;
      beforeEach(async () => {
        before = await menuCounts();
      });
      const refused = async (body: object, error: string, status = 400) => {
        const response = await world.sessions.manager.post('/api/menus/plans', body);
        expect(response.status).toBe(status);
        expect(response.body.error).toBe(error);
        expect(response.body.message).toMatch(/[\u4e00-\u9fff]/);
        expect(await menuCounts()).toEqual(before);
        return response.body;
      };
      const week = (weekStart: string) => weekBody({ weekStart, entries: [{ day: weekStart, meal: 'lunch', ageBand: '9-11', headcount: 100, dishIds: [rice.id] }] });

      it('a past week, a start that is not a Monday', async () => {
        const body = await refused(week(addDays(thisWeek(), -7)), 'PLAN_WEEK_PAST');
        expect(body.message).toContain('已经过去');
        await refused({ ...week(addDays(thisWeek(), 14)), weekStart: addDays(thisWeek(), 15) }, 'PLAN_WEEK_NOT_MONDAY');
      });

      it('an age band the school does not serve, in the plan or an entry', async () => {
        const body = await refused(weekBody({ weekStart: addDays(nextWeek(), 7), ageBands: [{ ageBand: '15-17', headcount: 100 }], entries: [] }), 'AGE_BAND_NOT_SERVED');
        expect(body.issues[0].path).toBe('ageBands.0.ageBand');
        const entry = await refused(
          weekBody({ weekStart: addDays(nextWeek(), 7), entries: [{ day: addDays(nextWeek(), 7), meal: 'lunch', ageBand: '12-14', headcount: 10, dishIds: [rice.id] }] }),
          'AGE_BAND_NOT_SERVED',
        );
        expect(entry.issues[0].path).toBe('entries.0.ageBand');
      });

      it('a headcount above the school’s enrolment', async () => {
        const body = await refused(
          weekBody({ weekStart: addDays(nextWeek(), 7), ageBands: [{ ageBand: '6-8', headcount: 300 }, { ageBand: '9-11', headcount: 300 }], entries: [] }),
          'HEADCOUNT_ABOVE_ENROLMENT',
        );
        expect(body.message).toContain('500');
        await refused(
          weekBody({ weekStart: addDays(nextWeek(), 7), entries: [{ day: addDays(nextWeek(), 7), meal: 'lunch', ageBand: '9-11', headcount: 260, dishIds: [rice.id] }] }),
          'HEADCOUNT_ABOVE_ENROLMENT',
        );
      });

      it('a day outside the week, a dish of another county, a dish without the age band, a duplicate entry', async () => {
        const start = addDays(nextWeek(), 7);
        await refused(weekBody({ weekStart: start, entries: [{ day: addDays(start, 7), meal: 'lunch', ageBand: '9-11', headcount: 10, dishIds: [rice.id] }] }), 'ENTRY_OUTSIDE_WEEK');
        const foreign = await createDish(world.sessions.managerB, { name: '外县菜', lines: [line(world.ingredients.rice, 100)] });
        before = await menuCounts();
        await refused(weekBody({ weekStart: start, entries: [{ day: start, meal: 'lunch', ageBand: '9-11', headcount: 10, dishIds: [foreign.id] }] }), 'DISH_NOT_AVAILABLE');
        const small = await createDish(world.sessions.manager, { name: '幼儿米饭', lines: [line(world.ingredients.rice, 60, ['6-8'])] });
        before = await menuCounts();
        await refused(weekBody({ weekStart: start, entries: [{ day: start, meal: 'lunch', ageBand: '9-11', headcount: 10, dishIds: [small.id] }] }), 'DISH_AGE_BAND');
        const twice = { day: start, meal: 'lunch', ageBand: '9-11', headcount: 10, dishIds: [rice.id] };
        await refused(weekBody({ weekStart: start, entries: [twice, twice] }), 'VALIDATION_FAILED');
      });

      it('a second plan for the same week', async () => {
        await refused(weekBody(), 'PLAN_EXISTS', 409);
      });
    });
  });

  it('officials of county A read the school’s plans and dishes; a canteen user of county B signs in to an empty list', async () => {
    const session = await signIn(app, world.users.officialA);
    const list = await session.get(`/api/menus/plans?canteenId=${world.tree.canteenA1.id}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    const listB = await world.sessions.managerB.get('/api/menus/plans');
    expect(listB.body.total).toBe(0);
  });
});
