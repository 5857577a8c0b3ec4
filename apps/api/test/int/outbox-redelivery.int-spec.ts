import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { QUEUES } from '@canteen/shared';
import { Worker } from 'bullmq';
import { loadConfig } from '@/common/config/config';
import { OutboxProcessedMarker } from '@/common/outbox/outbox-processed.marker';
import { OutboxRelay, relayJobId } from '@/common/outbox/outbox-relay';
import { OutboxRepository } from '@/common/outbox/outbox.repository';
import { PrismaService } from '@/common/prisma/prisma.service';
import { type DomainEvent, DomainEvents } from '@/common/queue/domain-events';
import { JobQueues } from '@/common/queue/job-queues';
import type { JobRouter } from '@/common/queue/job-router';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';

// Rows of this file are published in 2000 and the sweep's window ends in 2001, so that it sees none
// of the rows other test files leave in the shared database.
const LONG_AGO = new Date('2000-01-01T00:00:00Z');
const config = {
  ...loadConfig(),
  REDIS_PREFIX: `${process.env.REDIS_PREFIX}-outbox-int`,
  OUTBOX_REDELIVER_AFTER_MS: Date.now() - Date.parse('2001-01-01T00:00:00Z'),
};

interface Row {
  publishedAt?: Date | null;
  processedAt?: Date | null;
  attempts?: number;
}

async function commitRows(rows: Row[]): Promise<string[]> {
  const data = rows.map((row) => ({ id: randomUUID(), type: 'test.outbox', payload: { n: 1 }, orgPath: null, publishedAt: LONG_AGO, attempts: 1, ...row }));
  await testPrisma().outboxEvent.createMany({ data });
  return data.map((row) => row.id);
}

const rowOf = (id: string) => testPrisma().outboxEvent.findUniqueOrThrow({ where: { id } });
const jobData = (eventId: string) => ({ eventId, type: 'test.outbox', orgPath: null, payload: { n: 1 } });

describe('outbox: processed marks and the sweep that re-publishes what BullMQ lost', () => {
  const prisma = new PrismaService(config);
  const queues = new JobQueues(config);
  const repository = new OutboxRepository(prisma);
  const relay = new OutboxRelay(repository, queues, config);
  const queue = queues.queue(QUEUES.domainEvents);

  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queues.onModuleDestroy();
    await prisma.$disconnect();
    await closeTestPrisma();
  });

  it('publishes again, under a new job id, only the events whose jobs BullMQ no longer holds; a dead letter stays in the failed list', async () => {
    const [lost, waiting, dead, completed, processed, recent] = await commitRows([
      {},
      {},
      { attempts: 2 },
      {},
      { processedAt: LONG_AGO },
      { publishedAt: new Date() },
    ]);
    // A dead letter (its second relay failed its last attempt) and a job that completed but whose mark was lost.
    const finisher = new Worker(
      QUEUES.domainEvents,
      async (job) => {
        if (job.id === relayJobId(dead!, 2)) throw new Error('broken subscriber');
      },
      { connection: { url: config.REDIS_URL }, prefix: queues.prefix },
    );
    await queue.add('domain-event', jobData(dead!), { jobId: relayJobId(dead!, 2), attempts: 1 });
    await queue.add('domain-event', jobData(completed!), { jobId: relayJobId(completed!, 1) });
    for (let i = 0; (await queue.getJobState(relayJobId(dead!, 2))) !== 'failed' || (await queue.getJobState(completed!)) !== 'completed'; i++) {
      if (i > 100) throw new Error('the finisher did not settle its jobs');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await finisher.close();
    // A backlog: its job waits, nobody has taken it yet.
    await queue.add('domain-event', jobData(waiting!), { jobId: waiting! });
    const before = Date.now();

    expect(await relay.sweepOnce()).toEqual({ redelivered: 1, completed: 1, held: 2 });

    const again = await queue.getJob(relayJobId(lost!, 2));
    expect(again?.data).toEqual(jobData(lost!));
    expect(await queue.getJobState(relayJobId(lost!, 2))).toBe('waiting');
    const lostRow = await rowOf(lost!);
    expect(lostRow).toMatchObject({ attempts: 2, processedAt: null });
    expect(lostRow.publishedAt!.getTime()).toBeGreaterThanOrEqual(before - 1_000);

    // Held jobs are left to BullMQ, their rows unwritten.
    expect(await rowOf(waiting!)).toMatchObject({ attempts: 1, publishedAt: LONG_AGO, processedAt: null });
    expect(await rowOf(dead!)).toMatchObject({ attempts: 2, publishedAt: LONG_AGO, processedAt: null });
    expect(await queue.getJob(relayJobId(waiting!, 2))).toBeUndefined();
    expect(await queue.getJob(relayJobId(dead!, 3))).toBeUndefined();
    expect(await queue.getJobState(relayJobId(dead!, 2))).toBe('failed');

    expect(await rowOf(completed!)).toMatchObject({ attempts: 1, processedAt: expect.any(Date) });
    expect(await rowOf(processed!)).toMatchObject({ attempts: 1, publishedAt: LONG_AGO, processedAt: LONG_AGO });
    expect(await rowOf(recent!)).toMatchObject({ attempts: 1, processedAt: null });
    expect(await queue.getJob(relayJobId(recent!, 2))).toBeUndefined();

    // The next pass finds the same two held, and the dead letter is still not published again.
    expect(await relay.sweepOnce()).toEqual({ redelivered: 0, completed: 0, held: 2 });
    expect(await queue.getJob(relayJobId(dead!, 3))).toBeUndefined();
    expect(await rowOf(dead!)).toMatchObject({ attempts: 2, processedAt: null });
    await testPrisma().outboxEvent.updateMany({ where: { id: { in: [waiting!, dead!] } }, data: { processedAt: new Date() } });
  });

  it('looks at one batch per sweep, the longest waiting first, and goes on after the last one it looked at', async () => {
    const offsets = [60_000, -60_000];
    const ids = await commitRows(Array.from({ length: 502 }, (_, i) => ({ publishedAt: new Date(LONG_AGO.getTime() + (offsets[i] ?? 0)) })));
    // The oldest is held: the second sweep must start after it, not look at it again.
    await queue.add('domain-event', jobData(ids[1]!), { jobId: ids[1]! });
    expect(await relay.sweepOnce()).toEqual({ redelivered: 499, completed: 0, held: 1 });
    expect((await rowOf(ids[0]!)).attempts).toBe(1);
    expect(await relay.sweepOnce()).toEqual({ redelivered: 2, completed: 0, held: 0 });
    expect((await rowOf(ids[0]!)).attempts).toBe(2);
    expect(await queue.getJob(relayJobId(ids[0]!, 2))).toBeDefined();
    // A new pass starts from the oldest again.
    expect(await relay.sweepOnce()).toEqual({ redelivered: 0, completed: 0, held: 1 });
    await testPrisma().outboxEvent.update({ where: { id: ids[1]! }, data: { processedAt: new Date() } });
  });

  it('finds the events due through the partial index on published, unprocessed rows', async () => {
    const plan = await testPrisma().$transaction(async (tx) => {
      // With few rows in the table a bitmap scan and a sort can look as cheap as the ordered index scan.
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      await tx.$executeRawUnsafe('SET LOCAL enable_bitmapscan = off');
      return tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT id, attempts, published_at FROM outbox_event
          WHERE published_at IS NOT NULL AND processed_at IS NULL AND published_at < now() - interval '5 minutes'
            AND (published_at, id) > ('2000-01-01'::timestamptz, '00000000-0000-0000-0000-000000000000'::uuid)
          ORDER BY published_at, id LIMIT 500`,
      );
    });
    expect(plan.map((line) => line['QUERY PLAN']).join('\n')).toMatch(/Index Scan using outbox_event_unprocessed_idx/);
  });

  it('marks processed events with one UPDATE per batch: at 500 ids at once, else after a short wait', async () => {
    const ids = await commitRows(Array.from({ length: 1_200 }, () => ({})));
    const writes = jest.spyOn(repository, 'markProcessed');
    const marker = new OutboxProcessedMarker(repository, { flushAfterMs: 100, flushAt: 500 });

    for (const id of ids.slice(0, 1_000)) await marker.mark(id);
    await marker.flush();
    expect(writes.mock.calls.map(([batch]) => batch.length)).toEqual([500, 500]);
    expect(await testPrisma().outboxEvent.count({ where: { id: { in: ids.slice(0, 1_000) }, processedAt: { not: null } } })).toBe(1_000);

    for (const id of ids.slice(1_000)) await marker.mark(id);
    expect(writes).toHaveBeenCalledTimes(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(writes).toHaveBeenCalledTimes(3);
    await marker.flush();
    expect(await testPrisma().outboxEvent.count({ where: { id: { in: ids }, processedAt: { not: null } } })).toBe(1_200);
  });

  it('gives up a mark it could not write (the sweep delivers that event again) and goes on marking', async () => {
    const [first, second] = await commitRows([{}, {}]);
    jest.spyOn(repository, 'markProcessed').mockRejectedValueOnce(new Error('database away'));
    const marker = new OutboxProcessedMarker(repository);
    await marker.mark(first!);
    await expect(marker.flush()).resolves.toBeUndefined();
    await marker.close();
    // Once closing, a mark is written before it resolves.
    await marker.mark(second!);
    expect((await rowOf(first!)).processedAt).toBeNull();
    expect((await rowOf(second!)).processedAt).not.toBeNull();
  });

  it('marks an event processed once every subscriber resolved; not when one threw; at once when nobody listens', async () => {
    let route: ((event: DomainEvent) => Promise<void>) | undefined;
    const router = { on: (_job: string, handler: typeof route) => (route = handler) } as unknown as JobRouter;
    const events = new DomainEvents(router, repository);
    const [ok, failing, unheard] = await commitRows([{}, {}, {}]);
    const seen: string[] = [];
    events.on('test.subscribed', async (event) => void seen.push(`first ${event.eventId}`));
    events.on('test.subscribed', async (event) => {
      if (event.eventId === failing) throw new Error('subscriber failed');
      seen.push(`second ${event.eventId}`);
    });
    const event = (eventId: string, type: string): DomainEvent => ({ eventId, type, orgPath: null, payload: {} });

    await route!(event(ok!, 'test.subscribed'));
    await expect(route!(event(failing!, 'test.subscribed'))).rejects.toThrow('subscriber failed');
    await route!(event(unheard!, 'test.nobody-listens'));
    await events.onModuleDestroy();

    expect(seen).toEqual([`first ${ok}`, `second ${ok}`, `first ${failing}`]);
    expect((await rowOf(ok!)).processedAt).not.toBeNull();
    expect((await rowOf(failing!)).processedAt).toBeNull();
    expect((await rowOf(unheard!)).processedAt).not.toBeNull();
  });
});
