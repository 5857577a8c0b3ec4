import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { addDays, shanghaiDay } from '@canteen/shared';
import type { DomainEvent } from '@/common/queue/domain-events';
import { LicenceExpiryCheck } from '@/modules/suppliers/licence-expiry-check';
import { WarningsEngine } from '@/modules/warnings/warnings-engine';
import { createAcceptedBatches } from '@test/factories/ledger.factory';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createContract, createSupplier } from '@test/factories/supply.factory';
import { createUser } from '@test/factories/user.factory';
import { openAlertsAbout } from '@test/factories/warnings.factory';
import { type DeliveryWorld, PDF, createDeliveryWorld, line, manifest, submitManifest } from '@test/fixtures/deliveries';
import { type Session, signIn, startApp } from './harness';

// The world signs in eight people (argon2 each); a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

const DAY_MS = 86_400_000;

/**
 * The rule catalogue fed by the events the modules really write: each payload must parse as the rule
 * expects it, and the engine must raise what the rule finds, held by the right unit.
 */
describe('warning rules on the events the modules write', () => {
  let app: NestFastifyApplication;
  let world: DeliveryWorld;
  let engine: WarningsEngine;
  let countyAdmin: Session;

  beforeAll(async () => {
    app = await startApp();
    world = await createDeliveryWorld(app);
    engine = app.get(WarningsEngine);
    countyAdmin = await signIn(app, await createUser('official_admin', world.tree.countyA));
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const put = (session: Session, url: string, body: object) => session.agent.put(url).set('x-csrf-token', session.csrf).send(body);

  /** Hands the outbox rows to the engine as the relay would. */
  async function feed(where: { type: string; payload: { path: string[]; equals: string } }): Promise<DomainEvent[]> {
    const rows = await testPrisma().outboxEvent.findMany({ where, orderBy: { createdAt: 'asc' } });
    const events = rows.map((row) => ({ eventId: row.id, type: row.type, orgPath: row.orgPath, payload: row.payload }));
    for (const event of events) await engine.onEvent(event);
    return events;
  }

  it('a blacklisted supplier’s refused delivery raises a critical alert held by the school, once', async () => {
    const supplier = await createSupplier({ blacklisted: true });
    await createContract(supplier, world.tree.schoolA, [world.tree.canteenA1]);
    const session = await signIn(app, await createUser('supplier', null, { supplierId: supplier.id }));
    expect((await session.post('/api/deliveries', manifest(world, [line(world.cabbage)]))).status).toBe(409);

    const events = await feed({ type: 'delivery.refused', payload: { path: ['supplierId'], equals: supplier.id } });
    expect(events).toHaveLength(1);
    const alerts = (await openAlertsAbout('unauthorised-supplier-delivery', world.tree.canteenA1.id)).filter((a) => a.dedupeKey.includes(supplier.id));
    expect(alerts).toEqual([expect.objectContaining({ severity: 'critical', status: 'raised', responsibleUnitId: world.tree.schoolA.id, occurrences: 1 })]);
    expect(alerts[0]!.titleZh).toContain('失信名单供应商');

    // Redelivered, the event changes nothing.
    await engine.onEvent(events[0]!);
    expect((await testPrisma().alert.findUniqueOrThrow({ where: { id: alerts[0]!.id } })).occurrences).toBe(1);
  });

  it('an acceptance of meat without a certificate, at a price far above the city’s, by fewer people than the county asks', async () => {
    // Three deliveries of pork accepted in the city's canteens this month set the reference at 20 元/kg.
    for (const daysAgo of [2, 9, 20]) {
      await createAcceptedBatches(world.tree.canteenB, [{ ingredient: world.pork, quantity: '5', unitPriceFen: 2000 }], { acceptedAt: new Date(Date.now() - daysAgo * DAY_MS) });
    }
    const tightened = await put(countyAdmin, `/api/warnings/rules/acceptance-inspectors/thresholds?orgUnitId=${world.tree.countyA.id}`, {
      values: { minInspectors: 3 },
      reason: '县局要求大宗食材三人联检',
    });
    expect(tightened.status).toBe(200);
    // The school below may not go back to two.
    const loosened = await put(world.sessions.principal, `/api/warnings/rules/acceptance-inspectors/thresholds?orgUnitId=${world.tree.schoolA.id}`, {
      values: { minInspectors: 2 },
      reason: '本校人手不足',
    });
    expect(loosened.status).toBe(400);

    const m = await submitManifest(world, [line(world.cabbage), line(world.pork, { unitPriceFen: 2600, shelfLifeDays: 3 })]);
    const accepted = await world.sessions.manager.post(`/api/deliveries/${m.id}/acceptance`, {
      secondInspector: { username: world.users.staff.username, password: world.users.staff.password },
      lines: [
        { lineId: m.lines[0]!.id, decision: 'accept' },
        { lineId: m.lines[1]!.id, decision: 'accept', temperatureC: 3 },
      ],
    });
    expect(accepted.status).toBe(201);
    expect(await feed({ type: 'delivery.accepted', payload: { path: ['manifestId'], equals: m.id } })).toHaveLength(1);

    const about = async (ruleId: string) => (await openAlertsAbout(ruleId, world.tree.canteenA1.id)).filter((a) => a.dedupeKey.includes(m.id));
    const [quarantine] = await about('missing-quarantine-certificate');
    expect(quarantine).toMatchObject({ severity: 'critical', responsibleUnitId: world.tree.schoolA.id });
    const [price] = await about('unit-price-above-reference');
    expect(price).toMatchObject({ severity: 'warning', responsibleUnitId: world.tree.schoolA.id });
    expect(price!.detail).toMatchObject({ lines: [{ ingredientId: world.pork.id, unitPriceFen: 2600, referenceFen: 2000, samples: 3, markup: 0.3 }] });
    const [inspectors] = await about('acceptance-inspectors');
    expect(inspectors!.detail).toMatchObject({ minInspectors: 3 });
  });

  it('a contracted supplier’s licence found expiring by the daily check raises an alert at each school holding a contract', async () => {
    const operator = await signIn(app, await createUser('operator', world.tree.province));
    const today = shanghaiDay();
    const upload = operator.agent.post(`/api/suppliers/${world.supplier.id}/documents`).set('x-csrf-token', operator.csrf);
    for (const [field, value] of Object.entries({ kind: 'food_business_licence', number: 'JY-RULES-10', expiresOn: addDays(today, 10) })) void upload.field(field, value);
    expect((await upload.attach('file', PDF, { filename: 'licence.pdf', contentType: 'application/pdf' })).status).toBe(201);
    await app.get(LicenceExpiryCheck).run(today);

    expect(await feed({ type: 'supplier.licence-expiring', payload: { path: ['supplierId'], equals: world.supplier.id } })).toHaveLength(1);
    const alerts = await testPrisma().alert.findMany({ where: { ruleId: 'supplier-licence-expiry', dedupeKey: { startsWith: `school:${world.tree.schoolA.id}:` } } });
    expect(alerts).toEqual([expect.objectContaining({ severity: 'warning', subjectUnitId: world.tree.schoolA.id, responsibleUnitId: world.tree.schoolA.id })]);
    expect(alerts[0]!.titleZh).toBe(`供应商证照将到期：${world.supplier.name}的食品经营许可证（${addDays(today, 10)} 到期）`);
  });

  it('the scheduled reminder finds connected canteens without next week’s plan, and a re-run of the same firing raises nothing more', async () => {
    // Friday 17:00 in Shanghai, far enough ahead that no plan exists for the week after.
    const firedAt = '2027-01-08T09:00:00.000Z';
    await engine.onSchedule({ ruleId: 'meal-plan-not-published', firedAt });
    await engine.onSchedule({ ruleId: 'meal-plan-not-published', firedAt });
    const alerts = await testPrisma().alert.findMany({ where: { ruleId: 'meal-plan-not-published', dedupeKey: { endsWith: ':plan-week:2027-01-11' } } });
    const subjects = alerts.map((a) => a.subjectUnitId);
    expect(subjects).toEqual(expect.arrayContaining([world.tree.canteenA1.id, world.tree.canteenB.id]));
    // Not connected, or suspended: no reminder.
    expect(subjects).not.toContain(world.tree.canteenA2.id);
    expect(subjects).not.toContain(world.tree.canteenC.id);
    expect(alerts.every((a) => a.occurrences === 1)).toBe(true);
  });
});
