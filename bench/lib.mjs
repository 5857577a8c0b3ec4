/**
 * What the benchmark scripts share: a run's own database, Redis prefix and temporary directory with
 * their clean-up (also on failure or Ctrl-C), machine facts and CPU accounting from /proc, the build
 * check, the built API or worker started as a child process on 127.0.0.1, sign-in, the V8 profiler
 * hook, dataset helpers and number helpers. See docs/benchmarks.md.
 *
 *   const bench = createBench('trace');   // canteen_bench_trace_<id>, bench-trace-<id>
 *   await bench.main(async () => { … });  // runs, reports a failure, cleans up, exits
 */
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HOST = '127.0.0.1';
export const requireRoot = createRequire(path.join(ROOT, 'package.json'));
export const requireApi = createRequire(path.join(ROOT, 'apps/api/package.json'));
export const pg = requireRoot('pg');
export const PASSWORD = 'Bench@2026';
// Same cost parameters as apps/api/src/common/auth/password.ts (argon2id, OWASP).
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const log = (message) => console.log(`\x1b[36m▸\x1b[0m ${message}`);
export const warn = (message) => console.warn(`\x1b[33m! ${message}\x1b[0m`);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const pad = (n, width) => String(n).padStart(width, '0');
export const round1 = (v) => Math.round(v * 10) / 10;
export const round2 = (v) => Math.round(v * 100) / 100;

/** A whole number from the environment, refused outside [min, max]: every load stays bounded. */
export function bounded(name, fallback, min, max) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new Error(`${name} must be a number from ${min} to ${max}`);
  return Math.round(value);
}

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** p50/p95/p99/max of latencies in ms (any order), rounded to 0.01 ms. */
export function latencySummary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50Ms: round2(percentile(sorted, 50)),
    p95Ms: round2(percentile(sorted, 95)),
    p99Ms: round2(percentile(sorted, 99)),
    maxMs: round2(sorted.at(-1)),
  };
}

export const fmt = (n, digits = 1) =>
  n === null || n === undefined || Number.isNaN(n)
    ? '—'
    : n >= 100
      ? n.toFixed(0)
      : n.toFixed(digits);

// ---------------------------------------------------------------------------------------------
// Days. A "day" is a date in Asia/Shanghai (UTC+8, no daylight saving).

export const dayOf = (date) => date.toISOString().slice(0, 10);
export const compact = (day) => day.replaceAll('-', '');
export const addDays = (day, n) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
export const weekdayOf = (day) => new Date(`${day}T00:00:00Z`).getUTCDay();
export const isSchoolDay = (day) => weekdayOf(day) !== 0 && weekdayOf(day) !== 6;
export const shanghaiToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
/** An instant at a wall-clock time of a day in Asia/Shanghai. */
export const shanghaiAt = (day, hour, minute, second = 0) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + (((hour - 8) * 60 + minute) * 60 + second) * 1000);

// ---------------------------------------------------------------------------------------------
// Processes and the machine.

/** Runs a command from the repository root with inherited output; resolves with its exit code. */
export function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel:
      /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverageAtStart: loadAverage(),
  };
}

export const loadAverage = () => os.loadavg().map(round2);

/**
 * Writes a results file, `bench/results/<name>-<day>.json` (BENCH_RESULTS_DIR elsewhere, e.g. for
 * a trial run that should not replace the recorded figures); returns its path.
 */
export function writeResults(name, day, report) {
  const dir = process.env.BENCH_RESULTS_DIR
    ? path.resolve(process.env.BENCH_RESULTS_DIR)
    : path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${day}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`results written to ${path.relative(ROOT, file)}`);
  return file;
}

/** The commit measured and the uncommitted files of the code it runs. */
export function gitState() {
  const git = (args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout || '';
  return {
    gitCommit: git(['rev-parse', 'HEAD']).trim() || null,
    // Not trimmed: porcelain lines start with their two status columns, a space included.
    uncommittedFiles: git(['status', '--porcelain', '--', 'apps', 'packages', 'prisma'])
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3)),
  };
}

export const CLK_TCK =
  Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** Busy and total ticks of the whole machine (all processes). */
export function machineTicks() {
  if (!existsSync('/proc/stat')) return null;
  const [user, nice, system, idle, iowait, irq, softirq, steal = 0] = readFileSync(
    '/proc/stat',
    'utf8',
  )
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Busy share of the whole machine between two readings, in % of one core. */
export const busyPct = (before, after, nproc) =>
  before && after
    ? Math.round(((after.busy - before.busy) / (after.total - before.total)) * nproc * 1000) / 10
    : null;

/** User + system ticks a process has used, or null when it is gone. */
export function ticksOf(pid) {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function processesWhere(test) {
  const pids = [];
  if (!existsSync('/proc')) return pids;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (test(entry)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

export const findRedisPid = () =>
  processesWhere((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'redis-server')[0] ??
  null;

/** PostgreSQL backends serving one database ("postgres: … <user> <database> <host>(<port>) …"). */
export const postgresBackends = (database) =>
  processesWhere((pid) => {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return cmdline.startsWith('postgres:') && ` ${cmdline} `.includes(` ${database} `);
  });

/**
 * CPU used over a window by named processes, by the PostgreSQL backends of one database (found
 * again every 250 ms, so connections opened during the window count) and by the rest of the
 * machine, in % of one core. `pids` maps a name to a pid or to a function returning the current one
 * (a load generator started inside the window).
 */
export function cpuWatch({ pids = {}, database, nproc, intervalMs = 250, rescanMs = 250 }) {
  const seen = new Map(); // key → { first, last }
  const read = (key, pid, isNew) => {
    const ticks = ticksOf(pid);
    if (ticks === null) return;
    const entry = seen.get(key);
    if (entry) entry.last = ticks;
    else seen.set(key, { first: isNew ? 0 : ticks, last: ticks });
  };
  const backends = new Set();
  let scannedAt = 0;
  let initial = true;
  const poll = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const current = typeof pid === 'function' ? pid() : pid;
      if (current) read(`${name}:${current}`, current, !initial && typeof pid === 'function');
    }
    if (database) {
      // Short-lived backends (a load generator's connections) need frequent reads of their own
      // stat files; finding them in /proc costs more, so it is done less often.
      if (Date.now() - scannedAt >= rescanMs) {
        for (const pid of postgresBackends(database)) backends.add(pid);
        scannedAt = Date.now();
      }
      for (const pid of backends) read(`pg:${pid}`, pid, !initial);
    }
    initial = false;
  };
  const startedAt = process.hrtime.bigint();
  const machineBefore = machineTicks();
  poll();
  const timer = setInterval(poll, intervalMs);
  return () => {
    poll();
    clearInterval(timer);
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const machinePct = busyPct(machineBefore, machineTicks(), nproc);
    const pct = (ticks) => Math.round((ticks / CLK_TCK / seconds) * 1000) / 10;
    const sums = {};
    for (const [key, { first, last }] of seen) {
      const name = key.slice(0, key.indexOf(':'));
      sums[name] = (sums[name] ?? 0) + (last - first);
    }
    const use = { capacityPct: nproc * 100, seconds: round2(seconds), machinePct };
    let ours = 0;
    for (const name of [...Object.keys(pids), 'pg']) {
      const value = sums[name] === undefined ? null : pct(sums[name]);
      use[name === 'pg' ? 'postgresPct' : `${name}Pct`] = value;
      ours += value ?? 0;
    }
    use.othersPct =
      machinePct === null ? null : Math.max(0, Math.round((machinePct - ours) * 10) / 10);
    return use;
  };
}

/** Waits until the machine is quiet (below `quietPct` of one core over 5 s) or the time is up; the last reading. */
export async function waitForQuiet(nproc, seconds, quietPct = 30) {
  const deadline = Date.now() + seconds * 1000;
  let pct;
  for (;;) {
    const before = machineTicks();
    await sleep(5000);
    pct = busyPct(before, machineTicks(), nproc);
    if (pct === null || pct < quietPct || Date.now() >= deadline) break;
    log(
      `the machine is busy (${pct}% of one core used by other processes); waiting up to ${Math.round((deadline - Date.now()) / 1000)} s more`,
    );
  }
  return pct;
}

export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return {
    rssMiB: Math.round(kib('VmRSS') / 102.4) / 10,
    hwmMiB: Math.round(kib('VmHWM') / 102.4) / 10,
  };
}

// ---------------------------------------------------------------------------------------------
// The build.

function newestSources(dir, since, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Prisma's generated client is rewritten by every `prisma generate`, usually unchanged.
      if (!['generated', 'dist', 'node_modules'].includes(entry.name))
        newestSources(full, since, found);
    } else if (
      /\.ts$/.test(entry.name) &&
      !/\.(spec|int-spec)\.ts$/.test(entry.name) &&
      statSync(full).mtimeMs > since
    )
      found.push(path.relative(ROOT, full));
  }
  return found;
}

const BUILDS = [
  {
    name: '@canteen/shared',
    out: 'packages/shared/dist/index.js',
    src: 'packages/shared/src',
  },
  { name: '@canteen/api', out: 'apps/api/dist/main.js', src: 'apps/api/src' },
];

/**
 * Makes sure `apps/api/dist` exists. With `rebuildStale`, the shared package and the API are rebuilt
 * when older than their sources (a benchmark of a new module must measure it); without, a stale
 * build is measured as it is, with a warning naming the newer sources.
 */
export async function ensureBuilt({ rebuildStale }) {
  const api = path.join(ROOT, 'apps/api/dist/main.js');
  const rebuilt = [];
  if (!rebuildStale && !existsSync(api)) {
    log('apps/api/dist is missing: building (pnpm -r run build)');
    const code = await run('pnpm', ['-r', 'run', 'build']);
    if (code !== 0) throw new Error(`pnpm -r run build exited with ${code}`);
    rebuilt.push('all');
  }
  for (const build of BUILDS) {
    const out = path.join(ROOT, build.out);
    const stale = existsSync(out)
      ? newestSources(path.join(ROOT, build.src), statSync(out).mtimeMs)
      : null;
    if (stale && stale.length === 0) continue;
    if (!rebuildStale) {
      if (stale)
        warn(
          `${build.name} (built ${new Date(statSync(out).mtimeMs).toISOString()}) is older than ${stale.length} source file(s): ${stale.join(', ')}; ` +
            'this run measures the build, not the working tree (run `pnpm -r run build` first to measure the latter).',
        );
      continue;
    }
    log(`${build.name}: the build is missing or older than its sources; building`);
    const code = await run('pnpm', ['--filter', build.name, 'run', 'build']);
    if (code !== 0) throw new Error(`pnpm --filter ${build.name} run build exited with ${code}`);
    rebuilt.push(build.name);
  }
  return {
    rebuilt,
    builtAt: new Date(statSync(api).mtimeMs).toISOString(),
    staleSources: newestSources(path.join(ROOT, 'apps/api/src'), statSync(api).mtimeMs),
  };
}

// ---------------------------------------------------------------------------------------------
// Database.

export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** INSERT … SELECT FROM unnest(text[], …), each column cast to its type: one round trip for many rows. */
export async function insertRows(client, table, columns, rows, chunk = 5000) {
  if (rows.length === 0) return;
  const names = columns.map(([name]) => name).join(', ');
  const casts = columns.map(([, type], i) => `c${i}::${type}`).join(', ');
  const arrays = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const text = (value) =>
    value === null || value === undefined
      ? null
      : value instanceof Date
        ? value.toISOString()
        : String(value);
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await client.query(
      `INSERT INTO ${table} (${names}) SELECT ${casts} FROM unnest(${arrays}) AS u(${aliases})`,
      columns.map((_, c) => part.map((row) => text(row[c]))),
    );
  }
}

/**
 * The org tree a bench builds: `unit(parent, level, fields)` adds a unit under `parent` (null for
 * the root) with its id, path and depth, and `units` keeps them in the order made, parents first,
 * as `insertUnits` needs them. `fields` holds code, name and kind, and any other column it sets
 * (address, enrolment, connectionStatus, connectedAt).
 */
export function orgTree() {
  const units = [];
  const unit = (parent, level, fields) => {
    const id = randomUUID();
    const row = {
      id,
      level,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: parent ? parent.depth + 1 : 0,
      ...fields,
    };
    units.push(row);
    return row;
  };
  return { units, unit };
}

export function insertUnits(client, units, chunk) {
  return insertRows(
    client,
    'org_unit',
    [
      ['id', 'uuid'],
      ['code', 'text'],
      ['name', 'text'],
      ['level', 'text'],
      ['kind', 'text'],
      ['parent_id', 'uuid'],
      ['path', 'text'],
      ['depth', 'int'],
      ['address', 'text'],
      ['enrolment', 'int'],
      ['connection_status', 'text'],
      ['connected_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    units.map((u) => [
      u.id,
      u.code,
      u.name,
      u.level,
      u.kind,
      u.parentId,
      u.path,
      u.depth,
      u.address,
      u.enrolment,
      u.connectionStatus,
      u.connectedAt,
      new Date(),
    ]),
    chunk,
  );
}

/** Accounts that sign in with `passwordHash`: { id?, username, displayName?, role, unitId?, supplierId? }. */
export function insertUsers(client, users, passwordHash) {
  return insertRows(
    client,
    'app_user',
    [
      ['id', 'uuid'],
      ['username', 'text'],
      ['display_name', 'text'],
      ['password_hash', 'text'],
      ['role', 'text'],
      ['org_unit_id', 'uuid'],
      ['supplier_id', 'uuid'],
      ['must_change_password', 'boolean'],
      ['updated_at', 'timestamptz'],
    ],
    users.map((u) => [
      u.id ?? randomUUID(),
      u.username,
      u.displayName ?? u.username,
      passwordHash,
      u.role,
      u.unitId,
      u.supplierId,
      false,
      new Date(),
    ]),
  );
}

export async function postgresVersion(url) {
  return withClient(
    url,
    async (c) => (await c.query('SHOW server_version')).rows[0].server_version,
  );
}

// ---------------------------------------------------------------------------------------------
// Redis.

async function withRedis(url, fn) {
  const Redis = requireApi('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

export const redisVersion = (url) =>
  withRedis(
    url,
    async (redis) => /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown',
  );

// ---------------------------------------------------------------------------------------------
// HTTP.

/** Signs in; the session cookie (`sid=…`), its id and the CSRF token unsafe requests must carry. */
export async function signIn(base, username, password = PASSWORD) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200)
    throw new Error(`login as ${username} answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('sid='));
  if (!cookie) throw new Error(`login as ${username} set no sid cookie`);
  const { csrfToken } = await response.json();
  const pair = cookie.split(';')[0];
  return { cookie: pair, sid: pair.slice('sid='.length), csrf: csrfToken };
}

// ---------------------------------------------------------------------------------------------
// Where the API's main thread spends its time (V8 sampling profiler, bench/cpu-profile-hook.cjs).

function categoryOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : 'V8 builtins / native';
  if (url.startsWith('wasm')) return 'Prisma query compiler (wasm)';
  if (url.includes('node_modules/')) {
    const rest = url.slice(url.lastIndexOf('node_modules/') + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('/apps/api/dist/')) return 'app (apps/api/dist)';
  if (url.includes('/packages/shared/')) return '@canteen/shared';
  return 'other';
}

export function summariseProfile(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  if (profile.error) return { error: profile.error };
  const hits = new Map();
  const functions = new Map();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const count = node.hitCount ?? 0;
    if (!count) continue;
    total += count;
    const { functionName } = node.callFrame;
    if (functionName === '(idle)') {
      idle += count;
      continue;
    }
    const category = categoryOf(node.callFrame);
    hits.set(category, (hits.get(category) ?? 0) + count);
    const key = `${functionName || '(anonymous)'} · ${category}`;
    functions.set(key, (functions.get(key) ?? 0) + count);
  }
  const busy = total - idle || 1;
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, count]) => ({ name, pctOfBusy: Math.round((count / busy) * 1000) / 10 }));
  return {
    sampledMs: Math.round((profile.endTime - profile.startTime) / 1000),
    idlePct: Math.round((idle / (total || 1)) * 1000) / 10,
    categories: top(hits, 12),
    functions: top(functions, 10),
  };
}

function nextMessage(child, prefix, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`no '${prefix}' from the API within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message) => {
      if (typeof message !== 'string' || !message.startsWith(prefix)) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.slice(prefix.length));
    };
    child.on('message', onMessage);
  });
}

/** Profiles the API's main thread while `fn` runs (the API must have been started with `profile`). */
export async function profileWhile(api, fn) {
  const started = nextMessage(api.child, 'profile:started', 10_000);
  api.child.send('profile:start');
  await started;
  let failure = null;
  await fn().catch((error) => (failure = error));
  const written = nextMessage(api.child, 'profile:written:', 30_000);
  api.child.send('profile:stop');
  const file = await written;
  if (failure) throw failure;
  return summariseProfile(file);
}

/**
 * Counts the statements the API sends to PostgreSQL while `fn` runs (the API must have been started
 * with `profile`): the total and each distinct statement's count, most frequent first.
 */
export async function countQueriesWhile(api, fn) {
  const started = nextMessage(api.child, 'queries:started', 10_000);
  api.child.send('queries:start');
  const answer = await started;
  if (answer.startsWith(':error:'))
    throw new Error(`counting the API's statements: ${answer.slice(':error:'.length)}`);
  let failure = null;
  let value;
  await fn().then(
    (v) => (value = v),
    (error) => (failure = error),
  );
  const counted = nextMessage(api.child, 'queries:counted:', 10_000);
  api.child.send('queries:stop');
  const statements = JSON.parse(await counted).map(([query, n]) => ({ n, query }));
  if (failure) throw failure;
  return { value, total: statements.reduce((sum, s) => sum + s.n, 0), statements };
}

// ---------------------------------------------------------------------------------------------
// One benchmark run: its names, its clean-up, and the processes and database it creates.

/**
 * `name` '' gives canteen_bench_<id> and bench-<id>; 'trace' gives canteen_bench_trace_<id> and
 * bench-trace-<id>. SIGINT and SIGTERM clean up and exit.
 */
export function createBench(name = '') {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dbName = `canteen_bench_${name ? `${name}_` : ''}${runId}`;
  const dbBase = (
    process.env.BENCH_DATABASE_BASE_URL ?? `postgresql://postgres@${HOST}:5432`
  ).replace(/\/+$/, '');
  const redisPrefix = `bench-${name ? `${name}-` : ''}${runId}`;
  const tmp = mkdtempSync(
    path.join(os.tmpdir(), `canteen-bench-${name ? `${name}-` : ''}${runId}-`),
  );
  const bench = {
    runId,
    dbName,
    databaseUrl: `${dbBase}/${dbName}`,
    adminUrl: `${dbBase}/postgres`,
    redisUrl: process.env.BENCH_REDIS_URL ?? `redis://${HOST}:6379`,
    redisPrefix,
    tmp,
    logFiles: [],
  };

  const steps = [];
  const firstSteps = [];
  let cleaning = null;
  /** A clean-up step; steps run in reverse order of registration, `first` ones before all others. */
  bench.onCleanup = (step, { first = false } = {}) => (first ? firstSteps : steps).push(step);
  bench.cleanup = () => {
    cleaning ??= (async () => {
      for (const step of [...firstSteps, ...steps.reverse()]) {
        try {
          await step();
        } catch (error) {
          console.error(`clean-up step failed: ${error.message}`);
        }
      }
      rmSync(tmp, { recursive: true, force: true });
    })();
    return cleaning;
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void bench.cleanup().then(() => process.exit(130));
    });
  }

  /** Runs the benchmark, reports a failure with the last lines of the app's logs, cleans up, exits. */
  bench.main = async (fn) => {
    let exitCode = 0;
    try {
      await fn();
    } catch (error) {
      console.error(`\x1b[31m✖ ${error.stack ?? error.message}\x1b[0m`);
      for (const file of bench.logFiles) {
        if (!existsSync(file)) continue;
        const tail = readFileSync(file, 'utf8').split('\n').slice(-40).join('\n').trim();
        if (tail) console.error(`last lines of ${path.basename(file)}:\n${tail}`);
      }
      exitCode = 1;
    } finally {
      await bench.cleanup();
    }
    process.exit(exitCode);
  };

  /** Creates the run's database, dropped at clean-up, and migrates it with prisma/migrate.ts. */
  bench.createDatabase = async () => {
    await withClient(bench.adminUrl, (c) => c.query(`CREATE DATABASE "${dbName}"`));
    bench.onCleanup(async () => {
      await withClient(bench.adminUrl, (c) =>
        c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`),
      );
      log(`dropped database ${dbName}`);
    });
    log(`created database ${dbName}; migrating`);
    const code = await run('pnpm', ['exec', 'tsx', 'prisma/migrate.ts'], {
      DATABASE_URL: bench.databaseUrl,
    });
    if (code !== 0) throw new Error(`prisma/migrate.ts exited with ${code}`);
  };

  /**
   * Samples what the run's PostgreSQL backends are running, every 50 ms, until the returned
   * function is called: per statement, the average number of backends busy with it (a poor man's
   * pg_stat_statements).
   */
  bench.sampleQueries = async ({ top = 5 } = {}) => {
    const client = new pg.Client({ connectionString: bench.adminUrl });
    await client.connect();
    let stopped = false;
    let samples = 0;
    const counts = new Map();
    const loop = (async () => {
      while (!stopped) {
        const { rows } = await client.query(
          `SELECT query FROM pg_stat_activity WHERE datname = $1 AND state = 'active'`,
          [dbName],
        );
        samples++;
        for (const { query } of rows) {
          const key = query.replace(/\s+/g, ' ').trim().slice(0, 4000);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        await sleep(50);
      }
    })();
    return async () => {
      stopped = true;
      await loop;
      await client.end();
      return {
        samples,
        activeBackendsAvg: round2([...counts.values()].reduce((a, b) => a + b, 0) / (samples || 1)),
        statements: [...counts.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, top)
          .map(([query, n]) => ({ activeBackendsAvg: round2(n / (samples || 1)), query })),
      };
    };
  };

  /** Deletes the run's Redis keys at clean-up. */
  bench.cleanRedisAtEnd = () =>
    bench.onCleanup(async () => {
      const deleted = await withRedis(bench.redisUrl, async (redis) => {
        let count = 0;
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) count += await redis.unlink(...keys);
        } while (cursor !== '0');
        return count;
      });
      log(`deleted ${deleted} Redis keys under ${redisPrefix}:`);
    });

  const feedbackSecret = randomBytes(32).toString('hex');
  /** The environment the built API and worker run with against the run's database and Redis prefix. */
  /** Production refuses to start without the ledger's signing key: one of the run's own, outside the database. */
  const ledgerDir = path.join(tmp, 'ledger');
  const ledgerEnv = () => {
    const keyFile = path.join(ledgerDir, 'signing-key.pem');
    if (!existsSync(keyFile)) {
      mkdirSync(path.join(ledgerDir, 'digests'), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    return { LEDGER_SIGNING_KEY_FILE: keyFile, LEDGER_DIGEST_DIR: path.join(ledgerDir, 'digests') };
  };

  bench.appEnv = (extra = {}) => ({
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: bench.databaseUrl,
    REDIS_URL: bench.redisUrl,
    REDIS_PREFIX: redisPrefix,
    HOST,
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'warn',
    STORAGE_DIR: path.join(tmp, 'storage'),
    LOGIN_IP_LIMIT: '100000000',
    LOGIN_ACCOUNT_LIMIT: '100000000',
    LOGIN_MAX_FAILURES: '1000000',
    // Required in production; any secret of the run's own will do.
    FEEDBACK_CHALLENGE_SECRET: feedbackSecret,
    ...ledgerEnv(),
    ...extra,
  });

  /**
   * Starts `apps/api/dist/main.js` (or, with `worker`, `worker.js`) as a child process, stopped at
   * clean-up. The API listens on a free port of 127.0.0.1 and is returned once /api/health answers;
   * with `profile` it preloads bench/cpu-profile-hook.cjs (see profileWhile).
   */
  bench.startApp = async ({ worker = false, profile = false, env = {} } = {}) => {
    const role = worker ? 'worker' : 'api';
    const port = worker ? null : await freePort();
    const logFile = path.join(tmp, `${role}-${randomBytes(2).toString('hex')}.log`);
    bench.logFiles.push(logFile);
    const logStream = createWriteStream(logFile);
    const profDir = path.join(tmp, 'prof');
    mkdirSync(profDir, { recursive: true });
    mkdirSync(path.join(tmp, 'storage'), { recursive: true });
    const script = `apps/api/dist/${worker ? 'worker' : 'main'}.js`;
    const child = spawn(
      process.execPath,
      profile ? ['-r', path.join(ROOT, 'bench/cpu-profile-hook.cjs'), script] : [script],
      {
        cwd: ROOT,
        stdio: profile ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
        env: bench.appEnv({
          ...(port ? { PORT: String(port) } : {}),
          BENCH_PROF_DIR: profDir,
          ...env,
        }),
      },
    );
    child.stdout.pipe(logStream, { end: false });
    child.stderr.pipe(logStream, { end: false });
    const exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
        log(`stopped the ${role}`);
      }
      logStream.end();
    };
    bench.onCleanup(stop);
    const app = { child, pid: child.pid, port, logFile, profDir, stop, exited };
    if (worker) {
      log(`worker started (pid ${child.pid})`);
      return app;
    }
    const base = `http://${HOST}:${port}`;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) {
          log(`API up at ${base} (pid ${child.pid})`);
          return { ...app, base };
        }
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    await sleep(200);
    const tail = existsSync(logFile)
      ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')
      : '';
    throw new Error(`the API did not answer /api/health within 60 s\n${tail}`);
  };

  return bench;
}
