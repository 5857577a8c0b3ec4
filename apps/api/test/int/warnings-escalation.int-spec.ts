import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ROLE_PERMISSIONS, type Role } from '@canteen/shared';
import { z } from 'zod';
import { AuditWriter } from '@/common/audit/audit.writer';
import { loadConfig } from '@/common/config/config';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import { PrismaService } from '@/common/prisma/prisma.service';
import type { DomainEvent, DomainEvents } from '@/common/queue/domain-events';
import type { JobRouter } from '@/common/queue/job-router';
import type { StoredFiles } from '@/common/storage/stored-files';
import type { Actor } from '@/common/tenancy/actor';
import { DocumentCodes } from '@/modules/deliveries/document-codes.repository';
import { SettingsRepository } from '@/modules/settings/settings.repository';
import { SettingsService } from '@/modules/settings/settings.service';
import { AlertEscalation } from '@/modules/warnings/alert-escalation';
import { AlertsRepository } from '@/modules/warnings/alerts.repository';
import { AlertsService } from '@/modules/warnings/alerts.service';
import { Clock } from '@/modules/warnings/clock';
import type { NotificationPublisher } from '@/modules/warnings/notification-publisher';
import type { RuleDefinition } from '@/modules/warnings/rule';
import { RuleQueriesRepository } from '@/modules/warnings/rule-queries.repository';
import { WarningsEngine } from '@/modules/warnings/warnings-engine';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, type TestUnit, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';

/** Time stands where the test puts it. */
class TestClock extends Clock {
  at = new Date();
  override now(): Date {
    return new Date(this.at);
  }
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
// Long past, so that no alert of another test file is due at the times this one escalates at.
const T0 = new Date('2021-03-01T01:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const criticalAtSchool: RuleDefinition = {
  id: 'test-critical-at-school',
  name: { zh: '测试严重预警', en: 'Test critical alert' },
  description: { zh: '测试', en: 'Test' },
  severity: 'critical',
  responsibleLevel: 'school',
  thresholds: { schema: z.object({}), fields: {} },
  trigger: { events: ['test.critical'] },
  evaluate: (_context, input) => {
    const payload = (input.kind === 'event' ? input.event.payload : {}) as { unitId: string; key: string };
    return Promise.resolve([{ dedupeKey: payload.key, subjectUnitId: payload.unitId, title: { zh: '严重问题', en: 'Critical problem' }, detail: {} }]);
  },
};

describe('warnings: SLA escalation with a controllable clock', () => {
  const config = loadConfig();
  const prisma = new PrismaService(config);
  const clock = new TestClock();
  const repository = new AlertsRepository(prisma);
  const settings = new SettingsService(new SettingsRepository(prisma), new AuditWriter(), new OutboxWriter());
  const published: unknown[] = [];
  const publisher = { publish: (messages: unknown[]) => Promise.resolve(void published.push(...messages)) } as unknown as NotificationPublisher;
  const router = { on: () => undefined } as unknown as JobRouter;
  const events = { on: () => undefined } as unknown as DomainEvents;
  const engine = new WarningsEngine(repository, new RuleQueriesRepository(prisma), settings, new DocumentCodes(), new AuditWriter(), publisher, clock, events, router);
  const escalation = new AlertEscalation(repository, settings, new AuditWriter(), publisher, clock, router);
  const alerts = new AlertsService(repository, settings, {} as StoredFiles, new AuditWriter(), publisher, clock, config);

  let tree: TestTree;
  const actors: Record<'school' | 'county' | 'city' | 'otherCounty', Actor> = {} as never;

  async function actorAt(role: Role, unit: TestUnit): Promise<Actor> {
    const user = await createUser(role, unit);
    return {
      userId: user.id,
      username: user.username,
      displayName: `测试${role}`,
      role,
      permissions: ROLE_PERMISSIONS[role],
      mustChangePassword: false,
      orgUnit: { id: unit.id, name: unit.name, level: unit.level, path: unit.path },
      supplier: null,
      sessionId: 'test',
      ip: '127.0.0.1',
      requestId: randomUUID(),
    };
  }

  async function raiseAt(time: Date): Promise<string> {
    clock.at = time;
    const key = `test:${randomUUID()}`;
    const event: DomainEvent = { eventId: randomUUID(), type: 'test.critical', orgPath: tree.canteenA1.path, payload: { unitId: tree.canteenA1.id, key } };
    await engine.evaluate(criticalAtSchool, event.eventId, { kind: 'event', event });
    return (await testPrisma().alert.findFirstOrThrow({ where: { dedupeKey: key } })).id;
  }

  const alertRow = (id: string) => testPrisma().alert.findUniqueOrThrow({ where: { id } });
  const visibleTo = async (actor: Actor, id: string) => (await alerts.list(actor, { page: 1, pageSize: 200 })).items.some((alert) => alert.id === id);

  beforeAll(async () => {
    Logger.overrideLogger(false);
    tree = await createTree();
    actors.school = await actorAt('canteen_manager', tree.schoolA);
    actors.county = await actorAt('official_admin', tree.countyA);
    actors.city = await actorAt('official_admin', tree.cityA);
    actors.otherCounty = await actorAt('official_admin', tree.countyB);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await closeTestPrisma();
  });

  it('moves an unacknowledged critical alert to the county after 2 h and to the city after 2 more, recorded and seen by both levels', async () => {
    const id = await raiseAt(T0);
    expect(await alertRow(id)).toMatchObject({ responsibleUnitId: tree.schoolA.id, ackDueAt: at(2 * HOUR), handleDueAt: at(24 * HOUR) });

    expect(await escalation.run(at(2 * HOUR - MINUTE))).toBe(0);
    expect((await alertRow(id)).responsibleUnitId).toBe(tree.schoolA.id);

    expect(await escalation.run(at(2 * HOUR + MINUTE))).toBeGreaterThanOrEqual(1);
    expect(await alertRow(id)).toMatchObject({
      responsibleUnitId: tree.countyA.id,
      responsiblePath: tree.countyA.path,
      status: 'raised',
      escalationLevel: 1,
      // The county's own SLA runs from the escalation.
      ackDueAt: at(4 * HOUR + MINUTE),
      handleDueAt: at(26 * HOUR + MINUTE),
    });
    expect(await visibleTo(actors.school, id)).toBe(true);
    expect(await visibleTo(actors.county, id)).toBe(true);
    expect(await visibleTo(actors.otherCounty, id)).toBe(false);
    const notified = await testPrisma().notification.findMany({ where: { alertId: id, kind: 'escalated' } });
    expect(notified.map((n) => n.userId).sort()).toEqual([actors.school.userId, actors.county.userId].sort());

    // The school may no longer acknowledge it; the county may.
    const detail = await alerts.get(actors.school, id);
    expect(detail.can.acknowledge).toBe(false);
    expect((await alerts.get(actors.county, id)).can.acknowledge).toBe(true);

    expect(await escalation.run(at(4 * HOUR + 2 * MINUTE))).toBeGreaterThanOrEqual(1);
    expect(await alertRow(id)).toMatchObject({ responsibleUnitId: tree.cityA.id, escalationLevel: 2 });
    expect(await visibleTo(actors.city, id)).toBe(true);
    expect(await visibleTo(actors.county, id)).toBe(true);

    const actions = await testPrisma().alertAction.findMany({ where: { alertId: id }, orderBy: { at: 'asc' } });
    expect(actions.map((a) => [a.kind, a.fromUnitId, a.toUnitId, a.reason])).toEqual([
      ['raised', null, tree.schoolA.id, null],
      ['escalated', tree.schoolA.id, tree.countyA.id, 'ack_overdue'],
      ['escalated', tree.countyA.id, tree.cityA.id, 'ack_overdue'],
    ]);

    // Repeated breaches climb to the province, which holds it from then on.
    await escalation.run(at(6 * HOUR + 3 * MINUTE));
    expect(await alertRow(id)).toMatchObject({ responsibleUnitId: tree.province.id, escalationLevel: 3 });
    await escalation.run(at(30 * HOUR));
    expect(await alertRow(id)).toMatchObject({ responsibleUnitId: tree.province.id, escalationLevel: 3 });
  });

  it('leaves an alert acknowledged and handled on time where it is', async () => {
    const id = await raiseAt(at(10 * MINUTE));
    clock.at = at(HOUR);
    await alerts.acknowledge(actors.school, id);
    clock.at = at(5 * HOUR);
    await alerts.handle(actors.school, id, { measures: '已停用该批次并复核供应商资质', evidenceFileIds: [] });

    await escalation.run(at(3 * HOUR));
    await escalation.run(at(48 * HOUR));
    expect(await alertRow(id)).toMatchObject({ responsibleUnitId: tree.schoolA.id, status: 'handled', escalationLevel: 0 });
    expect(await testPrisma().alertAction.count({ where: { alertId: id, kind: 'escalated' } })).toBe(0);
  });

  it('moves an acknowledged alert that is not handled in time, for missing the handling SLA', async () => {
    const id = await raiseAt(at(20 * MINUTE));
    clock.at = at(HOUR);
    await alerts.acknowledge(actors.school, id);

    await escalation.run(at(20 * HOUR));
    expect((await alertRow(id)).responsibleUnitId).toBe(tree.schoolA.id);
    await escalation.run(at(24 * HOUR + 21 * MINUTE));
    expect(await alertRow(id)).toMatchObject({ responsibleUnitId: tree.countyA.id, status: 'raised', acknowledgedAt: null });
    const escalated = await testPrisma().alertAction.findFirstOrThrow({ where: { alertId: id, kind: 'escalated' } });
    expect(escalated.reason).toBe('handle_overdue');
  });
});
