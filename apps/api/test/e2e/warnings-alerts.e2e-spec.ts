import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { z } from 'zod';
import { type DomainEvent } from '@/common/queue/domain-events';
import type { RuleDefinition } from '@/modules/warnings/rule';
import { findRule } from '@/modules/warnings/rule-catalogue';
import { WarningsEngine } from '@/modules/warnings/warnings-engine';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, type TestUnit, createTree, createUnit } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { openAlertsAbout, stockInWithoutDeliveryEvent } from '@test/factories/warnings.factory';
import { type Session, signIn, startApp } from './harness';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const RULE = 'stock-in-without-delivery';

/** A rule of the test's own, held by a chosen level, fed by a made-up event type. */
function testRule(responsibleLevel: RuleDefinition['responsibleLevel']): RuleDefinition {
  return {
    id: `test-held-by-${responsibleLevel}`,
    name: { zh: '测试规则', en: 'Test rule' },
    description: { zh: '测试', en: 'Test' },
    severity: 'critical',
    responsibleLevel,
    thresholds: { schema: z.object({}), fields: {} },
    trigger: { events: ['test.condition'] },
    evaluate: (_context, input) => {
      const payload = (input.kind === 'event' ? input.event.payload : {}) as { unitId: string; key: string };
      return Promise.resolve([{ dedupeKey: payload.key, subjectUnitId: payload.unitId, title: { zh: '测试预警', en: 'Test alert' }, detail: { key: payload.key } }]);
    },
  };
}

describe('warnings: alerts raised by the engine and their lifecycle', () => {
  let app: NestFastifyApplication;
  let engine: WarningsEngine;
  let tree: TestTree;
  let manager: Session;
  let principal: Session;
  let staff: Session;
  let countyAdmin: Session;
  let otherCountyAdmin: Session;
  let otherCityAdmin: Session;
  let cityAdmin: Session;
  let countyViewer: Session;
  let managerB: Session;
  let handlerIds: string[];
  let staffId: string;

  /** Raises a fresh alert about a canteen through the engine, as the worker would for the event. */
  async function raise(canteen: TestUnit = tree.canteenA1): Promise<string> {
    const ingredientId = randomUUID();
    await engine.onEvent(stockInWithoutDeliveryEvent(canteen, ingredientId));
    const alert = await testPrisma().alert.findFirstOrThrow({ where: { ruleId: RULE, dedupeKey: { contains: ingredientId } } });
    return alert.id;
  }

  async function raiseWith(rule: RuleDefinition, unit: TestUnit): Promise<string> {
    const key = `test:${randomUUID()}`;
    const event: DomainEvent = { eventId: randomUUID(), type: 'test.condition', orgPath: unit.path, payload: { unitId: unit.id, key } };
    await engine.evaluate(rule, event.eventId, { kind: 'event', event });
    return (await testPrisma().alert.findFirstOrThrow({ where: { dedupeKey: key } })).id;
  }

  const uploadEvidence = (session: Session, id: string) =>
    session.agent.post(`/api/alerts/${id}/evidence`).set('x-csrf-token', session.csrf).attach('file', PNG, '整改照片.png');

  async function handled(id: string): Promise<void> {
    expect((await manager.post(`/api/alerts/${id}/acknowledge`)).status).toBe(200);
    expect((await manager.post(`/api/alerts/${id}/handle`, { measures: '已追溯来源并补齐票证' })).status).toBe(200);
  }

  beforeAll(async () => {
    app = await startApp();
    engine = app.get(WarningsEngine);
    tree = await createTree();
    const managerUser = await createUser('canteen_manager', tree.schoolA);
    const principalUser = await createUser('principal', tree.schoolA);
    const staffUser = await createUser('canteen_staff', tree.schoolA);
    handlerIds = [managerUser.id, principalUser.id];
    staffId = staffUser.id;
    manager = await signIn(app, managerUser);
    principal = await signIn(app, principalUser);
    staff = await signIn(app, staffUser);
    countyAdmin = await signIn(app, await createUser('official_admin', tree.countyA));
    otherCountyAdmin = await signIn(app, await createUser('official_admin', tree.countyB));
    cityAdmin = await signIn(app, await createUser('official_admin', tree.cityA));
    otherCityAdmin = await signIn(app, await createUser('official_admin', tree.cityB));
    countyViewer = await signIn(app, await createUser('official_viewer', tree.countyA));
    managerB = await signIn(app, await createUser('canteen_manager', tree.schoolB));
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  it('raises an alert held by the school, with its SLA, a raised action and notifications for the school\'s handlers', async () => {
    const id = await raise();
    const row = await testPrisma().alert.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'raised', severity: 'warning', responsibleUnitId: tree.schoolA.id, subjectUnitId: tree.canteenA1.id, occurrences: 1 });
    expect(row.code).toMatch(/^AL-\d{8}-\d{4,}$/);
    // A warning: 8 h to acknowledge, 72 h to handle by default.
    expect(row.ackDueAt.getTime() - row.raisedAt.getTime()).toBe(8 * 3_600_000);
    expect(row.handleDueAt.getTime() - row.raisedAt.getTime()).toBe(72 * 3_600_000);

    const notified = await testPrisma().notification.findMany({ where: { alertId: id } });
    expect(notified.map((n) => n.userId).sort()).toEqual([...handlerIds].sort());
    expect(notified.every((n) => n.kind === 'new')).toBe(true);
    expect(notified.some((n) => n.userId === staffId)).toBe(false);

    const detail = await manager.get(`/api/alerts/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id,
      rule: { id: RULE },
      responsibleUnit: { id: tree.schoolA.id },
      subjectUnit: { id: tree.canteenA1.id, name: '学生食堂', level: 'canteen', parentName: tree.schoolA.name },
      can: { acknowledge: true, handle: false, close: false, sendBack: false },
    });
    expect(detail.body.actions.map((a: { kind: string }) => a.kind)).toEqual(['raised']);
    expect(detail.body.actions[0]).toMatchObject({ actor: null, actingUnit: { id: tree.canteenA1.id }, toUnit: { id: tree.schoolA.id } });

    const list = await countyAdmin.get(`/api/alerts?status=open&ruleId=${RULE}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain(id);
  });

  it('folds a repeated condition into the open alert instead of raising another', async () => {
    const ingredientId = randomUUID();
    await engine.onEvent(stockInWithoutDeliveryEvent(tree.canteenA2, ingredientId));
    await engine.onEvent(stockInWithoutDeliveryEvent(tree.canteenA2, ingredientId));
    const alerts = (await openAlertsAbout(RULE, tree.canteenA2.id)).filter((a) => a.dedupeKey.includes(ingredientId));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.occurrences).toBe(2);
    const actions = await testPrisma().alertAction.findMany({ where: { alertId: alerts[0]!.id }, orderBy: { at: 'asc' } });
    expect(actions.map((a) => a.kind).sort()).toEqual(['folded', 'raised']);
    // A folded duplicate does not notify again.
    expect(await testPrisma().notification.count({ where: { alertId: alerts[0]!.id } })).toBe(handlerIds.length);
  });

  it('brings the due times forward when a fold raises the severity, and never back', async () => {
    const HOUR = 3_600_000;
    // The test rule's candidates take their severity from the event.
    const rule: RuleDefinition = {
      ...testRule('school'),
      id: 'test-severity-from-event',
      evaluate: (_context, input) => {
        const payload = (input.kind === 'event' ? input.event.payload : {}) as { key: string; severity: 'info' | 'warning' | 'critical' };
        return Promise.resolve([{ dedupeKey: payload.key, subjectUnitId: tree.canteenA1.id, severity: payload.severity, title: { zh: '测试预警', en: 'Test alert' }, detail: { key: payload.key } }]);
      },
    };
    const condition = async (key: string, severity: string) => {
      const event: DomainEvent = { eventId: randomUUID(), type: 'test.condition', orgPath: tree.canteenA1.path, payload: { key, severity } };
      const before = Date.now();
      await engine.evaluate(rule, event.eventId, { kind: 'event', event });
      const alert = await testPrisma().alert.findFirstOrThrow({ where: { dedupeKey: key } });
      return { alert, before, after: Date.now() };
    };
    const near = (at: Date, from: { before: number; after: number }, hours: number) => {
      expect(at.getTime()).toBeGreaterThanOrEqual(from.before + hours * HOUR - 1000);
      expect(at.getTime()).toBeLessThanOrEqual(from.after + hours * HOUR + 1000);
    };

    const key = `test:${randomUUID()}`;
    const raised = await condition(key, 'warning');
    near(raised.alert.ackDueAt, raised, 8);
    near(raised.alert.handleDueAt, raised, 72);
    // A lower severity folds without touching the clock.
    const lower = await condition(key, 'info');
    expect(lower.alert).toMatchObject({ severity: 'warning', occurrences: 2, ackDueAt: raised.alert.ackDueAt, handleDueAt: raised.alert.handleDueAt });
    const critical = await condition(key, 'critical');
    expect(critical.alert).toMatchObject({ severity: 'critical', occurrences: 3 });
    near(critical.alert.ackDueAt, critical, 2);
    near(critical.alert.handleDueAt, critical, 24);
    const fold = await testPrisma().auditLog.findFirstOrThrow({ where: { entity: 'alert', entityId: critical.alert.id, action: 'fold' }, orderBy: { id: 'desc' } });
    expect(fold.after).toMatchObject({ occurrences: 3, severity: 'critical', ackDueAt: critical.alert.ackDueAt.toISOString(), handleDueAt: critical.alert.handleDueAt.toISOString() });

    // Once acknowledged, only the handling clock is left to bring forward.
    const acknowledgedKey = `test:${randomUUID()}`;
    const info = await condition(acknowledgedKey, 'info');
    expect((await manager.post(`/api/alerts/${info.alert.id}/acknowledge`)).status).toBe(200);
    const rose = await condition(acknowledgedKey, 'warning');
    expect(rose.alert).toMatchObject({ status: 'acknowledged', severity: 'warning', ackDueAt: info.alert.ackDueAt });
    near(rose.alert.handleDueAt, rose, 72);
  });

  it('gives an event delivered twice (even at the same moment) its effect once', async () => {
    const ingredientId = randomUUID();
    const event = stockInWithoutDeliveryEvent(tree.canteenB, ingredientId);
    const outcomes = await Promise.all([
      engine.evaluate(findRule(RULE)!, event.eventId, { kind: 'event', event }),
      engine.evaluate(findRule(RULE)!, event.eventId, { kind: 'event', event }),
    ]);
    await engine.onEvent(event);
    expect(outcomes.filter((o) => o !== null)).toEqual([{ raised: 1, folded: 0 }]);
    const alerts = (await openAlertsAbout(RULE, tree.canteenB.id)).filter((a) => a.dedupeKey.includes(ingredientId));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.occurrences).toBe(1);
    expect(await testPrisma().ruleEvaluation.count({ where: { eventId: event.eventId, ruleId: RULE } })).toBe(1);
    expect(await testPrisma().alertAction.count({ where: { alertId: alerts[0]!.id } })).toBe(1);
  });

  it('runs the lifecycle: acknowledged and handled with evidence by the school, closed by the county', async () => {
    const id = await raise();
    expect((await manager.post(`/api/alerts/${id}/handle`, { measures: '先处置' })).status).toBe(409);

    const ack = await manager.post(`/api/alerts/${id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', can: { acknowledge: false, handle: true } });
    expect((await principal.post(`/api/alerts/${id}/acknowledge`)).status).toBe(409);

    const upload = await uploadEvidence(manager, id);
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ contentType: 'image/png', originalName: '整改照片.png' });

    const handle = await principal.post(`/api/alerts/${id}/handle`, { measures: '已联系供应商补交送货单，并对入库人员进行培训', evidenceFileIds: [upload.body.id] });
    expect(handle.status).toBe(200);
    expect(handle.body).toMatchObject({ status: 'handled', evidence: [{ id: upload.body.id }] });

    // The school cannot review its own handling; the manager has no review right at all.
    expect((await manager.post(`/api/alerts/${id}/close`, {})).status).toBe(403);
    const countyView = await countyAdmin.get(`/api/alerts/${id}`);
    expect(countyView.body.can).toMatchObject({ close: true, sendBack: true, acknowledge: false });
    const evidence = await countyAdmin.get(`/api/alerts/${id}/files/${upload.body.id}`);
    expect(evidence.status).toBe(200);
    expect(evidence.headers['content-type']).toBe('image/png');

    const close = await countyAdmin.post(`/api/alerts/${id}/close`, { note: '整改到位' });
    expect(close.status).toBe(200);
    expect(close.body.status).toBe('closed');
    expect(close.body.actions.map((a: { kind: string }) => a.kind)).toEqual(['raised', 'acknowledged', 'handled', 'closed']);
    expect(close.body.actions[3]).toMatchObject({ actingUnit: { id: tree.countyA.id }, note: '整改到位' });
    expect(await testPrisma().notification.count({ where: { alertId: id, kind: 'closed' } })).toBe(handlerIds.length);

    const again = await manager.post(`/api/alerts/${id}/handle`, { measures: '再次处置' });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('已关闭的预警不能再处置');
    expect((await countyAdmin.post(`/api/alerts/${id}/close`, {})).status).toBe(409);

    const audit = await testPrisma().auditLog.findMany({ where: { entity: 'alert', entityId: id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['raise', 'acknowledge', 'handle', 'close']);
  });

  it('sends a handling back: acknowledged again, reopened, the holder notified, then handled and closed', async () => {
    const id = await raise();
    await handled(id);
    const back = await countyAdmin.post(`/api/alerts/${id}/send-back`, { reason: '佐证材料不足' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'acknowledged', reopenedCount: 1, handledAt: null });
    expect(back.body.actions.at(-1)).toMatchObject({ kind: 'sent_back', note: '佐证材料不足' });
    expect(await testPrisma().notification.count({ where: { alertId: id, kind: 'sent_back' } })).toBe(handlerIds.length);
    expect((await countyAdmin.post(`/api/alerts/${id}/send-back`, { reason: '再退一次' })).status).toBe(409);
    expect((await countyAdmin.post(`/api/alerts/${id}/send-back`, { reason: '' })).status).toBe(400);

    expect((await manager.post(`/api/alerts/${id}/handle`, { measures: '补充了现场照片和供应商说明' })).status).toBe(200);
    const closed = await cityAdmin.post(`/api/alerts/${id}/close`, {});
    expect(closed.status).toBe(200);
    expect(closed.body.reopenedCount).toBe(1);
  });

  it('refuses the county closing its own handling (409, with the reason); the city closes it', async () => {
    const id = await raiseWith(testRule('county'), tree.canteenA1);
    const row = await testPrisma().alert.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ responsibleUnitId: tree.countyA.id, severity: 'critical' });
    expect((await manager.post(`/api/alerts/${id}/acknowledge`)).status).toBe(403);
    expect((await countyAdmin.post(`/api/alerts/${id}/acknowledge`)).status).toBe(200);
    expect((await countyAdmin.post(`/api/alerts/${id}/handle`, { measures: '已约谈学校负责人' })).status).toBe(200);

    const own = await countyAdmin.post(`/api/alerts/${id}/close`, {});
    expect(own.status).toBe(409);
    expect(own.body.message).toContain('上级审核');
    expect(own.body.messageEn).toContain('level above');
    expect((await countyAdmin.post(`/api/alerts/${id}/send-back`, { reason: '自己退回' })).status).toBe(409);

    expect((await cityAdmin.post(`/api/alerts/${id}/close`, { note: '同意' })).status).toBe(200);
  });

  it('answers 404 for another county\'s or city\'s alert, whatever the action', async () => {
    const id = await raise();
    for (const session of [otherCountyAdmin, otherCityAdmin, managerB]) {
      expect((await session.get(`/api/alerts/${id}`)).status).toBe(404);
      const list = await session.get('/api/alerts?pageSize=200');
      expect(list.body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    }
    expect((await managerB.post(`/api/alerts/${id}/acknowledge`)).status).toBe(404);
    expect((await managerB.post(`/api/alerts/${id}/handle`, { measures: '越权处置' })).status).toBe(404);
    expect((await uploadEvidence(managerB, id)).status).toBe(404);
    expect((await otherCountyAdmin.post(`/api/alerts/${id}/close`, {})).status).toBe(404);
    expect((await otherCountyAdmin.post(`/api/alerts/${id}/send-back`, { reason: '越权退回' })).status).toBe(404);
    expect((await otherCountyAdmin.get(`/api/alerts?orgUnitId=${tree.countyA.id}`)).status).toBe(404);
    expect((await otherCountyAdmin.get(`/api/warnings/rules?orgUnitId=${tree.schoolA.id}`)).status).toBe(404);
    expect((await countyAdmin.get(`/api/alerts/${randomUUID()}`)).status).toBe(404);
  });

  it('lets viewers and staff read but not act, and refuses evidence the holder did not upload', async () => {
    const id = await raise();
    expect((await countyViewer.get(`/api/alerts/${id}`)).status).toBe(200);
    expect((await countyViewer.post(`/api/alerts/${id}/acknowledge`)).status).toBe(403);
    expect((await staff.get(`/api/alerts/${id}`)).status).toBe(200);
    expect((await staff.post(`/api/alerts/${id}/acknowledge`)).status).toBe(403);
    // The county may see it but does not hold it.
    expect((await countyAdmin.post(`/api/alerts/${id}/acknowledge`)).status).toBe(403);

    expect((await manager.post(`/api/alerts/${id}/acknowledge`)).status).toBe(200);
    const otherAlert = await raise(tree.canteenB);
    await managerB.post(`/api/alerts/${otherAlert}/acknowledge`);
    const foreign = await uploadEvidence(managerB, otherAlert);
    expect(foreign.status).toBe(201);
    const refused = await manager.post(`/api/alerts/${id}/handle`, { measures: '用别人的照片', evidenceFileIds: [foreign.body.id] });
    expect(refused.status).toBe(400);
    expect((await manager.post(`/api/alerts/${id}/handle`, { measures: '不存在的文件', evidenceFileIds: [randomUUID()] })).status).toBe(400);
    expect((await manager.post(`/api/alerts/${id}/handle`, { measures: 'x' })).status).toBe(400);
    expect((await testPrisma().alert.findUniqueOrThrow({ where: { id } })).status).toBe('acknowledged');
  });

  it('acknowledges in bulk, reporting each refusal on its own', async () => {
    const [a, b] = [await raise(), await raise(tree.canteenA2)];
    const done = await raise();
    await manager.post(`/api/alerts/${done}/acknowledge`);
    const foreign = await raise(tree.canteenB);
    const missing = randomUUID();

    const bulk = await manager.post('/api/alerts/acknowledge', { ids: [a, b, done, foreign, missing] });
    expect(bulk.status).toBe(200);
    const byId = Object.fromEntries(bulk.body.results.map((r: { id: string }) => [r.id, r]));
    expect(byId[a]).toEqual({ id: a, ok: true });
    expect(byId[b]).toEqual({ id: b, ok: true });
    expect(byId[done]).toMatchObject({ ok: false, statusCode: 409 });
    expect(byId[foreign]).toMatchObject({ ok: false, statusCode: 404 });
    expect(byId[missing]).toMatchObject({ ok: false, statusCode: 404, messageEn: 'Alert not found' });
    const rows = await testPrisma().alert.findMany({ where: { id: { in: [a, b, foreign] } } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [a]: 'acknowledged', [b]: 'acknowledged', [foreign]: 'raised' });

    expect((await manager.post('/api/alerts/acknowledge', { ids: [] })).status).toBe(400);
    expect((await manager.post('/api/alerts/acknowledge', { ids: ['not-an-id'] })).status).toBe(400);
  });

  it('takes a moved school\'s alerts along: the new county sees them, the old one no longer does', async () => {
    const school = await createUnit(tree.countyA, 'school', '甲一区待调整小学', 'primary');
    const canteen = await createUnit(school, 'canteen', '学生食堂', 'canteen', { connectionStatus: 'connected' });
    const id = await raise(canteen);
    expect((await otherCountyAdmin.get(`/api/alerts/${id}`)).status).toBe(404);
    const moved = await cityAdmin.post(`/api/org-units/${school.id}/move`, { newParentId: tree.countyB.id, reason: '区划调整' });
    expect(moved.status).toBe(201);
    const row = await testPrisma().alert.findUniqueOrThrow({ where: { id } });
    const movedCanteen = await testPrisma().orgUnit.findUniqueOrThrow({ where: { id: canteen.id } });
    expect(row.subjectPath).toBe(movedCanteen.path);
    expect(row.responsiblePath.startsWith(tree.countyB.path)).toBe(true);
    expect((await otherCountyAdmin.get(`/api/alerts/${id}`)).status).toBe(200);
    expect((await countyAdmin.get(`/api/alerts/${id}`)).status).toBe(404);
  });

  it('filters the inbox by severity, rule, status, unit and what the asker holds', async () => {
    const id = await raise(tree.canteenA2);
    const mine = await manager.get('/api/alerts?mine=true&status=raised&severity=warning&pageSize=200');
    expect(mine.status).toBe(200);
    expect(mine.body.items.every((a: { responsibleUnit: { id: string }; status: string }) => a.responsibleUnit.id === tree.schoolA.id && a.status === 'raised')).toBe(true);
    expect(mine.body.items.map((a: { id: string }) => a.id)).toContain(id);
    expect((await countyAdmin.get('/api/alerts?mine=true&pageSize=200')).body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    expect((await cityAdmin.get(`/api/alerts?orgUnitId=${tree.countyB.id}&pageSize=200`)).body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    expect((await countyAdmin.get('/api/alerts?severity=critical&pageSize=200')).body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    expect((await countyAdmin.get('/api/alerts?from=2020-01-01&to=2020-01-31')).body.total).toBe(0);
    expect((await countyAdmin.get('/api/alerts?severity=severe')).status).toBe(400);
    expect((await countyAdmin.get('/api/alerts?from=2026-02-30')).status).toBe(400);
  });
});
