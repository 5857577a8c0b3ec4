import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createIngredient, createSupplier } from '@test/factories/supply.factory';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { auditEntriesAfter, lastAuditId, uniqueName } from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';

const HAS_CHINESE = /[\u4e00-\u9fff]/;

async function counts() {
  const [row] = await testPrisma().$queryRawUnsafe<{ ingredient: bigint; audit_log: bigint }[]>(
    'SELECT (SELECT count(*) FROM ingredient) AS ingredient, (SELECT count(*) FROM audit_log) AS audit_log',
  );
  return { ingredient: Number(row!.ingredient), audit: Number(row!.audit_log) };
}

describe('ingredient catalogue', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let operator: Session;
  let countyAdmin: Session;
  let staff: Session;
  let principal: Session;
  let supplierUser: Session;
  let before: Awaited<ReturnType<typeof counts>>;

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    operator = await signIn(app, await createUser('operator', tree.province));
    countyAdmin = await signIn(app, await createUser('official_admin', tree.countyB));
    staff = await signIn(app, await createUser('canteen_staff', tree.schoolA));
    principal = await signIn(app, await createUser('principal', tree.schoolA));
    const supplier = await createSupplier();
    supplierUser = await signIn(app, await createUser('supplier', null, { supplierId: supplier.id }));
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });
  const nothingWritten = async () => expect(await counts()).toEqual(before);

  it('an admin adds an ingredient with unit defaults; audited', async () => {
    const audit = await lastAuditId();
    const name = uniqueName('大白菜');
    const response = await countyAdmin.post('/api/ingredients', { name, category: 'vegetables', unit: 'kg', shelfLifeDays: 5 });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name,
      category: 'vegetables',
      unit: 'kg',
      unitDecimals: 2,
      shelfLifeDays: 5,
      coldChain: 'ambient',
      quarantineRequired: false,
      code: expect.stringMatching(/^ING-/),
    });
    expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'create', entity: 'ingredient', entityId: response.body.id })]);
  });

  it('meat requires a quarantine certificate by default and cannot be set not to', async () => {
    const pork = await operator.post('/api/ingredients', { code: uniqueName('PORK').slice(0, 30), name: uniqueName('猪肉'), category: 'livestock', unit: 'kg', coldChain: 'chilled', shelfLifeDays: 3 });
    expect(pork.status).toBe(201);
    expect(pork.body).toMatchObject({ quarantineRequired: true, coldChain: 'chilled' });
    before = await counts();
    const refused = await operator.post('/api/ingredients', { name: uniqueName('牛肉'), category: 'livestock', unit: 'kg', quarantineRequired: false });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'QUARANTINE_REQUIRED', message: expect.stringMatching(/检疫/), messageEn: expect.stringMatching(/quarantine/) });
    expect((await operator.patch(`/api/ingredients/${pork.body.id}`, { quarantineRequired: false })).status).toBe(400);
    await nothingWritten();
  });

  it.each([
    ['亚硝酸钠', /亚硝酸盐/, /Nitrites/],
    ['新鲜四季豆', /四季豆/, /Green beans/],
    ['鲜黄花菜', /秋水仙碱/, /daylily/],
    ['野生菌', /野生菌/, /Wild mushrooms/],
    ['发芽土豆', /龙葵素/, /Sprouted potatoes/],
    ['裱花蛋糕', /裱花蛋糕/, /cream cakes/],
  ])('refuses the forbidden food %s with the reason, on create and on rename', async (name, zh, en) => {
    before = await counts();
    const response = await operator.post('/api/ingredients', { name, category: 'vegetables', unit: 'kg' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'FORBIDDEN_FOOD', message: expect.stringMatching(zh), messageEn: expect.stringMatching(en) });
    const existing = await createIngredient();
    before = await counts();
    const renamed = await operator.patch(`/api/ingredients/${existing.id}`, { name });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error).toBe('FORBIDDEN_FOOD');
    await nothingWritten();
  });

  it('refuses an unknown category or unit, decimals a counted unit cannot have, bad shelf life and duplicates', async () => {
    const existing = await createIngredient();
    before = await counts();
    const cases: [object, number, string?][] = [
      [{ name: '苹果', category: 'sweets', unit: 'kg' }, 400],
      [{ name: '苹果', category: 'fruit', unit: 'jin' }, 400],
      [{ name: '鸡蛋', category: 'eggs', unit: 'piece', unitDecimals: 2 }, 400, 'UNIT_DECIMALS'],
      [{ name: '苹果', category: 'fruit', unit: 'kg', unitDecimals: 4 }, 400],
      [{ name: '苹果', category: 'fruit', unit: 'kg', shelfLifeDays: 0 }, 400],
      [{ name: '苹果', category: 'fruit', unit: 'kg', shelfLifeDays: 1.5 }, 400],
      [{ name: '', category: 'fruit', unit: 'kg' }, 400],
      [{ name: '苹果', category: 'fruit', unit: 'kg', code: 'bad code!' }, 400],
      [{ name: existing.name, category: 'fruit', unit: 'kg' }, 409],
      [{ name: uniqueName('苹果'), code: existing.code, category: 'fruit', unit: 'kg' }, 409],
    ];
    for (const [body, status, code] of cases) {
      const response = await operator.post('/api/ingredients', body);
      expect(response.status).toBe(status);
      expect(response.body.message).toMatch(HAS_CHINESE);
      if (code) expect(response.body.error).toBe(code);
    }
    await nothingWritten();
  });

  it('only supplier:write holders add or change ingredients', async () => {
    const existing = await createIngredient();
    before = await counts();
    for (const session of [staff, principal, supplierUser]) {
      expect((await session.post('/api/ingredients', { name: uniqueName('青菜'), category: 'vegetables', unit: 'kg' })).status).toBe(403);
      expect((await session.patch(`/api/ingredients/${existing.id}`, { shelfLifeDays: 9 })).status).toBe(403);
    }
    await nothingWritten();
  });

  it('any signed-in user lists, searches and reads the catalogue, suppliers included', async () => {
    const egg = await createIngredient({ name: uniqueName('鸡蛋'), category: 'eggs', unit: 'piece' });
    for (const session of [staff, principal, supplierUser, operator]) {
      const search = await session.get(`/api/ingredients?q=${encodeURIComponent(egg.name)}`);
      expect(search.status).toBe(200);
      expect(search.body.items.map((i: { id: string }) => i.id)).toEqual([egg.id]);
      expect((await session.get(`/api/ingredients/${egg.id}`)).body).toMatchObject({ name: egg.name, unit: 'piece' });
    }
    const eggs = await staff.get('/api/ingredients?category=eggs&pageSize=200');
    expect(eggs.body.items.every((i: { category: string }) => i.category === 'eggs')).toBe(true);
    expect((await staff.get('/api/ingredients?category=sweets')).status).toBe(400);
    expect((await staff.get('/api/ingredients/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await staff.get('/api/ingredients/not-a-uuid')).status).toBe(400);
  });

  it('updates keep the rules: a new unit brings its decimals down, audited', async () => {
    const rice = await createIngredient({ name: uniqueName('大米'), category: 'grains', unit: 'kg' });
    const audit = await lastAuditId();
    const response = await operator.patch(`/api/ingredients/${rice.id}`, { unit: 'bag', shelfLifeDays: 180 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ unit: 'bag', unitDecimals: 0, shelfLifeDays: 180 });
    expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'update', entity: 'ingredient', entityId: rice.id })]);
    const cleared = await operator.patch(`/api/ingredients/${rice.id}`, { shelfLifeDays: null });
    expect(cleared.body.shelfLifeDays).toBeNull();
    expect((await operator.patch(`/api/ingredients/${rice.id}`, {})).status).toBe(400);
    expect((await operator.patch('/api/ingredients/00000000-0000-4000-8000-000000000000', { shelfLifeDays: 3 })).status).toBe(404);
  });
});
