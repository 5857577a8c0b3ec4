import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { QUEUES } from '@canteen/shared';
import { loadConfig } from '@/common/config/config';
import type { Prisma } from '@/common/prisma/prisma.service';
import { JobQueues } from '@/common/queue/job-queues';
import { startWorker } from '@/worker.factory';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { openAlertsAbout, stockInWithoutDeliveryEvent } from '@test/factories/warnings.factory';
import { type Session, signIn, startApp } from './harness';
import { eventually } from '@test/support/eventually';

describe('warnings in the worker: outbox to alert, dead letters', () => {
  const config = { ...loadConfig(), REDIS_PREFIX: `${process.env.REDIS_PREFIX}-warnings`, OUTBOX_POLL_MS: 50 };
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let tree: TestTree;
  let operator: Session;
  let admin: Session;

  beforeAll(async () => {
    app = await startApp(config);
    worker = await startWorker(config);
    tree = await createTree();
    operator = await signIn(app, await createUser('operator', tree.province));
    admin = await signIn(app, await createUser('official_admin', tree.province));
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
    await closeTestPrisma();
  });

  it('turns committed outbox events into one alert, folding the second', async () => {
    const ingredientId = randomUUID();
    for (const event of [stockInWithoutDeliveryEvent(tree.canteenA1, ingredientId), stockInWithoutDeliveryEvent(tree.canteenA1, ingredientId)]) {
      await testPrisma().outboxEvent.create({ data: { id: event.eventId, type: event.type, payload: event.payload as Prisma.InputJsonValue, orgPath: event.orgPath } });
    }
    const alerts = await eventually(
      () => openAlertsAbout('stock-in-without-delivery', tree.canteenA1.id),
      (rows) => rows.some((row) => row.dedupeKey.includes(ingredientId) && row.occurrences === 2),
    );
    expect(alerts.filter((row) => row.dedupeKey.includes(ingredientId)).map((row) => row.occurrences)).toEqual([2]);
  });

  it('schedules escalation every minute in Asia/Shanghai time', async () => {
    const schedulers = await worker.get(JobQueues).queue(QUEUES.maintenance).getJobSchedulers();
    expect(schedulers.find((s) => s.key === 'warnings-escalate')).toMatchObject({ pattern: '* * * * *', tz: 'Asia/Shanghai' });
  });

  it('lists events that failed their last attempt, with the error, and sends one back (operator only)', async () => {
    const queue = worker.get(JobQueues).queue(QUEUES.domainEvents);
    const jobId = `broken-${randomUUID()}`;
    // A payload that fails its schema: the job fails, and with one attempt it is dead at once.
    await queue.add('domain-event', { eventId: 'not-a-uuid', type: 'ledger.movements-booked', orgPath: null, payload: {} }, { jobId, attempts: 1 });
    await eventually(() => queue.getJobState(jobId), (state) => state === 'failed');

    const list = await operator.get('/api/warnings/dead-letters?pageSize=200');
    expect(list.status).toBe(200);
    const dead = list.body.items.find((item: { jobId: string }) => item.jobId === jobId);
    expect(dead).toMatchObject({ name: 'domain-event', eventType: 'ledger.movements-booked', attemptsMade: 1 });
    expect(dead.failedReason).not.toBe('');

    expect((await admin.get('/api/warnings/dead-letters')).status).toBe(403);
    expect((await admin.post(`/api/warnings/dead-letters/${jobId}/retry`)).status).toBe(403);
    expect((await operator.post('/api/warnings/dead-letters/no-such-job/retry')).status).toBe(404);

    const retried = await operator.post(`/api/warnings/dead-letters/${jobId}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.jobId).toBe(jobId);
    // It ran again (and, still broken, failed again later than the first time).
    const firstFailure = new Date(dead.failedAt).getTime();
    const job = await eventually(() => queue.getJob(jobId), (j) => (j?.finishedOn ?? 0) > firstFailure);
    expect(job?.finishedOn).toBeGreaterThan(firstFailure);
    expect(await queue.getJobState(jobId)).toBe('failed');
    expect(await testPrisma().auditLog.count({ where: { entity: 'job', entityId: jobId, action: 'retry' } })).toBe(1);
  });
});
