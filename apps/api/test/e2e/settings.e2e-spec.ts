import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEFAULT_NUTRITION_TARGETS, SETTING_KEYS, type TAgeBandTargets } from '@canteen/shared';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { auditEntriesAfter, lastAuditId } from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';

const put = (session: Session, url: string, body: object) => session.agent.put(url).set('x-csrf-token', session.csrf).send(body);

const withEnergy = (kcal: number): TAgeBandTargets => ({ ...DEFAULT_NUTRITION_TARGETS['9-11'], dailyEnergyKcal: kcal });

async function stored() {
  const [row] = await testPrisma().$queryRawUnsafe<{ settings: bigint; audit: bigint; outbox: bigint }[]>(
    `SELECT (SELECT count(*) FROM org_setting) AS settings, (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM outbox_event) AS outbox`,
  );
  return { settings: Number(row!.settings), audit: Number(row!.audit), outbox: Number(row!.outbox) };
}

describe('settings inherited down the tree, and nutrition targets', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let cityAdmin: Session;
  let countyAdmin: Session;
  let countyBAdmin: Session;
  let principal: Session;
  let staff: Session;

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    cityAdmin = await signIn(app, await createUser('official_admin', tree.cityA));
    countyAdmin = await signIn(app, await createUser('official_admin', tree.countyA));
    countyBAdmin = await signIn(app, await createUser('official_admin', tree.countyB));
    principal = await signIn(app, await createUser('principal', tree.schoolA));
    staff = await signIn(app, await createUser('canteen_staff', tree.schoolA));
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const targetsAt = async (session: Session, unitId: string, ageBand = '9-11') => {
    const response = await session.get(`/api/nutrition/targets?orgUnitId=${unitId}&ageBand=${ageBand}`);
    expect(response.status).toBe(200);
    return response.body.bands[0] as { ageBand: string; targets: TAgeBandTargets; source: { orgUnitId: string; name: string; level: string } | null };
  };

  it('before anyone sets them, a school sees the WS/T 554 defaults from no unit', async () => {
    const band = await targetsAt(principal, tree.schoolA.id);
    expect(band).toEqual({ ageBand: '9-11', targets: DEFAULT_NUTRITION_TARGETS['9-11'], source: null });
    const all = await principal.get(`/api/nutrition/targets?orgUnitId=${tree.schoolA.id}`);
    expect(all.body.bands.map((b: { ageBand: string }) => b.ageBand)).toEqual(['3-5', '6-8', '9-11', '12-14', '15-17']);
  });

  it('the city sets, the county overrides, the school sees the county’s; the sibling county sees the city’s; each change audited with an event', async () => {
    const audit = await lastAuditId();
    const city = await put(cityAdmin, `/api/settings/nutrition.targets?orgUnitId=${tree.cityA.id}`, { value: { '9-11': withEnergy(2100), '12-14': { ...DEFAULT_NUTRITION_TARGETS['12-14'], dailyProteinG: 64 } }, reason: '市教育局统一调整' });
    expect(city.status).toBe(200);
    expect(city.body).toMatchObject({ key: 'nutrition.targets', source: { orgUnitId: tree.cityA.id, level: 'city' }, editable: true });
    const county = await put(countyAdmin, `/api/settings/nutrition.targets?orgUnitId=${tree.countyA.id}`, { value: { '9-11': withEnergy(1950) }, reason: '山区学校活动量调整' });
    expect(county.status).toBe(200);

    const school = await targetsAt(principal, tree.schoolA.id);
    expect(school.targets.dailyEnergyKcal).toBe(1950);
    expect(school.source).toEqual({ orgUnitId: tree.countyA.id, name: tree.countyA.name, level: 'county' });
    // The county set only 9–11: 12–14 still comes from the city, 6–8 from the default.
    expect(await targetsAt(principal, tree.schoolA.id, '12-14')).toMatchObject({ targets: { dailyProteinG: 64 }, source: { orgUnitId: tree.cityA.id } });
    expect((await targetsAt(principal, tree.schoolA.id, '6-8')).source).toBeNull();
    const sibling = await targetsAt(countyBAdmin, tree.schoolB.id);
    expect(sibling).toMatchObject({ targets: { dailyEnergyKcal: 2100 }, source: { orgUnitId: tree.cityA.id } });

    const entries = await auditEntriesAfter(audit);
    expect(entries.map((e) => [e.action, e.entity, e.entityId])).toEqual([
      ['create', 'org_setting', tree.cityA.id],
      ['create', 'org_setting', tree.countyA.id],
    ]);
    const events = await testPrisma().outboxEvent.findMany({ where: { type: 'settings.changed', orgPath: { startsWith: tree.cityA.path } }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.payload)).toEqual([
      { orgUnitId: tree.cityA.id, key: 'nutrition.targets', cleared: false },
      { orgUnitId: tree.countyA.id, key: 'nutrition.targets', cleared: false },
    ]);
  });

  it('lists every key at a unit with its effective value, source and whether the asker may set it', async () => {
    const response = await principal.get(`/api/settings?orgUnitId=${tree.schoolA.id}`);
    expect(response.status).toBe(200);
    const byKey = Object.fromEntries(response.body.map((s: { key: string }) => [s.key, s]));
    expect(Object.keys(byKey)).toEqual(SETTING_KEYS);
    expect(byKey['nutrition.targets']).toMatchObject({ source: { orgUnitId: tree.countyA.id }, own: null, editable: false });
    expect(byKey['menus.executionTolerance']).toMatchObject({ value: { over: 0.1, under: 0.2 }, source: null, editable: false });
    // A principal may set the school's own meal-fund standard, and nothing above the school.
    expect(byKey['meals.fundStandardFen']).toMatchObject({ value: { perDayFen: 1200, perMealFen: { lunch: 500 } }, editable: true });
  });

  it('a principal sets the school’s meal-fund standard; a canteen inherits it', async () => {
    const response = await put(principal, `/api/settings/meals.fundStandardFen?orgUnitId=${tree.schoolA.id}`, { value: { perDayFen: 1500, perMealFen: { breakfast: 400, lunch: 600, dinner: 500 } }, reason: '寄宿制学校伙食费标准' });
    expect(response.status).toBe(200);
    const canteen = await principal.get(`/api/settings?orgUnitId=${tree.canteenA1.id}`);
    expect(canteen.body.find((s: { key: string }) => s.key === 'meals.fundStandardFen')).toMatchObject({ value: { perDayFen: 1500 }, source: { orgUnitId: tree.schoolA.id, level: 'school' } });
  });

  it('clearing a unit’s own value makes it inherit again', async () => {
    const response = await put(countyAdmin, `/api/settings/nutrition.targets?orgUnitId=${tree.countyA.id}`, { value: null, reason: '恢复市级标准' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ own: null, source: { orgUnitId: tree.cityA.id } });
    expect((await targetsAt(principal, tree.schoolA.id)).targets.dailyEnergyKcal).toBe(2100);
  });

  it.each([
    ['a negative energy', 'nutrition.targets', () => ({ '9-11': withEnergy(-5) }), /^value\.9-11\.dailyEnergyKcal$/],
    ['a range whose minimum exceeds its maximum', 'nutrition.targets', () => ({ '9-11': { ...withEnergy(2000), fatPercentEnergy: { min: 35, max: 20 } } }), /fatPercentEnergy/],
    ['an unknown age band only', 'nutrition.targets', () => ({ '18-20': withEnergy(2000) }), /.*/],
    ['a fen amount with decimals', 'meals.fundStandardFen', () => ({ perDayFen: 12.5, perMealFen: { breakfast: 300, lunch: 500, dinner: 400 } }), /perDayFen/],
    ['a tolerance above 1', 'menus.executionTolerance', () => ({ over: 1.5, under: 0.2 }), /over/],
    ['a string', 'menus.executionTolerance', () => 'loose', /^value$/],
  ])('refuses %s with 400, storing nothing', async (_name, key, value, path) => {
    const before = await stored();
    const response = await put(cityAdmin, `/api/settings/${key}?orgUnitId=${tree.cityA.id}`, { value: value(), reason: '测试错误输入' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'VALIDATION_FAILED', messageEn: expect.any(String) });
    expect(response.body.issues.map((i: { path: string }) => i.path).join(' ')).toMatch(path);
    expect(await stored()).toEqual(before);
  });

  it('refuses an unknown key, a missing value or reason, and a key set at a level it does not allow', async () => {
    const before = await stored();
    expect((await put(cityAdmin, `/api/settings/nutrition.magic?orgUnitId=${tree.cityA.id}`, { value: 1, reason: '测试' })).status).toBe(400);
    expect((await put(cityAdmin, `/api/settings/menus.executionTolerance?orgUnitId=${tree.cityA.id}`, { reason: '测试' })).status).toBe(400);
    expect((await put(cityAdmin, `/api/settings/menus.executionTolerance?orgUnitId=${tree.cityA.id}`, { value: { over: 0.1, under: 0.2 } })).status).toBe(400);
    const atSchool = await put(countyAdmin, `/api/settings/nutrition.targets?orgUnitId=${tree.schoolA.id}`, { value: { '9-11': withEnergy(2000) }, reason: '测试' });
    expect(atSchool.status).toBe(400);
    expect(atSchool.body).toMatchObject({ error: 'SETTING_LEVEL', message: expect.stringMatching(/只能在/), messageEn: expect.stringMatching(/can only be set at/) });
    const principalTolerance = await put(principal, `/api/settings/menus.executionTolerance?orgUnitId=${tree.schoolA.id}`, { value: { over: 0.5, under: 0.5 }, reason: '测试' });
    expect(principalTolerance.status).toBe(400);
    expect((await put(staff, `/api/settings/meals.fundStandardFen?orgUnitId=${tree.schoolA.id}`, { value: { perDayFen: 1, perMealFen: { breakfast: 0, lunch: 1, dinner: 0 } }, reason: '测试' })).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it('answers 404 for another county’s unit, on every settings and targets endpoint, storing nothing', async () => {
    const before = await stored();
    const other = tree.countyB.id;
    expect((await countyAdmin.get(`/api/settings?orgUnitId=${other}`)).status).toBe(404);
    expect((await countyAdmin.get(`/api/nutrition/targets?orgUnitId=${tree.schoolB.id}`)).status).toBe(404);
    const write = await put(countyAdmin, `/api/settings/nutrition.targets?orgUnitId=${other}`, { value: { '9-11': withEnergy(2000) }, reason: '越权测试' });
    expect(write.status).toBe(404);
    // A unit above the asker is outside its subtree too.
    expect((await put(countyAdmin, `/api/settings/nutrition.targets?orgUnitId=${tree.cityA.id}`, { value: { '9-11': withEnergy(2000) }, reason: '越权测试' })).status).toBe(404);
    expect((await principal.get(`/api/settings?orgUnitId=${tree.schoolC.id}`)).status).toBe(404);
    expect(await stored()).toEqual(before);
  });
});
