import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TStocktakeVarianceEvent, TWarningRule } from '@canteen/shared';
import { WarningsEngine } from '@/modules/warnings/warnings-engine';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, type TestUnit, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { openAlertsAbout, stockInWithoutDeliveryEvent } from '@test/factories/warnings.factory';
import { type Session, signIn, startApp } from './harness';

const RULE = 'stocktake-variance';
const put = (session: Session, url: string, body: object) => session.agent.put(url).set('x-csrf-token', session.csrf).send(body);
const setVariance = (session: Session, unit: TestUnit, value: number | null) =>
  put(session, `/api/warnings/rules/${RULE}/thresholds?orgUnitId=${unit.id}`, { values: { variancePercent: value }, reason: '按本地盘点情况调整' });

function threshold(rules: TWarningRule[], ruleId = RULE, name = 'variancePercent') {
  return rules.find((rule) => rule.id === ruleId)!.thresholds.find((t) => t.name === name)!;
}

/** A stocktake whose one line is off by `share` of its book quantity. */
function varianceEvent(canteen: TestUnit, share: number) {
  const payload: TStocktakeVarianceEvent = {
    stocktakeId: randomUUID(),
    canteenId: canteen.id,
    lines: [{ batchId: randomUUID(), ingredientId: randomUUID(), book: '100', counted: String(100 - share * 100), variance: String(-share * 100), share, varianceFen: -700 }],
  };
  return { eventId: randomUUID(), type: 'ledger.stocktake-variance', orgPath: canteen.path, payload };
}

describe('warnings: thresholds per unit, inherited down the tree and only tightened', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let cityAdmin: Session;
  let countyAdmin: Session;
  let otherCountyAdmin: Session;
  let principal: Session;
  let manager: Session;

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    cityAdmin = await signIn(app, await createUser('official_admin', tree.cityA));
    countyAdmin = await signIn(app, await createUser('official_admin', tree.countyA));
    otherCountyAdmin = await signIn(app, await createUser('official_admin', tree.countyC));
    principal = await signIn(app, await createUser('principal', tree.schoolA));
    manager = await signIn(app, await createUser('canteen_manager', tree.schoolA));
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  it('shows the catalogue with each rule\'s defaults where nobody set a value', async () => {
    const response = await manager.get(`/api/warnings/rules?orgUnitId=${tree.schoolA.id}`);
    expect(response.status).toBe(200);
    expect(response.body.map((rule: TWarningRule) => rule.id)).toEqual(expect.arrayContaining([RULE, 'stock-in-without-delivery']));
    expect(threshold(response.body)).toMatchObject({ value: 5, default: 5, tighter: 'lower', source: null, own: null, unit: '%' });
    expect(response.body.find((rule: TWarningRule) => rule.id === RULE)).toMatchObject({ editable: false, trigger: { kind: 'event', events: ['ledger.stocktake-variance'] } });
    expect((await principal.get(`/api/warnings/rules?orgUnitId=${tree.schoolA.id}`)).body[0].editable).toBe(true);
  });

  it('lets the city set, the county tighten, and refuses the school loosening (400), each change audited', async () => {
    const city = await setVariance(cityAdmin, tree.cityA, 8);
    expect(city.status).toBe(200);
    expect(threshold([city.body])).toMatchObject({ value: 8, own: 8, source: { orgUnitId: tree.cityA.id, level: 'city' } });

    // Not stricter than the city's 8 %.
    const looserCounty = await setVariance(countyAdmin, tree.countyA, 9);
    expect(looserCounty.status).toBe(400);
    expect(looserCounty.body.message).toContain('只能调低');

    expect((await setVariance(countyAdmin, tree.countyA, 4)).status).toBe(200);
    const atSchool = await principal.get(`/api/warnings/rules?orgUnitId=${tree.schoolA.id}`);
    expect(threshold(atSchool.body)).toMatchObject({ value: 4, own: null, source: { orgUnitId: tree.countyA.id } });
    const atOtherCounty = await cityAdmin.get(`/api/warnings/rules?orgUnitId=${tree.schoolB.id}`);
    expect(threshold(atOtherCounty.body)).toMatchObject({ value: 8, source: { orgUnitId: tree.cityA.id } });

    const looserSchool = await setVariance(principal, tree.schoolA, 6);
    expect(looserSchool.status).toBe(400);
    expect(looserSchool.body.messageEn).toContain('stricter');
    const stricterSchool = await setVariance(principal, tree.schoolA, 3);
    expect(stricterSchool.status).toBe(200);
    expect(threshold([stricterSchool.body])).toMatchObject({ value: 3, own: 3, source: { orgUnitId: tree.schoolA.id } });

    // Back to what the county set once the school clears its own value.
    const cleared = await setVariance(principal, tree.schoolA, null);
    expect(threshold([cleared.body])).toMatchObject({ value: 4, own: null });
    expect((await setVariance(principal, tree.schoolA, 3)).status).toBe(200);

    const audit = await testPrisma().auditLog.findMany({ where: { entity: 'org_setting', entityId: { in: [tree.cityA.id, tree.countyA.id, tree.schoolA.id] } }, orderBy: { id: 'asc' } });
    expect(audit.map((entry) => [entry.entityId, entry.action])).toEqual([
      [tree.cityA.id, 'create'],
      [tree.countyA.id, 'create'],
      [tree.schoolA.id, 'create'],
      [tree.schoolA.id, 'delete'],
      [tree.schoolA.id, 'create'],
    ]);
    expect(audit[1]!.after).toMatchObject({ key: 'warnings.thresholds', value: { [RULE]: { variancePercent: 4 } } });
  });

  it('evaluates with the thresholds in force at the subject: strict at the school, the city\'s elsewhere', async () => {
    const engine = app.get(WarningsEngine);
    await engine.onEvent(varianceEvent(tree.canteenB, 0.07));
    await engine.onEvent(varianceEvent(tree.canteenA1, 0.07));
    expect(await openAlertsAbout(RULE, tree.canteenB.id)).toHaveLength(0);
    const raised = await openAlertsAbout(RULE, tree.canteenA1.id);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.detail).toMatchObject({ variancePercent: 3 });
  });

  it('refuses unknown thresholds and rules, values out of range, and those without the right or the scope', async () => {
    const url = `/api/warnings/rules/${RULE}/thresholds?orgUnitId=${tree.countyA.id}`;
    expect((await put(countyAdmin, url, { values: { nope: 1 }, reason: '测试未知阈值' })).status).toBe(400);
    expect((await put(countyAdmin, url, { values: { variancePercent: 150 }, reason: '超出范围' })).status).toBe(400);
    expect((await put(countyAdmin, url, { values: { variancePercent: 'x' }, reason: '类型不对' })).status).toBe(400);
    expect((await put(countyAdmin, url, { values: { variancePercent: 3 } })).status).toBe(400);
    expect((await put(countyAdmin, `/api/warnings/rules/no-such-rule/thresholds?orgUnitId=${tree.countyA.id}`, { values: {}, reason: '不存在的规则' })).status).toBe(404);
    expect((await setVariance(manager, tree.schoolA, 2)).status).toBe(403);
    expect((await setVariance(otherCountyAdmin, tree.countyA, 2)).status).toBe(404);
    expect((await otherCountyAdmin.get(`/api/warnings/rules?orgUnitId=${tree.countyA.id}`)).status).toBe(404);
    // Still what the county set.
    expect(threshold((await countyAdmin.get(`/api/warnings/rules?orgUnitId=${tree.countyA.id}`)).body)).toMatchObject({ value: 4, own: 4 });
  });

  it('takes the time limits from the settings in force at the holder', async () => {
    const set = await put(countyAdmin, `/api/settings/warnings.sla?orgUnitId=${tree.countyA.id}`, {
      value: { warning: { ackHours: 1, handleHours: 4 } },
      reason: '本区要求更快响应',
    });
    expect(set.status).toBe(200);
    await app.get(WarningsEngine).onEvent(stockInWithoutDeliveryEvent(tree.canteenA2, randomUUID()));
    const [alert] = await openAlertsAbout('stock-in-without-delivery', tree.canteenA2.id);
    expect(alert!.ackDueAt.getTime() - alert!.raisedAt.getTime()).toBe(3_600_000);
    expect(alert!.handleDueAt.getTime() - alert!.raisedAt.getTime()).toBe(4 * 3_600_000);
    const refused = await put(countyAdmin, `/api/settings/warnings.sla?orgUnitId=${tree.countyA.id}`, { value: { warning: { ackHours: 5, handleHours: 4 } }, reason: '处置短于确认' });
    expect(refused.status).toBe(400);
  });
});
