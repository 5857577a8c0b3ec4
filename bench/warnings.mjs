#!/usr/bin/env node
/**
 * Risk warnings benchmark (issue 6, "Performance"): domain events committed to the outbox, as the
 * business commits them, to alert rows, end to end through the built worker (outbox relay → BullMQ
 * → rule engine → alert transaction). The events are `ledger.movements-booked` of one stock-in without a
 * delivery across many canteens, each raising an alert or folding into the open one of its canteen,
 * ingredient and day. Two cases:
 *   - burst: N events committed at once; events per second until the last is evaluated;
 *   - paced: events committed at a fixed rate in small transactions; the delay from each event's
 *     commit to its evaluation (median, p95, p99), and whether the worker keeps up.
 * The delay is `rule_evaluation.evaluated_at − outbox_event.created_at` (both the database's clock:
 * the start of the committing and of the evaluating transaction; the evaluation commits a few ms later).
 *
 *   node bench/warnings.mjs
 *
 * It creates its own database (canteen_bench_warnings_<id>) and Redis prefix and removes them at the
 * end, also on failure or Ctrl-C. Only 127.0.0.1 is targeted and every load stops after a fixed count.
 *
 * Environment (all optional):
 *   BENCH_CANTEENS       canteens the events are about, in 10 counties, default 500 (10–5000)
 *   BENCH_INGREDIENTS    ingredients per canteen the events pick from, default 5 (1–200): with 500 canteens, 2,500 alerts, the rest folds
 *   BENCH_EVENTS         events of the burst case, default 10000 (500–200000)
 *   BENCH_RATE           events per second of the paced case, default 1000 (50–10000)
 *   BENCH_PACED_SECONDS  length of the paced case, default 15 (5–120)
 *   BENCH_QUIET_WAIT     seconds to wait for a quiet machine before each load, default 60 (0–1800)
 *   BENCH_CPU_PROF       1 (default) profiles the worker's main thread over 3,000 discarded events; 0 turns it off
 *   BENCH_RESULTS_DIR    where the results file goes, default bench/results
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  bounded,
  countQueriesWhile,
  cpuWatch,
  createBench,
  ensureBuilt,
  findRedisPid,
  fmt,
  gitState,
  insertRows,
  insertUnits,
  latencySummary,
  loadAverage,
  log,
  machine,
  orgTree,
  pad,
  postgresVersion,
  profileWhile,
  redisVersion,
  round1,
  shanghaiToday,
  sleep,
  waitForQuiet,
  withClient,
  writeResults,
} from './lib.mjs';

const CANTEENS = bounded('BENCH_CANTEENS', 500, 10, 5000);
const INGREDIENTS = bounded('BENCH_INGREDIENTS', 5, 1, 200);
const EVENTS = bounded('BENCH_EVENTS', 10_000, 500, 200_000);
const RATE = bounded('BENCH_RATE', 1000, 50, 10_000);
const PACED_SECONDS = bounded('BENCH_PACED_SECONDS', 15, 5, 120);
const QUIET_WAIT = bounded('BENCH_QUIET_WAIT', 60, 0, 1800);
const CPU_PROF = process.env.BENCH_CPU_PROF !== '0';
const RULE = 'stock-in-without-delivery';
const NPROC = os.cpus().length;

const bench = createBench('warnings');

/** province > city > 10 counties > one school per canteen > the canteen. */
async function createTree(client) {
  const { units, unit } = orgTree();
  const province = unit(null, 'province', { code: 'B-P', name: '基准省', kind: 'province' });
  const city = unit(province, 'city', { code: 'B-C', name: '基准市', kind: 'city' });
  const counties = Array.from({ length: 10 }, (_, i) => unit(city, 'county', { code: `B-C${pad(i, 2)}`, name: `基准县${i + 1}`, kind: 'county' }));
  const canteens = [];
  for (let i = 0; i < CANTEENS; i++) {
    const school = unit(counties[i % 10], 'school', { code: `B-S${pad(i, 5)}`, name: `基准学校${i + 1}`, kind: 'primary' });
    canteens.push(unit(school, 'canteen', { code: `B-K${pad(i, 5)}`, name: '学生食堂', kind: 'canteen', connectionStatus: 'connected' }));
  }
  await insertUnits(client, units);
  return canteens;
}

/** A stock-in without a delivery at a canteen, of one of its few ingredients: raises or folds. */
function makeEvent(canteens, ingredients, day, n) {
  const canteen = canteens[n % canteens.length];
  const ingredientId = ingredients[Math.floor(n / canteens.length) % ingredients.length];
  const payload = {
    canteenId: canteen.id,
    groupId: randomUUID(),
    movements: [
      {
        movementId: randomUUID(),
        seq: n + 1,
        kind: 'stock_in',
        ingredientId,
        batchId: randomUUID(),
        quantity: '12.500',
        unit: 'kg',
        costFen: 15_000,
        occurredOn: day,
        meal: null,
        reason: null,
        reversesId: null,
        withoutDelivery: true,
        daysToExpiry: 5,
        fifoOverride: null,
      },
    ],
  };
  return [randomUUID(), 'ledger.movements-booked', JSON.stringify(payload), canteen.path];
}

const commitEvents = (client, events) =>
  insertRows(client, 'outbox_event', [['id', 'uuid'], ['type', 'text'], ['payload', 'jsonb'], ['org_path', 'text']], events);

async function evaluatedCount(client, ids) {
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM rule_evaluation WHERE rule_id = $1 AND event_id = ANY($2::text[])`, [RULE, ids]);
  return rows[0].n;
}

async function waitEvaluated(client, ids, timeoutMs, worker) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await evaluatedCount(client, ids);
    if (n === ids.length) return;
    if (worker.child.exitCode !== null) throw new Error(`the worker exited (${worker.child.exitCode}) with ${n} of ${ids.length} events evaluated`);
    if (Date.now() > deadline) throw new Error(`only ${n} of ${ids.length} events evaluated after ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

async function delays(client, ids) {
  const { rows } = await client.query(
    `SELECT extract(epoch FROM r.evaluated_at - o.created_at) * 1000 AS ms
       FROM outbox_event o JOIN rule_evaluation r ON r.event_id = o.id::text AND r.rule_id = $1
      WHERE o.id = ANY($2::uuid[])`,
    [RULE, ids],
  );
  return rows.map((row) => Number(row.ms));
}

async function alertFigures(client) {
  const { rows } = await client.query(`SELECT count(*)::int AS alerts, coalesce(sum(occurrences), 0)::int AS occurrences FROM alert WHERE rule_id = $1`, [RULE]);
  return rows[0];
}

await bench.main(async () => {
  const build = await ensureBuilt({ rebuildStale: true });
  await bench.createDatabase();
  bench.cleanRedisAtEnd();
  const day = shanghaiToday();
  const ingredients = Array.from({ length: INGREDIENTS }, () => randomUUID());

  await withClient(bench.databaseUrl, async (client) => {
    const canteens = await createTree(client);
    log(`${CANTEENS} canteens in 10 counties`);
    const worker = await bench.startApp({ worker: true, profile: CPU_PROF });
    const redisPid = findRedisPid();

    // Warm-up: the worker's start-up jobs, connections and the first alerts' code counter.
    const warm = Array.from({ length: 300 }, (_, n) => makeEvent(canteens, ingredients, day, n));
    await commitEvents(client, warm);
    await waitEvaluated(client, warm.map((e) => e[0]), 120_000, worker);
    log('warmed up');

    // Profiled and discarded: where the worker's main thread spends a burst.
    let profile = null;
    if (CPU_PROF) {
      const profiled = Array.from({ length: 3000 }, (_, n) => makeEvent(canteens, ingredients, day, warm.length + EVENTS + 1_000_000 + n));
      const counted = await countQueriesWhile(worker, () =>
        profileWhile(worker, async () => {
          await commitEvents(client, profiled);
          await waitEvaluated(client, profiled.map((e) => e[0]), 600_000, worker);
        }),
      );
      profile = { ...counted.value, statementsPerEvent: round1(counted.total / profiled.length), statements: counted.statements.slice(0, 12) };
      log(`profiled 3000 events: ${profile.statementsPerEvent} statements each; ${profile.categories.slice(0, 5).map((c) => `${c.name} ${c.pctOfBusy} %`).join(', ')}`);
    }

    // Burst: everything committed at once; how fast the backlog turns into alerts.
    await waitForQuiet(NPROC, QUIET_WAIT);
    const before = await alertFigures(client);
    const burst = Array.from({ length: EVENTS }, (_, n) => makeEvent(canteens, ingredients, day, warm.length + n));
    const burstIds = burst.map((e) => e[0]);
    const cpuBurst = cpuWatch({ pids: { worker: worker.pid, redis: redisPid }, database: bench.dbName, nproc: NPROC });
    const t0 = performance.now();
    await commitEvents(client, burst);
    await waitEvaluated(client, burstIds, 600_000, worker);
    const burstSeconds = (performance.now() - t0) / 1000;
    const burstCpu = cpuBurst();
    const after = await alertFigures(client);
    const burstDelays = latencySummary(await delays(client, burstIds));
    const burstRate = round1(EVENTS / burstSeconds);
    log(`burst: ${EVENTS} events in ${fmt(burstSeconds, 2)} s = ${fmt(burstRate)} events/s; ${after.alerts - before.alerts} alerts raised, ${after.occurrences - before.occurrences - (after.alerts - before.alerts)} folded`);

    // Paced: small transactions at a fixed rate, as the business would commit them.
    await waitForQuiet(NPROC, QUIET_WAIT);
    const perTick = Math.max(1, Math.round(RATE / 20));
    const ticks = PACED_SECONDS * 20;
    const pacedIds = [];
    const cpuPaced = cpuWatch({ pids: { worker: worker.pid, redis: redisPid }, database: bench.dbName, nproc: NPROC });
    const p0 = performance.now();
    let offset = warm.length + EVENTS;
    for (let tick = 0; tick < ticks; tick++) {
      const events = Array.from({ length: perTick }, (_, n) => makeEvent(canteens, ingredients, day, offset + n));
      offset += perTick;
      await commitEvents(client, events);
      pacedIds.push(...events.map((e) => e[0]));
      const wait = p0 + ((tick + 1) * 1000) / 20 - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const offeredSeconds = (performance.now() - p0) / 1000;
    await waitEvaluated(client, pacedIds, 600_000, worker);
    const pacedSeconds = (performance.now() - p0) / 1000;
    const pacedCpu = cpuPaced();
    const pacedDelays = latencySummary(await delays(client, pacedIds));
    log(
      `paced: ${pacedIds.length} events offered at ${fmt(pacedIds.length / offeredSeconds)} /s, all evaluated after ${fmt(pacedSeconds, 2)} s; ` +
        `delay p50 ${fmt(pacedDelays.p50Ms)} ms, p95 ${fmt(pacedDelays.p95Ms)} ms, p99 ${fmt(pacedDelays.p99Ms)} ms`,
    );

    const report = {
      benchmark: 'warnings',
      at: new Date().toISOString(),
      git: gitState(),
      build,
      machine: machine(),
      postgres: await postgresVersion(bench.databaseUrl),
      redis: await redisVersion(bench.redisUrl),
      loadAverageAtEnd: loadAverage(),
      dataset: { canteens: CANTEENS, ingredientsPerCanteen: INGREDIENTS, rule: RULE, event: 'ledger.movements-booked (one stock-in without delivery)' },
      burst: { events: EVENTS, seconds: round1(burstSeconds), eventsPerSecond: burstRate, alertsRaised: after.alerts - before.alerts, delayMs: burstDelays, cpu: burstCpu },
      workerProfile: profile,
      paced: {
        targetRate: RATE,
        offeredRate: round1(pacedIds.length / offeredSeconds),
        events: pacedIds.length,
        secondsUntilAllEvaluated: round1(pacedSeconds),
        delayMs: pacedDelays,
        cpu: pacedCpu,
      },
    };
    log(`results: ${writeResults('warnings', day, report)}`);
  });
});
