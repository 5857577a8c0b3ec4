import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { QUEUES } from '@canteen/shared';
import { relayJobId } from '@/common/outbox/outbox-relay';
import { CRASH_EXIT_CODE } from '@/common/queue/crash-point';
import type { DomainEvent } from '@/common/queue/domain-events';
import type { Prisma } from '@/common/prisma/prisma.service';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, type TestUnit, createTree } from '@test/factories/tree.factory';
import { stockInWithoutDeliveryEvent } from '@test/factories/warnings.factory';

/**
 * Faults with the REAL worker process (compiled once by swc, as `pnpm build` does): killed at its
 * deterministic crash points and restarted, and running through a Redis outage of its own Redis.
 * In every case each event is evaluated exactly once in effect: the alerts and their occurrences are
 * what the events imply, nothing lost and nothing doubled.
 */
const API_DIR = path.resolve(__dirname, '../..');
const BUILD_DIR = path.join(API_DIR, 'node_modules/.cache/warnings-faults');
const RULE = 'stock-in-without-delivery';

interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

function startWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [path.join(BUILD_DIR, 'worker.js')], {
    cwd: API_DIR,
    env: { ...process.env, OUTBOX_POLL_MS: '50', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** SIGTERM, and SIGKILL if it has not shut down in 15 s. */
async function stopWorker(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM');
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), 15_000);
  await worker.exited;
  clearTimeout(timer);
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function commit(events: DomainEvent[]): Promise<void> {
  await testPrisma().outboxEvent.createMany({
    data: events.map((event) => ({ id: event.eventId, type: event.type, payload: event.payload as Prisma.InputJsonValue, orgPath: event.orgPath })),
  });
}

/** What a set of events must leave behind: per dedupe key, one alert with this many occurrences. */
async function alertsOf(ingredientIds: string[]): Promise<Record<string, number[]>> {
  const rows = await testPrisma().alert.findMany({ where: { ruleId: RULE }, select: { dedupeKey: true, occurrences: true } });
  return Object.fromEntries(ingredientIds.map((id) => [id, rows.filter((row) => row.dedupeKey.includes(`:ingredient:${id}:`)).map((row) => row.occurrences)]));
}

const evaluations = (events: DomainEvent[]) => testPrisma().ruleEvaluation.count({ where: { ruleId: RULE, eventId: { in: events.map((e) => e.eventId) } } });
const actionsOf = (events: DomainEvent[]) =>
  testPrisma().alertAction.groupBy({ by: ['eventId'], where: { eventId: { in: events.map((e) => e.eventId) } }, _count: true });

/** Two events about one ingredient (one alert, folded once) and one about another, per canteen. */
function batchOf(canteens: TestUnit[]): { events: DomainEvent[]; ingredients: string[] } {
  const events: DomainEvent[] = [];
  const ingredients: string[] = [];
  for (const canteen of canteens) {
    const twice = randomUUID();
    const once = randomUUID();
    ingredients.push(twice, once);
    events.push(stockInWithoutDeliveryEvent(canteen, twice), stockInWithoutDeliveryEvent(canteen, twice), stockInWithoutDeliveryEvent(canteen, once));
  }
  return { events, ingredients };
}

async function expectExactlyOnce(batch: { events: DomainEvent[]; ingredients: string[] }): Promise<void> {
  const expected = Object.fromEntries(batch.ingredients.map((id, i) => [id, [i % 2 === 0 ? 2 : 1]]));
  expect(await alertsOf(batch.ingredients)).toEqual(expected);
  expect(await evaluations(batch.events)).toBe(batch.events.length);
  // One action (raised or folded) per event: a redelivered event added none.
  const actions = await actionsOf(batch.events);
  expect(actions).toHaveLength(batch.events.length);
  expect(actions.every((row) => row._count === 1)).toBe(true);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * A Redis of the test's own: with `persistence`, an append-only file synced on every write, so a
 * restart keeps the queues (as in production, docs/architecture.md); without, it keeps nothing on
 * disk and a restart starts it empty.
 */
function startRedis(port: number, dir: string, persistence: boolean) {
  const keep = persistence ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...keep, '--dir', dir], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
  return { server, exited };
}

async function redisAnswers(port: number): Promise<boolean> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

describe('warnings faults: the real worker killed at its crash points, and a Redis outage', () => {
  let tree: TestTree;

  beforeAll(async () => {
    execFileSync(process.execPath, [require.resolve('@swc/cli/bin/swc.js', { paths: [API_DIR] }), 'src', '-d', BUILD_DIR, '--strip-leading-paths', '--copy-files', '--config-file', '.swcrc'], {
      cwd: API_DIR,
      stdio: 'ignore',
    });
    tree = await createTree();
    // Earlier test files share this database and leave their events unrelayed; the real worker
    // would first work through that backlog, so only this file's events are left for it.
    await testPrisma().outboxEvent.updateMany({ where: { publishedAt: null }, data: { publishedAt: new Date() } });
  }, 120_000);
  afterAll(async () => {
    rmSync(BUILD_DIR, { recursive: true, force: true });
    await closeTestPrisma();
  });

  it('killed after its evaluation commits and before the job is acknowledged: the redelivered job changes nothing', async () => {
    const prefix = `${process.env.REDIS_PREFIX}-crash-eval`;
    const batch = batchOf([tree.canteenA1, tree.canteenB]);
    await commit(batch.events);

    const crashing = startWorker({ REDIS_PREFIX: prefix, WORKER_CRASH_AT: 'after-evaluation-commit' });
    expect(await crashing.exited).toBe(CRASH_EXIT_CODE);
    expect(crashing.output()).toContain('crash point after-evaluation-commit');
    // It died with at least one evaluation committed and its job still unacknowledged in BullMQ.
    expect(await evaluations(batch.events)).toBeGreaterThanOrEqual(1);
    const queue = new Queue(QUEUES.domainEvents, { connection: { url: process.env.REDIS_URL }, prefix: `${prefix}:bull` });
    try {
      expect(await queue.getActiveCount()).toBeGreaterThanOrEqual(1);

      // Restarted: BullMQ finds the stalled job (its lock expires) and delivers it again.
      const worker = startWorker({ REDIS_PREFIX: prefix });
      try {
        await eventually(() => evaluations(batch.events), (n) => n === batch.events.length, 120_000, 'every event evaluated');
        await eventually(() => queue.getJobCounts('active', 'wait', 'delayed', 'completed', 'failed'), (c) => (c.active ?? 0) + (c.wait ?? 0) + (c.delayed ?? 0) === 0, 120_000, 'the queue drained');
        expect(await queue.getFailedCount()).toBe(0);
        await expectExactlyOnce(batch);
      } finally {
        await stopWorker(worker);
      }
    } finally {
      await queue.close();
    }
  }, 240_000);

  it('killed between adding the jobs to BullMQ and marking the outbox rows published: the re-relay is a dropped duplicate', async () => {
    const prefix = `${process.env.REDIS_PREFIX}-crash-relay`;
    const batch = batchOf([tree.canteenA2]);
    await commit(batch.events);

    const crashing = startWorker({ REDIS_PREFIX: prefix, WORKER_CRASH_AT: 'after-relay-publish' });
    expect(await crashing.exited).toBe(CRASH_EXIT_CODE);
    const queue = new Queue(QUEUES.domainEvents, { connection: { url: process.env.REDIS_URL }, prefix: `${prefix}:bull` });
    try {
      // The jobs are in BullMQ, the rows still unpublished: the relay's transaction never committed.
      for (const event of batch.events) expect(await queue.getJob(event.eventId)).toBeDefined();
      expect(await testPrisma().outboxEvent.count({ where: { id: { in: batch.events.map((e) => e.eventId) }, publishedAt: null } })).toBe(batch.events.length);

      // The crashing process may already have taken one of the jobs: BullMQ hands it out again
      // only once its lock has expired and the stalled check has run (up to about a minute).
      const worker = startWorker({ REDIS_PREFIX: prefix });
      try {
        await eventually(
          () => testPrisma().outboxEvent.count({ where: { id: { in: batch.events.map((e) => e.eventId) }, publishedAt: { not: null } } }),
          (n) => n === batch.events.length,
          30_000,
          'the rows marked published',
        );
        await eventually(() => evaluations(batch.events), (n) => n === batch.events.length, 120_000, 'every event evaluated');
        await eventually(() => queue.getCompletedCount(), (n) => n >= batch.events.length, 120_000, 'the jobs completed');
        // Each event is one job: the second relay of the same ids added nothing.
        const jobs = await queue.getJobs(['completed', 'active', 'wait', 'delayed', 'failed']);
        const eventJobs = jobs.filter((job) => batch.events.some((e) => e.eventId === job.id));
        expect(eventJobs).toHaveLength(batch.events.length);
        expect(eventJobs.every((job) => job.attemptsMade <= 1)).toBe(true);
        await expectExactlyOnce(batch);
      } finally {
        await stopWorker(worker);
      }
    } finally {
      await queue.close();
    }
  }, 300_000);

  it('keeps committing while its Redis is down: after the restart every event is evaluated, none twice', async () => {
    const port = await freePort();
    const redisDir = mkdtempSync(path.join(tmpdir(), 'canteen-faults-redis-'));
    const marks: string[] = [];
    const mark = (what: string) => marks.push(`${new Date().toISOString()} ${what}`);
    let redis = startRedis(port, redisDir, true);
    await eventually(() => redisAnswers(port), Boolean, 10_000, 'the test Redis');
    const worker = startWorker({ REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: 'outage' });
    try {
      const before = batchOf([tree.canteenA1]);
      await commit(before.events);
      await eventually(() => evaluations(before.events), (n) => n === before.events.length, 30_000, 'the events before the outage');

      mark('redis stopped');
      redis.server.kill('SIGTERM');
      await redis.exited;
      // The business goes on committing while Redis is away; the relay keeps failing and retrying.
      const during = batchOf([tree.canteenA1, tree.canteenB]);
      for (const event of during.events) {
        await commit([event]);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await evaluations(during.events)).toBe(0);
      expect(await testPrisma().outboxEvent.count({ where: { id: { in: during.events.map((e) => e.eventId) }, publishedAt: null } })).toBe(during.events.length);

      mark('redis restarting');
      redis = startRedis(port, redisDir, true);
      await eventually(() => redisAnswers(port), Boolean, 10_000, 'the test Redis back');
      mark('redis back');
      const after = batchOf([tree.canteenB]);
      await commit(after.events);
      const later = [...during.events, ...after.events];
      await eventually(
        async () => ({
          evaluated: await evaluations(later),
          published: await testPrisma().outboxEvent.count({ where: { id: { in: later.map((e) => e.eventId) }, publishedAt: { not: null } } }),
          workerExit: worker.child.exitCode,
        }),
        (state) => state.evaluated === later.length,
        60_000,
        'the events after the outage',
      );

      mark('all evaluated');
      await expectExactlyOnce(before);
      await expectExactlyOnce(during);
      await expectExactlyOnce(after);
      expect(worker.child.exitCode).toBeNull();
    } finally {
      // FAULTS_DEBUG=<file>: the test's timeline and the worker's log, to see what an outage did.
      if (process.env.FAULTS_DEBUG) writeFileSync(process.env.FAULTS_DEBUG, `${marks.join('\n')}\n${worker.output()}`);
      await stopWorker(worker);
      redis.server.kill('SIGTERM');
      await redis.exited;
      rmSync(redisDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('loses nothing when a Redis without persistence restarts while published events wait unprocessed: the sweep publishes them again, each evaluated once', async () => {
    // Only this case's events are left for the sweep, which here looks every half-second.
    await testPrisma().outboxEvent.updateMany({ where: { publishedAt: { not: null }, processedAt: null }, data: { processedAt: new Date() } });
    const port = await freePort();
    const redisDir = mkdtempSync(path.join(tmpdir(), 'canteen-faults-redis-'));
    const prefix = 'no-persistence';
    const env = { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: prefix, OUTBOX_REDELIVER_AFTER_MS: '2000' };
    const domainEvents = () => new Queue(QUEUES.domainEvents, { connection: { host: '127.0.0.1', port }, prefix: `${prefix}:bull` });
    const batch = batchOf([tree.canteenA1, tree.canteenB]);
    const ids = batch.events.map((event) => event.eventId);
    const rows = () => testPrisma().outboxEvent.findMany({ where: { id: { in: ids } }, select: { publishedAt: true, processedAt: true, attempts: true } });
    let redis = startRedis(port, redisDir, false);
    let worker: WorkerProcess | undefined;
    try {
      await eventually(() => redisAnswers(port), Boolean, 10_000, 'the test Redis');
      await commit(batch.events);

      const crashing = startWorker({ ...env, WORKER_CRASH_AT: 'after-relay-commit' });
      expect(await crashing.exited).toBe(CRASH_EXIT_CODE);
      // Committed as published, their jobs in Redis, none processed.
      expect(await rows()).toEqual(ids.map(() => ({ publishedAt: expect.any(Date), processedAt: null, attempts: 1 })));
      const before = domainEvents();
      try {
        for (const id of ids) expect(await before.getJob(id)).toBeDefined();
      } finally {
        await before.close();
      }

      redis.server.kill('SIGTERM');
      await redis.exited;
      redis = startRedis(port, redisDir, false);
      await eventually(() => redisAnswers(port), Boolean, 10_000, 'the test Redis back');
      const queue = domainEvents();
      try {
        for (const id of ids) expect(await queue.getJob(id)).toBeUndefined();

        worker = startWorker(env);
        await eventually(
          async () => ({ evaluated: await evaluations(batch.events), processed: (await rows()).filter((row) => row.processedAt).length }),
          (state) => state.evaluated === batch.events.length && state.processed === batch.events.length,
          60_000,
          'every event evaluated and marked processed',
        );
        await expectExactlyOnce(batch);
        // Each event was published once more, under its second job id, and that job completed.
        expect((await rows()).map((row) => row.attempts)).toEqual(ids.map(() => 2));
        for (const id of ids) expect(await queue.getJobState(relayJobId(id, 2))).toBe('completed');

        // Processed events are not published again, however many sweeps pass.
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        expect((await rows()).map((row) => row.attempts)).toEqual(ids.map(() => 2));
        // The worker's own jobs emit events too: only this batch's jobs are counted.
        const jobs = await queue.getJobs(['completed', 'active', 'wait', 'delayed', 'failed']);
        const batchJobs = jobs.filter((job) => ids.includes((job.data as DomainEvent).eventId));
        expect(batchJobs.map((job) => job.id).sort()).toEqual(ids.map((id) => relayJobId(id, 2)).sort());
        await expectExactlyOnce(batch);
        expect(worker.child.exitCode).toBeNull();
      } finally {
        await queue.close();
      }
    } finally {
      if (worker) await stopWorker(worker);
      redis.server.kill('SIGTERM');
      await redis.exited;
      rmSync(redisDir, { recursive: true, force: true });
    }
  }, 180_000);
});
