import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FOOD_CSV_COLUMNS } from '@canteen/shared';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createIngredient } from '@test/factories/supply.factory';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { auditEntriesAfter, lastAuditId, uniqueName } from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';

const HEADER = FOOD_CSV_COLUMNS.join(',');
// Codes of this file only: other suites share the database.
const P = uniqueName('E2E').slice(-10);
const RICE = `${P}R,稻米,grains,100,345,7.7,0.6,77.4,0.6,11,1.1,1.45,0,0,2.4,e2e`;
const PORK = `${P}P,猪肉（瘦）,livestock,100,143,20.3,6.2,1.5,0,6,3.0,2.99,44,0,57.5,e2e`;
const CABBAGE = `${P}C,大白菜,vegetables,87,17,1.5,0.1,3.2,0.8,50,0.7,0.38,7,31,57.5,e2e`;
const csv = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`, 'utf8');

async function stored() {
  const [row] = await testPrisma().$queryRawUnsafe<{ foods: bigint; audit: bigint }[]>(
    `SELECT (SELECT count(*) FROM food_composition) AS foods, (SELECT count(*) FROM audit_log) AS audit`,
  );
  return { foods: Number(row!.foods), audit: Number(row!.audit) };
}

describe('nutrition: food table import, catalogue links, assessment', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let operator: Session;
  let countyAdmin: Session;
  let manager: Session;

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    operator = await signIn(app, await createUser('operator', tree.province));
    countyAdmin = await signIn(app, await createUser('official_admin', tree.countyA));
    manager = await signIn(app, await createUser('canteen_manager', tree.schoolA));
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const upload = (session: Session, data: Buffer, fields: Record<string, string> = {}) => {
    let pending = session.agent.post('/api/nutrition/foods/import').set('x-csrf-token', session.csrf);
    for (const [key, value] of Object.entries(fields)) pending = pending.field(key, value);
    return pending.attach('file', data, 'foods.csv');
  };
  const put = (session: Session, url: string, body: object) => session.agent.put(url).set('x-csrf-token', session.csrf).send(body);

  it('the operator imports a good file: upserted, counted, audited, searchable', async () => {
    const audit = await lastAuditId();
    const response = await upload(operator, csv('# a licensed extract', HEADER, RICE, PORK, CABBAGE));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ rows: 3, created: 3, updated: 0, skippedChecks: [expect.objectContaining({ row: 5, column: 'energy_kcal' })] });
    const [entry] = await auditEntriesAfter(audit);
    expect(entry).toMatchObject({ action: 'import', entity: 'food_composition', after: expect.objectContaining({ rows: 3, created: 3, file: 'foods.csv' }) });

    const again = await upload(operator, csv(HEADER, RICE.replace(',345,', ',346,')));
    expect(again.body).toMatchObject({ rows: 1, created: 0, updated: 1 });
    const found = await manager.get(`/api/nutrition/foods?q=${P}R`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ total: 1, items: [{ code: `${P}R`, name: '稻米', foodGroup: 'grains', ediblePercent: 100, per100g: { energyKcal: 346, proteinG: 7.7 }, source: 'e2e' }] });
  });

  it('refuses a bad file whole, naming rows and columns in both languages, storing nothing', async () => {
    const before = await stored();
    const response = await upload(
      operator,
      csv(HEADER, `${P}X,好行,grains,100,345,7.7,0.6,77.4,0.6,11,1.1,1.45,0,0,2.4,e2e`, `${P}Y,坏行,vegetables,90,20,-1,0.2,4,5,50,0.8,0.3,10,30,50,e2e`, `${P}X,重复,fruit,0,50,0.4,0.2,13,1,4,0.3,0.04,4,3,1.3,e2e`),
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'FOOD_FILE_INVALID', message: expect.stringMatching(/整个文件未导入/), messageEn: expect.stringMatching(/nothing was imported/) });
    expect(response.body.issues.map((i: { path: string }) => i.path)).toEqual(['rows.3.protein_g', 'rows.4.code', 'rows.4.edible_percent']);
    expect(response.body.issues[0]).toEqual({ path: 'rows.3.protein_g', message: '第 3 行「protein_g 蛋白质(g)」：不能为负数', messageEn: 'Row 3, protein_g: may not be negative' });
    expect(await stored()).toEqual(before);
  });

  it('refuses a file with missing columns, a GBK file and a non-CSV file clearly; only the operator may import', async () => {
    const before = await stored();
    const columns = await upload(operator, csv('code,name,food_group', `${P}Z,米,grains`));
    expect(columns.status).toBe(400);
    expect(columns.body.issues.map((i: { path: string }) => i.path)).toContain('rows.1.energy_kcal');
    const gbk = await upload(operator, Buffer.concat([Buffer.from(`${HEADER}\n${P}G,`), Buffer.from([0xc3, 0xd7]), Buffer.from(',grains,100,345,7.7,0.6,77.4,0.6,11,1.1,1.45,0,0,2.4,e2e\n')]));
    expect(gbk.status).toBe(400);
    expect(gbk.body).toMatchObject({ error: 'FILE_ENCODING_GBK', messageEn: expect.stringMatching(/GBK.*UTF-8/) });
    expect((await upload(operator, Buffer.from('%PDF-1.4 not a table'))).status).toBe(415);
    expect((await upload(countyAdmin, csv(HEADER, RICE))).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it('takes the rows’ source from a form field when the file has none', async () => {
    const header = FOOD_CSV_COLUMNS.filter((c) => c !== 'source').join(',');
    const response = await upload(operator, csv(header, `${P}S,小米,grains,100,361,9.0,3.1,75.1,1.6,41,5.1,1.87,8,0,4.3`), { source: '中国食物成分表 第6版（授权版）' });
    expect(response.status).toBe(200);
    expect((await manager.get(`/api/nutrition/foods?q=${P}S`)).body.items[0].source).toBe('中国食物成分表 第6版（授权版）');
  });

  it('links catalogue ingredients to foods; counted units need grams per unit', async () => {
    const rice = await createIngredient({ category: 'grains' });
    const milk = await createIngredient({ category: 'milk', unit: 'box' });
    const audit = await lastAuditId();
    const linked = await put(countyAdmin, `/api/nutrition/ingredients/${rice.id}/food`, { foodCode: `${P}R`, gramsPerUnit: null });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ ingredientId: rice.id, foodCode: `${P}R`, foodName: '稻米', ediblePercent: 100, gramsPerUnit: null, gramsPerStockUnit: 1000 });
    expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'update', entity: 'ingredient', entityId: rice.id })]);

    const noWeight = await put(countyAdmin, `/api/nutrition/ingredients/${milk.id}/food`, { foodCode: `${P}R`, gramsPerUnit: null });
    expect(noWeight.status).toBe(400);
    expect(noWeight.body.error).toBe('GRAMS_PER_UNIT_REQUIRED');
    expect((await put(countyAdmin, `/api/nutrition/ingredients/${milk.id}/food`, { foodCode: 'NO-SUCH-FOOD', gramsPerUnit: 4944 })).body.error).toBe('FOOD_NOT_FOUND');
    expect((await put(countyAdmin, `/api/nutrition/ingredients/${milk.id}/food`, { foodCode: null, gramsPerUnit: -1 })).status).toBe(400);
    expect((await put(manager, `/api/nutrition/ingredients/${milk.id}/food`, { foodCode: null, gramsPerUnit: 4944 })).status).toBe(403);
    expect((await countyAdmin.get(`/api/nutrition/ingredients?q=${milk.code}&unlinked=true`)).body).toMatchObject({ total: 1, items: [{ foodCode: null, gramsPerStockUnit: null }] });
  });

  it('assesses a lunch at a canteen in scope against the inherited targets', async () => {
    const [rice, pork, cabbage] = await Promise.all(['grains', 'livestock', 'vegetables'].map((category) => createIngredient({ category: category as 'grains' })));
    await Promise.all([
      testPrisma().ingredient.update({ where: { id: rice!.id }, data: { foodCode: `${P}R` } }),
      testPrisma().ingredient.update({ where: { id: pork!.id }, data: { foodCode: `${P}P` } }),
      testPrisma().ingredient.update({ where: { id: cabbage!.id }, data: { foodCode: `${P}C` } }),
    ]);
    const body = { canteenId: tree.canteenA1.id, ageBand: '9-11', meals: [{ meal: 'lunch', items: [{ ingredientId: rice!.id, grams: 130 }, { ingredientId: pork!.id, grams: 18 }, { ingredientId: cabbage!.id, grams: 150 }] }] };
    const response = await manager.post('/api/nutrition/assess', body);
    expect(response.status).toBe(200);
    const lunch = response.body.meals[0];
    // rice 130 g × 3.46 + pork 18 g × 1.43 + cabbage 150 g × 0.17 = 449.8 + 25.74 + 25.5 kcal
    expect(lunch.totals.energyKcal).toBe(501.04);
    expect(lunch.groupsPresent).toEqual(['grains_tubers', 'vegetables_fruit', 'meat_fish_eggs']);
    expect(response.body).toMatchObject({ ageBand: '9-11', targetsSource: null, targets: { dailyEnergyKcal: 2000 } });
    expect(['amber', 'red']).toContain(response.body.verdict);
    expect(lunch.reasons.length).toBeGreaterThan(0);
  });

  it('imports which vegetables are dark, keeps them when a file has no such column, and counts the day’s fresh vegetables by kind', async () => {
    const header = `${HEADER},vegetable_colour`;
    const spinach = `${P}V1,菠菜,vegetables,89,28,2.6,0.3,4.5,1.7,66,2.9,0.85,243,32,85.2,e2e`;
    const carrot = `${P}V2,胡萝卜,vegetables,96,32,1.0,0.2,8.1,1.1,32,1.0,0.23,344,13,71.4,e2e`;
    const cucumber = `${P}V3,黄瓜,vegetables,92,16,0.8,0.2,2.9,0.5,24,0.5,0.18,8,9,4.9,e2e`;
    const imported = await upload(operator, csv(header, `${spinach},dark`, `${carrot},深色`, `${cucumber},light`));
    expect(imported.status).toBe(200);
    const colours = async () =>
      Object.fromEntries((await manager.get(`/api/nutrition/foods?q=${P}V`)).body.items.map((f: { code: string; vegetableColour: string | null }) => [f.code, f.vegetableColour]));
    expect(await colours()).toEqual({ [`${P}V1`]: 'dark', [`${P}V2`]: 'dark', [`${P}V3`]: 'light' });

    // A licensed table without the column updates the nutrients and leaves the colours as they were.
    expect((await upload(operator, csv(HEADER, spinach.replace(',28,', ',29,'), carrot))).body).toMatchObject({ updated: 2 });
    expect(await colours()).toEqual({ [`${P}V1`]: 'dark', [`${P}V2`]: 'dark', [`${P}V3`]: 'light' });

    const before = await stored();
    const bad = await upload(operator, csv(header, `${cucumber},green`, `${RICE},dark`));
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([
      {
        path: 'rows.2.vegetable_colour',
        message: '第 2 行「vegetable_colour 蔬菜颜色」：应为 dark（深色）、light（浅色），非新鲜蔬菜留空',
        messageEn: 'Row 2, vegetable_colour: use dark or light; leave it empty for anything but a fresh vegetable',
      },
      { path: 'rows.3.vegetable_colour', message: '第 3 行「vegetable_colour 蔬菜颜色」：只有蔬菜类才分深色、浅色', messageEn: 'Row 3, vegetable_colour: only vegetables are dark or light' },
    ]);
    expect(await stored()).toEqual(before);
    expect(await colours()).toEqual({ [`${P}V1`]: 'dark', [`${P}V2`]: 'dark', [`${P}V3`]: 'light' });
    // A food that stops being a vegetable loses its colour, column or not.
    const moved = `${P}V4,黄瓜（重分类）,vegetables,92,16,0.8,0.2,2.9,0.5,24,0.5,0.18,8,9,4.9,e2e`;
    await upload(operator, csv(header, `${moved},light`));
    expect((await upload(operator, csv(HEADER, moved.replace(',vegetables,', ',fruit,')))).status).toBe(200);
    expect((await colours())[`${P}V4`]).toBeNull();

    // Two catalogue ingredients of the same food are one kind: spinach, carrot, cucumber → 3 kinds, 2 dark.
    const [rice, spinachA, spinachB, carrotI, cucumberI] = await Promise.all(['grains', 'vegetables', 'vegetables', 'vegetables', 'vegetables'].map((category) => createIngredient({ category: category as 'grains' })));
    const links: [{ id: string }, string][] = [[rice!, 'R'], [spinachA!, 'V1'], [spinachB!, 'V1'], [carrotI!, 'V2'], [cucumberI!, 'V3']];
    await Promise.all(links.map(([ingredient, food]) => testPrisma().ingredient.update({ where: { id: ingredient.id }, data: { foodCode: `${P}${food}` } })));
    const assess = (items: { id: string }[]) =>
      manager.post('/api/nutrition/assess', { canteenId: tree.canteenA1.id, ageBand: '9-11', meals: [{ meal: 'lunch', items: [rice!, ...items].map((i) => ({ ingredientId: i.id, grams: 50 })) }] });
    const day = (await assess([spinachA!, spinachB!, carrotI!, cucumberI!])).body.day;
    expect(day.vegetables).toEqual({
      kinds: 3,
      darkKinds: 2,
      foods: [
        { code: `${P}V1`, name: '菠菜', colour: 'dark' },
        { code: `${P}V2`, name: '胡萝卜', colour: 'dark' },
        { code: `${P}V3`, name: '黄瓜', colour: 'light' },
      ],
    });
    expect(day.checks.filter((c: { key: string }) => /egetable/.test(c.key)).map((c: { key: string; verdict: string }) => [c.key, c.verdict])).toEqual([
      ['vegetableKinds', 'green'],
      ['darkVegetableShare', 'green'],
    ]);
    const short = (await assess([spinachA!, spinachB!, cucumberI!])).body.day;
    expect(short.vegetables).toMatchObject({ kinds: 2, darkKinds: 1 });
    expect(short.reasons).toEqual(
      expect.arrayContaining(['全天新鲜蔬菜 2 种（应至少 3 种）||The day: 2 kind(s) of fresh vegetable (at least 3)', '全天深色蔬菜 1/2 种（应超过一半）||The day: 1 of 2 fresh vegetables dark-coloured (should be over half)']),
    );
  });

  it('refuses absurd grams, unknown ingredients, a school instead of a canteen; another county’s canteen is 404', async () => {
    const rice = await createIngredient({ category: 'grains' });
    const lunch = (grams: number, ingredientId = rice.id) => [{ meal: 'lunch', items: [{ ingredientId, grams }] }];
    expect((await manager.post('/api/nutrition/assess', { canteenId: tree.canteenA1.id, ageBand: '9-11', meals: lunch(2500) })).status).toBe(400);
    expect((await manager.post('/api/nutrition/assess', { canteenId: tree.canteenA1.id, ageBand: '9-11', meals: lunch(-1) })).status).toBe(400);
    expect((await manager.post('/api/nutrition/assess', { canteenId: tree.canteenA1.id, ageBand: '18-25', meals: lunch(100) })).status).toBe(400);
    expect((await manager.post('/api/nutrition/assess', { canteenId: tree.canteenA1.id, ageBand: '9-11', meals: [...lunch(100), ...lunch(100)] })).status).toBe(400);
    const unknown = await manager.post('/api/nutrition/assess', { canteenId: tree.canteenA1.id, ageBand: '9-11', meals: lunch(100, '00000000-0000-4000-8000-000000000000') });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('INGREDIENT_NOT_FOUND');
    expect((await manager.post('/api/nutrition/assess', { canteenId: tree.schoolA.id, ageBand: '9-11', meals: lunch(100) })).body.error).toBe('NOT_A_CANTEEN');
    expect((await manager.post('/api/nutrition/assess', { canteenId: tree.canteenB.id, ageBand: '9-11', meals: lunch(100) })).status).toBe(404);
    expect((await countyAdmin.post('/api/nutrition/assess', { canteenId: tree.canteenB.id, ageBand: '9-11', meals: lunch(100) })).status).toBe(404);
    expect((await countyAdmin.post('/api/nutrition/assess', { canteenId: tree.canteenA1.id, ageBand: '9-11', meals: lunch(100) })).status).toBe(200);
  });
});
