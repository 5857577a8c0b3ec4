import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { shanghaiDay } from '@canteen/shared';
import { loadConfig } from '@/common/config/config';
import { OutboxRelay } from '@/common/outbox/outbox-relay';
import { JobQueues } from '@/common/queue/job-queues';
import { startWorker } from '@/worker.factory';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { type Session, signIn, startApp } from './harness';
import { eventually } from '@test/support/eventually';

describe('worker: outbox relay and connection snapshots', () => {
  const config = { ...loadConfig(), REDIS_PREFIX: `${process.env.REDIS_PREFIX}-worker`, OUTBOX_POLL_MS: 50 };
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let tree: TestTree;
  let admin: Session;

  beforeAll(async () => {
    app = await startApp(config);
    worker = await startWorker(config);
    tree = await createTree();
    admin = await signIn(app, await createUser('official_admin', tree.cityA));
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
    await closeTestPrisma();
  });

  it('relays a committed connection change and refreshes today\'s counts of the ancestors', async () => {
    const changed = await admin.post(`/api/org-units/${tree.canteenA2.id}/connection`, { status: 'connected', reason: '设备安装完成' });
    expect(changed.status).toBe(201);
    const event = await testPrisma().outboxEvent.findFirstOrThrow({ where: { type: 'org.connection-changed', payload: { path: ['canteenId'], equals: tree.canteenA2.id } } });
    const published = await eventually(() => testPrisma().outboxEvent.findUniqueOrThrow({ where: { id: event.id } }), (row) => row.publishedAt !== null);
    expect(published.publishedAt).not.toBeNull();

    const day = new Date(`${shanghaiDay()}T00:00:00Z`);
    const snapshot = await eventually(
      () => testPrisma().connectionSnapshot.findUnique({ where: { orgUnitId_day: { orgUnitId: tree.schoolA.id, day } } }),
      (row) => row?.connected === 2,
    );
    // schoolA had canteenA1 connected and canteenA2 not connected until now.
    expect(snapshot).toMatchObject({ total: 2, connected: 2, suspended: 0 });

    const trend = await admin.get(`/api/org-units/${tree.schoolA.id}/connection-trend?days=7`);
    expect(trend.status).toBe(200);
    expect(trend.body.at(-1)).toMatchObject({ day: shanghaiDay(), total: 2, connected: 2, rate: 1 });
  });

  it('publishes an event once even when the relay re-sends it after a crash before marking it', async () => {
    const queues = worker.get(JobQueues);
    const relay = worker.get(OutboxRelay);
    const queue = queues.queue('domain-events');
    await queue.pause();
    try {
      const row = await testPrisma().outboxEvent.create({ data: { type: 'test.crash-after-publish', payload: { n: 1 }, orgPath: tree.schoolA.path } });
      // The crash: the job reached Redis but the row was never marked published.
      await queues.addBulk('domainEvent', [{ jobId: row.id, payload: { eventId: row.id, type: row.type, orgPath: row.orgPath, payload: row.payload } }]);
      await eventually(() => relay.relayOnce().then(() => testPrisma().outboxEvent.findUniqueOrThrow({ where: { id: row.id } })), (r) => r.publishedAt !== null);
      const jobs = (await queue.getJobs(['waiting', 'paused', 'active', 'completed', 'delayed'])).filter((job) => job?.id === row.id);
      expect(jobs).toHaveLength(1);
    } finally {
      await queue.resume();
    }
  });
});
