#!/usr/bin/env node
/**
 * Foundation benchmarks: the built API under wrk on a scaled tenant tree (1 province > 10 cities >
 * 100 county-level units > 5,000 schools > 7,500 canteens), each case beside a ceiling measured in
 * the same run. See docs/benchmarks.md.
 *
 *   node bench/foundation.mjs
 *
 * It creates its own database (canteen_bench_<id>) and Redis prefix (bench-<id>) and removes both
 * at the end, also on failure or Ctrl-C. Every load targets 127.0.0.1 and stops by itself.
 *
 * Environment (all optional):
 *   BENCH_DATABASE_BASE_URL  postgresql://postgres@127.0.0.1:5432 (server only; the database is ours)
 *   BENCH_REDIS_URL          redis://127.0.0.1:6379
 *   BENCH_DURATION           seconds per measured case, default 10 (1–60)
 *   BENCH_WARMUP             seconds of discarded load before each case, default 3 (0–30)
 *   BENCH_CONNECTIONS        wrk connections for the read cases, default 50 (1–256)
 *   BENCH_LOGIN_CONNECTIONS  wrk connections for the login case, default 4 (2–32)
 *   BENCH_SQL_TIMEOUT        seconds allowed to each SQL-level measurement, default 120
 *   BENCH_QUIET_WAIT         seconds to wait, before loading, for the machine to be quiet (other
 *                            processes below 30% of one core over 5 s), default 120 (0–1800)
 *   BENCH_CPU_PROF           1 (default) samples the API's main thread during each case's discarded
 *                            warm-up and reports where the time went; 0 turns it off
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ARGON2_OPTIONS,
  HOST,
  PASSWORD,
  ROOT,
  bounded,
  cpuWatch,
  createBench,
  ensureBuilt,
  findRedisPid,
  fmt,
  freePort,
  gitState,
  insertRows,
  insertUnits,
  insertUsers,
  log,
  machine as machineFacts,
  memoryOf,
  orgTree,
  pad,
  postgresVersion,
  profileWhile,
  redisVersion,
  requireRoot,
  signIn,
  sleep,
  waitForQuiet,
  withClient,
  writeResults,
} from './lib.mjs';

const { hash: argon2Hash } = requireRoot('@node-rs/argon2');

const bench = createBench();
const DATABASE_URL = bench.databaseUrl;

const DURATION = bounded('BENCH_DURATION', 10, 1, 60);
const WARMUP = bounded('BENCH_WARMUP', 3, 0, 30);
const CONNECTIONS = bounded('BENCH_CONNECTIONS', 50, 1, 256);
const LOGIN_CONNECTIONS = bounded('BENCH_LOGIN_CONNECTIONS', 4, 2, 32);
const SQL_TIMEOUT = bounded('BENCH_SQL_TIMEOUT', 120, 5, 600);
const CPU_PROF = process.env.BENCH_CPU_PROF !== '0';
const QUIET_WAIT = bounded('BENCH_QUIET_WAIT', 120, 0, 1800);
// A case during which other processes used more than this (% of one core) is flagged as disturbed.
const DISTURBED_PCT = 30;
const THREADS = 2;

let runningWrk = null;
// wrk stops by itself after -d; on an interruption it need not run on.
bench.onCleanup(() => runningWrk?.kill('SIGTERM'), { first: true });

// ---------------------------------------------------------------------------------------------
// Tools and machine facts.

function ensureWrk() {
  if (spawnSync('wrk', ['-v'], { encoding: 'utf8' }).error === undefined) return;
  if (process.getuid?.() === 0) {
    log('wrk is missing: installing the Debian package');
    let result = spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit' });
    if (result.status !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'inherit' });
      result = spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit' });
    }
    if (result.status === 0) return;
  }
  throw new Error(
    'wrk is not installed: run `apt-get install -y wrk` as root (Debian package wrk), then run this again.',
  );
}

function machine() {
  return {
    ...machineFacts(),
    wrk: (spawnSync('wrk', ['-v'], { encoding: 'utf8' }).stdout || '').split('\n')[0].trim(),
  };
}

// ---------------------------------------------------------------------------------------------
// Database and dataset.

// The seed's deterministic variety (prisma/seed/seed.ts): most connected, some not yet, a few suspended.
function connectionOf(index) {
  if (index % 11 === 5) return 'suspended';
  if (index % 7 === 3) return 'not_connected';
  return 'connected';
}

const COUNTY_KINDS = ['district', 'county', 'county_city', 'zone'];
const SCHOOL_KINDS = [
  'primary',
  'primary',
  'middle',
  'kindergarten',
  'nine_year',
  'complete',
  'high',
  'vocational',
];

/**
 * 1 province > 10 cities > 10 county-level units each > 50 schools each > 1–2 canteens each
 * (alternating, so exactly 7,500), paths built as OrgUnitsService.create and the seed build them.
 */
function buildTree() {
  const now = Date.now();
  const daysAgo = (days) => new Date(now - days * 86_400_000);
  const levels = { province: [], city: [], county: [], school: [], canteen: [] };
  const events = [];
  const tree = orgTree();
  const unit = (parent, level, fields) => {
    const row = tree.unit(parent, level, fields);
    levels[level].push(row);
    return row;
  };
  const province = unit(null, 'province', { code: 'BENCH-P', name: '基准省', kind: 'province' });
  let schoolIndex = 0;
  let canteenIndex = 0;
  for (let c = 1; c <= 10; c++) {
    const cityCode = `BENCH-C${pad(c, 2)}`;
    const city = unit(province, 'city', { code: cityCode, name: `基准省第${c}市`, kind: 'city' });
    for (let k = 1; k <= 10; k++) {
      const countyCode = `${cityCode}-K${pad(k, 2)}`;
      const countyName = `${city.name}第${k}区`;
      const county = unit(city, 'county', {
        code: countyCode,
        name: countyName,
        kind: COUNTY_KINDS[k % COUNTY_KINDS.length],
      });
      for (let s = 1; s <= 50; s++) {
        const schoolCode = `${countyCode}-S${pad(s, 3)}`;
        const school = unit(county, 'school', {
          code: schoolCode,
          name: `${countyName}第${s}学校`,
          kind: SCHOOL_KINDS[schoolIndex % SCHOOL_KINDS.length],
          address: `${countyName}学府路${s}号`,
          enrolment: 300 + ((schoolIndex * 37) % 2900),
        });
        const canteens = schoolIndex % 2 === 0 ? ['学生食堂'] : ['学生食堂', '教师食堂'];
        canteens.forEach((name, j) => {
          const status = connectionOf(canteenIndex);
          const connectedAt =
            status === 'not_connected' ? null : daysAgo(5 + ((canteenIndex * 7) % 70));
          const canteen = unit(school, 'canteen', {
            code: `${schoolCode}-C${j + 1}`,
            name,
            kind: 'canteen',
            connectionStatus: status,
            connectedAt,
          });
          if (connectedAt) {
            events.push({
              canteenId: canteen.id,
              from: 'not_connected',
              to: 'connected',
              reason: '完成明厨亮灶设备安装与平台对接',
              at: connectedAt,
            });
          }
          if (status === 'suspended') {
            events.push({
              canteenId: canteen.id,
              from: 'connected',
              to: 'suspended',
              reason: '食堂改造施工，暂停接入',
              at: daysAgo(3),
            });
          }
          canteenIndex++;
        });
        schoolIndex++;
      }
    }
  }
  return { levels, units: tree.units, events, province };
}

async function loadDataset() {
  const started = Date.now();
  const { levels, units, events } = buildTree();
  const passwordHash = await argon2Hash(PASSWORD, ARGON2_OPTIONS);
  const [province] = levels.province;
  const city = levels.city[0];
  const county = levels.county.find((u) => u.parentId === city.id);
  const admins = [
    { username: 'bench_province_admin', displayName: '基准省管理员', unit: province },
    { username: 'bench_city_admin', displayName: '基准市管理员', unit: city },
    { username: 'bench_county_admin', displayName: '基准区管理员', unit: county },
  ];
  // The login case signs in as these in turn: many people signing in, not one hot row.
  const loginUsers = levels.county.slice(0, 8).map((u, i) => ({
    username: `bench_login_${pad(i + 1, 2)}`,
    displayName: `基准登录${i + 1}`,
    unit: u,
  }));
  await withClient(DATABASE_URL, async (client) => {
    await client.query('BEGIN');
    await insertUnits(client, units, 2000);
    await insertRows(
      client,
      'connection_event',
      [
        ['id', 'uuid'],
        ['canteen_id', 'uuid'],
        ['from_status', 'text'],
        ['to_status', 'text'],
        ['reason', 'text'],
        ['occurred_at', 'timestamptz'],
      ],
      events.map((r) => [randomUUID(), r.canteenId, r.from, r.to, r.reason, r.at]),
    );
    const account = (role) => (a) => ({
      username: a.username,
      displayName: a.displayName,
      role,
      unitId: a.unit.id,
    });
    await insertUsers(
      client,
      [...admins.map(account('official_admin')), ...loginUsers.map(account('official_viewer'))],
      passwordHash,
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
  });
  const counts = Object.fromEntries(
    Object.entries(levels).map(([level, rows]) => [level, rows.length]),
  );
  const statuses = levels.canteen.reduce(
    (acc, r) => ({ ...acc, [r.connectionStatus]: (acc[r.connectionStatus] ?? 0) + 1 }),
    {},
  );
  const cityCanteens = levels.canteen.filter((r) => r.path.startsWith(city.path)).length;
  const dataset = {
    orgUnits: Object.values(counts).reduce((a, b) => a + b, 0),
    byLevel: counts,
    canteenStatus: statuses,
    connectionEvents: events.length,
    accounts: admins.length + loginUsers.length,
    cityCanteens,
    generatedInMs: Date.now() - started,
  };
  log(
    `dataset: ${dataset.orgUnits} org units (${Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}), ${events.length} connection events, in ${dataset.generatedInMs} ms`,
  );
  return { dataset, province, city, county, admins, loginUsers };
}

// Who used the CPU during a case: the server, our own PostgreSQL backends, wrk, Redis (shared with
// whatever else runs here) and everything else on the machine, in % of one core. These machines
// are shared; a case measured while others compile or test is not the same measurement.
const REDIS_PID = existsSync('/proc/stat') ? findRedisPid() : null;

// ---------------------------------------------------------------------------------------------
// The login case's ceiling.

/** argon2id verify alone, in this process, `inFlight` at a time: the ceiling of the login case. */
async function argon2Alone(seconds, inFlight) {
  const { verify } = requireRoot('@node-rs/argon2');
  const stored = await argon2Hash(PASSWORD, ARGON2_OPTIONS);
  const single = [];
  for (let i = 0; i < 10; i++) {
    const started = process.hrtime.bigint();
    await verify(stored, PASSWORD);
    single.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  single.sort((a, b) => a - b);
  let done = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  // CPU time of this process (the verifies run on libuv's threads): hardly affected by other load.
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < deadline) {
        await verify(stored, PASSWORD);
        done++;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    options: ARGON2_OPTIONS,
    cpuMsPerVerify: Math.round(((cpu.user + cpu.system) / 1000 / done) * 100) / 100,
    singleMedianMs: Math.round(single[5] * 100) / 100,
    inFlight,
    verifiesPerSec: Math.round((done / elapsed) * 10) / 10,
    libuvThreadpool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
  };
}

// ---------------------------------------------------------------------------------------------
// A bare node:http server answering the same bytes from memory: what this machine, Node and wrk
// can do at all, to read the ceiling against (the architecture note's "trivial endpoint").

async function startBare(body) {
  const port = await freePort();
  const bodyFile = path.join(bench.tmp, 'bare-body');
  writeFileSync(bodyFile, body);
  const code = `const b = require('fs').readFileSync(process.argv[1]);
require('http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/javascript; charset=UTF-8', 'content-length': b.length }); s.end(b); })
  .listen(${port}, '${HOST}', () => console.log('ready'));`;
  const child = spawn(process.execPath, ['-e', code, bodyFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  bench.onCleanup(stop);
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('ready') && resolve());
    child.once('exit', (code) =>
      reject(new Error(`the bare node:http server exited with ${code}`)),
    );
  });
  return { child, base: `http://${HOST}:${port}`, stop };
}

// ---------------------------------------------------------------------------------------------
// wrk.

const DONE_LUA = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests":%.0f,"durationUs":%.0f,"bytes":%.0f,"connectErrors":%.0f,"readErrors":%.0f,"writeErrors":%.0f,"statusErrors":%.0f,"timeouts":%.0f,"p50":%.0f,"p75":%.0f,"p90":%.0f,"p99":%.0f,"max":%.0f,"mean":%.1f}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
`;

function loginLua(usernames) {
  const list = usernames.map((u) => `"${u}"`).join(', ');
  return `
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local users = { ${list} }
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"username":"' .. users[(n % #users) + 1] .. '","password":"${PASSWORD}"}')
end
${DONE_LUA}`;
}

function wrk({ url, connections, seconds, headers = [], script }) {
  const scriptFile = path.join(bench.tmp, `wrk-${randomBytes(4).toString('hex')}.lua`);
  writeFileSync(scriptFile, script ?? DONE_LUA);
  const args = [
    '-t',
    String(Math.min(THREADS, connections)),
    '-c',
    String(connections),
    '-d',
    `${seconds}s`,
    '--timeout',
    '30s',
    '--latency',
    '-s',
    scriptFile,
  ];
  for (const header of headers) args.push('-H', header);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    runningWrk = child;
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    // wrk stops itself after -d; this only guards against a wedged process.
    const guard = setTimeout(() => child.kill('SIGKILL'), (seconds + 60) * 1000);
    child.on('exit', (code) => {
      runningWrk = null;
      clearTimeout(guard);
      const line = out.split('\n').find((l) => l.startsWith('WRK_RESULT '));
      if (code !== 0 || !line) return reject(new Error(`wrk exited with ${code}:\n${out}`));
      const r = JSON.parse(line.slice('WRK_RESULT '.length));
      resolve({
        requestsPerSec: Math.round((r.requests / (r.durationUs / 1e6)) * 10) / 10,
        requests: r.requests,
        p50Ms: r.p50 / 1000,
        p75Ms: r.p75 / 1000,
        p90Ms: r.p90 / 1000,
        p99Ms: r.p99 / 1000,
        maxMs: r.max / 1000,
        meanMs: Math.round(r.mean) / 1000,
        transferKiBPerSec: Math.round(r.bytes / (r.durationUs / 1e6) / 102.4) / 10,
        errors: {
          non2xx: r.statusErrors,
          timeouts: r.timeouts,
          connect: r.connectErrors,
          read: r.readErrors,
          write: r.writeErrors,
        },
      });
    });
  });
}

/** A measured wrk run with the CPU use of everyone involved over the same window. */
async function measure(options, serverPid, nproc) {
  const stop = cpuWatch({
    pids: { server: serverPid, wrk: () => runningWrk?.pid, redis: REDIS_PID },
    database: bench.dbName,
    nproc,
  });
  const result = await wrk(options);
  return { ...result, cpu: stop() };
}

/** Unloaded latency: median of sequential requests, after checking the answer is the expected one. */
async function probe({ url, headers = {}, method = 'GET', body, check, count = 20 }) {
  const times = [];
  let size = 0;
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (response.status !== 200)
      throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
    if (i === 0 && check) check(text, response);
    size = Buffer.byteLength(text);
  }
  times.sort((a, b) => a - b);
  return { medianMs: Math.round(times[Math.floor(times.length / 2)] * 100) / 100, bodyBytes: size };
}

// ---------------------------------------------------------------------------------------------
// SQL-level measurements: the plan behind the slow case, and the query proposed to replace it.

// Copied from OrgUnitsRepository.countConnections (apps/api/src/modules/org-units/org-units.repository.ts).
const COUNT_CONNECTIONS_SQL = `
  WITH targets AS (
    SELECT id, name, level, code, path, 0 AS ord FROM org_unit
     WHERE parent_id = $1::uuid AND path LIKE $2
    UNION ALL
    SELECT id, name, level, code, path, 1 FROM org_unit WHERE id = $1::uuid
  )
  SELECT t.id, t.name, t.level,
         count(k.id)::int AS canteens,
         (count(k.id) FILTER (WHERE k.connection_status = 'connected'))::int AS connected,
         (count(k.id) FILTER (WHERE k.connection_status = 'suspended'))::int AS suspended
    FROM targets t
    LEFT JOIN org_unit k ON k.level = 'canteen' AND k.path LIKE t.path || '%'
   GROUP BY t.id, t.name, t.level, t.code, t.ord
   ORDER BY t.ord, t.code`;

// Proposed: one range scan of the unit's own subtree (a constant prefix, so the text_pattern_ops
// index applies), each canteen attributed to a child by the path segment after the unit's own.
// $1 unit id, $2 scope path || '%', $3 unit path || '%', $4 split_part position of the child id (unit depth + 3).
const COUNT_CONNECTIONS_PROPOSED_SQL = `
  WITH counts AS (
    SELECT split_part(k.path, '/', $4::int) AS child_id,
           count(*)::int AS canteens,
           (count(*) FILTER (WHERE k.connection_status = 'connected'))::int AS connected,
           (count(*) FILTER (WHERE k.connection_status = 'suspended'))::int AS suspended
      FROM org_unit k
     WHERE k.path LIKE $3 AND k.path LIKE $2 AND k.level = 'canteen'
     GROUP BY 1
  ), children AS (
    SELECT u.id, u.name, u.level, u.code, 0 AS ord,
           coalesce(c.canteens, 0) AS canteens, coalesce(c.connected, 0) AS connected, coalesce(c.suspended, 0) AS suspended
      FROM org_unit u LEFT JOIN counts c ON c.child_id = u.id::text
     WHERE u.parent_id = $1::uuid AND u.path LIKE $2
  )
  SELECT id, name, level, canteens, connected, suspended FROM (
    SELECT id, name, level, code, ord, canteens, connected, suspended FROM children
    UNION ALL
    SELECT u.id, u.name, u.level, u.code, 1,
           coalesce((SELECT sum(canteens) FROM counts), 0)::int,
           coalesce((SELECT sum(connected) FROM counts), 0)::int,
           coalesce((SELECT sum(suspended) FROM counts), 0)::int
      FROM org_unit u WHERE u.id = $1::uuid AND u.path LIKE $2
  ) r
  ORDER BY ord, code`;

// Copied from OrgUnitsRepository.writeSnapshots with systemScope() ('/'), as the worker runs it.
// $1 day, $2 scope path || '%', $3 all units, $4 only these unit ids.
const WRITE_SNAPSHOTS_SQL = `
  WITH canteen AS (
    SELECT k.path,
           COALESCE((SELECT e.to_status FROM connection_event e
                      WHERE e.canteen_id = k.id
                        AND e.occurred_at < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
                      ORDER BY e.occurred_at DESC LIMIT 1), 'not_connected') AS status
      FROM org_unit k
     WHERE k.level = 'canteen' AND k.path LIKE $2
  )
  INSERT INTO connection_snapshot (org_unit_id, day, total, connected, suspended)
  SELECT m.id, $1::date,
         count(c.path)::int,
         (count(c.path) FILTER (WHERE c.status = 'connected'))::int,
         (count(c.path) FILTER (WHERE c.status = 'suspended'))::int
    FROM org_unit m
    LEFT JOIN canteen c ON c.path LIKE m.path || '%'
   WHERE m.level <> 'canteen' AND m.path LIKE $2
     AND ($3::boolean OR m.id = ANY($4::uuid[]))
   GROUP BY m.id
  ON CONFLICT (org_unit_id, day) DO UPDATE
     SET total = EXCLUDED.total, connected = EXCLUDED.connected, suspended = EXCLUDED.suspended`;

// Proposed: each canteen's status once, then the canteen counted under every id on its own path
// (an equality join on the ancestor id instead of a LIKE between every unit and every canteen).
const WRITE_SNAPSHOTS_PROPOSED_SQL = `
  WITH canteen AS (
    SELECT k.path,
           COALESCE((SELECT e.to_status FROM connection_event e
                      WHERE e.canteen_id = k.id
                        AND e.occurred_at < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
                      ORDER BY e.occurred_at DESC LIMIT 1), 'not_connected') AS status
      FROM org_unit k
     WHERE k.level = 'canteen' AND k.path LIKE $2
  ), under AS (
    SELECT a.id AS unit_id, c.status
      FROM canteen c, unnest(string_to_array(trim(both '/' from c.path), '/')) AS a(id)
     WHERE $3::boolean OR a.id = ANY($4::text[])
  )
  INSERT INTO connection_snapshot (org_unit_id, day, total, connected, suspended)
  SELECT m.id, $1::date,
         count(u.unit_id)::int,
         (count(u.unit_id) FILTER (WHERE u.status = 'connected'))::int,
         (count(u.unit_id) FILTER (WHERE u.status = 'suspended'))::int
    FROM org_unit m
    LEFT JOIN under u ON u.unit_id = m.id::text
   WHERE m.level <> 'canteen' AND m.path LIKE $2
     AND ($3::boolean OR m.id = ANY($4::uuid[]))
   GROUP BY m.id
  ON CONFLICT (org_unit_id, day) DO UPDATE
     SET total = EXCLUDED.total, connected = EXCLUDED.connected, suspended = EXCLUDED.suspended`;

// What Prisma sends for OrgUnitsRepository.list's page (ORG_UNIT_SELECT with `_count: { children }`),
// as captured from the query log: the child counts come from a GROUP BY over the whole table.
// $1 scope path || '%', $2 parent id.
const LIST_SQL = `
  SELECT "public"."org_unit"."id", "public"."org_unit"."code", "public"."org_unit"."name", "public"."org_unit"."level", "public"."org_unit"."kind",
         "public"."org_unit"."parent_id", "public"."org_unit"."path", "public"."org_unit"."depth", "public"."org_unit"."address",
         "public"."org_unit"."contact_name", "public"."org_unit"."contact_phone", "public"."org_unit"."enrolment",
         "public"."org_unit"."connection_status", "public"."org_unit"."connected_at", "public"."org_unit"."created_at", "public"."org_unit"."updated_at",
         COALESCE("aggr_selection_0_OrgUnit"."_aggr_count_children", 0) AS "_aggr_count_children"
    FROM "public"."org_unit"
    LEFT JOIN (SELECT "public"."org_unit"."parent_id", COUNT(*) AS "_aggr_count_children" FROM "public"."org_unit" WHERE 1=1 GROUP BY "public"."org_unit"."parent_id") AS "aggr_selection_0_OrgUnit"
      ON ("public"."org_unit"."id" = "aggr_selection_0_OrgUnit"."parent_id")
   WHERE ("public"."org_unit"."path"::text LIKE $1 AND "public"."org_unit"."parent_id" = $2)
   ORDER BY "public"."org_unit"."depth" ASC, "public"."org_unit"."code" ASC LIMIT 50 OFFSET 0`;

// The same select by id (OrgUnitsRepository.findById, the findOrThrow every org-unit endpoint starts with).
// $1 id, $2 scope path || '%'.
const FIND_BY_ID_SQL = LIST_SQL.replace(
  /WHERE \("public"\."org_unit"\."path"::text LIKE \$1 AND "public"\."org_unit"\."parent_id" = \$2\)[\s\S]*$/,
  () =>
    'WHERE ("public"."org_unit"."id" = $1 AND "public"."org_unit"."path"::text LIKE $2) LIMIT 1 OFFSET 0',
);

// Proposed: count the children of the 50 rows on the page only (an index lookup on parent_id each);
// with Prisma, the page without `_count`, then `groupBy({ by: ['parentId'], where: { parentId: { in: ids } } })`.
const LIST_PROPOSED_SQL = `
  SELECT u.id, u.code, u.name, u.level, u.kind, u.parent_id, u.path, u.depth, u.address, u.contact_name, u.contact_phone, u.enrolment,
         u.connection_status, u.connected_at, u.created_at, u.updated_at,
         (SELECT count(*) FROM org_unit c WHERE c.parent_id = u.id) AS "_aggr_count_children"
    FROM org_unit u
   WHERE u.path LIKE $1 AND u.parent_id = $2
   ORDER BY u.depth, u.code LIMIT 50 OFFSET 0`;

// A partial index holding only canteens, with their status, so the proposed count is an index-only scan.
const CANTEEN_INDEX_SQL = `CREATE INDEX org_unit_canteen_path_idx ON org_unit (path text_pattern_ops) INCLUDE (connection_status) WHERE level = 'canteen'`;

const planSummary = (lines) => {
  const text = lines.join('\n');
  return {
    executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN),
    planningMs: Number(/Planning Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN),
    plan: lines,
  };
};

async function explain(client, sql, params) {
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  return planSummary(rows.map((r) => r['QUERY PLAN']));
}

async function timed(client, sql, params, repeat = 9) {
  const times = [];
  let rows;
  for (let i = 0; i < repeat; i++) {
    const started = process.hrtime.bigint();
    rows = (await client.query(sql, params)).rows;
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const round = (v) => Math.round(v * 100) / 100;
  // The minimum is the query's own cost; the median shows what the noise of a shared machine adds.
  return { minMs: round(times[0]), medianMs: round(times[Math.floor(times.length / 2)]), rows };
}

/** Runs a snapshot write `repeat` times, each in a transaction rolled back; the fastest run and its rows. */
async function snapshotRun(client, sql, params, repeat) {
  let best = null;
  for (let i = 0; i < repeat; i++) {
    await client.query('BEGIN');
    const started = process.hrtime.bigint();
    try {
      const r = await client.query(sql, params);
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      const rows = (
        await client.query(
          'SELECT org_unit_id, total, connected, suspended FROM connection_snapshot WHERE day = $1 ORDER BY org_unit_id',
          [params[0]],
        )
      ).rows;
      if (!best || ms < best.ms) best = { ms, runs: repeat, rowsWritten: r.rowCount, rows };
    } catch (error) {
      return { ms: null, error: error.message, timeoutSeconds: SQL_TIMEOUT };
    } finally {
      await client.query('ROLLBACK');
    }
  }
  return best;
}

async function sqlMeasurements(ctx) {
  const result = { list: null, findById: null, countConnections: {}, writeSnapshots: {} };
  const units = [
    ['county', ctx.county],
    ['city', ctx.city],
    ['province', ctx.province],
  ];
  // Each admin asks about their own unit, so the scope is the unit itself.
  const currentParams = (unit) => [unit.id, `${unit.path}%`];
  const proposedParams = (unit) => [unit.id, `${unit.path}%`, `${unit.path}%`, unit.depth + 3];
  await withClient(DATABASE_URL, async (client) => {
    await client.query(`SET statement_timeout = '${SQL_TIMEOUT}s'`);
    const listParams = [`${ctx.county.path}%`, ctx.county.id];
    const listNow = await timed(client, LIST_SQL, listParams);
    const listNext = await timed(client, LIST_PROPOSED_SQL, listParams);
    result.list = {
      rows: listNow.rows.length,
      current: {
        minMs: listNow.minMs,
        medianMs: listNow.medianMs,
        ...(await explain(client, LIST_SQL, listParams)),
      },
      proposed: {
        minMs: listNext.minMs,
        medianMs: listNext.medianMs,
        sameRows: JSON.stringify(listNow.rows) === JSON.stringify(listNext.rows),
        ...(await explain(client, LIST_PROPOSED_SQL, listParams)),
      },
    };
    const findParams = [ctx.county.id, `${ctx.county.path}%`];
    const found = await timed(client, FIND_BY_ID_SQL, findParams);
    result.findById = {
      minMs: found.minMs,
      medianMs: found.medianMs,
      ...(await explain(client, FIND_BY_ID_SQL, findParams)),
    };
    for (const [name, unit] of units) {
      const now = await timed(client, COUNT_CONNECTIONS_SQL, currentParams(unit));
      const next = await timed(client, COUNT_CONNECTIONS_PROPOSED_SQL, proposedParams(unit));
      const sameRows = JSON.stringify(now.rows) === JSON.stringify(next.rows);
      if (!sameRows)
        console.warn(
          `\x1b[33m! the proposed count query differs from the current one for the ${name}\x1b[0m`,
        );
      result.countConnections[name] = {
        rows: now.rows.length,
        canteens: now.rows.at(-1)?.canteens,
        current: {
          minMs: now.minMs,
          medianMs: now.medianMs,
          ...(await explain(client, COUNT_CONNECTIONS_SQL, currentParams(unit))),
        },
        proposed: {
          minMs: next.minMs,
          medianMs: next.medianMs,
          sameRows,
          ...(await explain(client, COUNT_CONNECTIONS_PROPOSED_SQL, proposedParams(unit))),
        },
      };
    }

    // The worker's snapshot writes: after one connection change (the canteen's four ancestors) and
    // the nightly run over every unit (also what the worker back-fills for 30 days on start).
    const canteen = await client.query(
      `SELECT path FROM org_unit WHERE level = 'canteen' ORDER BY code LIMIT 1`,
    );
    const ancestors = canteen.rows[0].path.split('/').filter(Boolean).slice(0, -1);
    const today = new Date().toISOString().slice(0, 10);
    for (const [name, all, ids, repeat] of [
      ['oneChange', false, ancestors, 5],
      ['nightly', true, [], 2],
    ]) {
      const params = [today, '/%', all, ids];
      const { rows: currentRows, ...current } = await snapshotRun(
        client,
        WRITE_SNAPSHOTS_SQL,
        params,
        repeat,
      );
      const { rows: proposedRows, ...proposed } = await snapshotRun(
        client,
        WRITE_SNAPSHOTS_PROPOSED_SQL,
        params,
        repeat,
      );
      proposed.sameRows =
        currentRows !== undefined && JSON.stringify(currentRows) === JSON.stringify(proposedRows);
      result.writeSnapshots[name] = { current, proposed };
      const show = (m) => (m.ms === null ? `not done within ${SQL_TIMEOUT} s` : `${m.ms} ms`);
      log(
        `writeSnapshots ${name}: current ${show(current)}, proposed ${show(proposed)} (${current.rowsWritten ?? '?'} rows; same: ${proposed.sameRows})`,
      );
    }

    // Last, since it changes the schema of this throw-away database: the proposed count with a
    // partial index of canteens.
    await client.query(CANTEEN_INDEX_SQL);
    await client.query('VACUUM ANALYZE org_unit');
    for (const [name, unit] of units) {
      const next = await timed(client, COUNT_CONNECTIONS_PROPOSED_SQL, proposedParams(unit));
      result.countConnections[name].proposedWithIndex = {
        minMs: next.minMs,
        medianMs: next.medianMs,
        index: CANTEEN_INDEX_SQL,
        ...(await explain(client, COUNT_CONNECTIONS_PROPOSED_SQL, proposedParams(unit))),
      };
    }
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report.

function printTable(results) {
  const ceiling = results.find((r) => r.case === 'ceiling');
  const head = [
    'case',
    'conns',
    'req/s',
    'of ceiling',
    'p50 ms',
    'p99 ms',
    'unloaded ms',
    'errors',
    'CPU % srv/pg/wrk/others',
    'CPU ms/req',
  ];
  const rows = results.map((r) => {
    const share = r.requestsPerSec / ceiling.requestsPerSec;
    const errors =
      r.errors.non2xx + r.errors.timeouts + r.errors.connect + r.errors.read + r.errors.write;
    return [
      r.case,
      String(r.connections),
      fmt(r.requestsPerSec, 0),
      `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`,
      fmt(r.p50Ms, 2),
      fmt(r.p99Ms, 2),
      fmt(r.unloadedMedianMs, 2),
      String(errors),
      [r.cpu.serverPct, r.cpu.postgresPct, r.cpu.wrkPct, r.cpu.othersPct]
        .map((v) => fmt(v, 0))
        .join('/'),
      fmt(r.cpuMsPerRequest, 2),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
  console.log('');
  for (const r of results) console.log(`  ${r.case.padEnd(widths[0])}  ${r.description}`);
  console.log(
    `\n  CPU: % of one core over the measured window (${results[0].cpu.capacityPct}% = every core); others = the rest of the machine`,
  );
  console.log(
    '  CPU ms/req: CPU time of the server and our PostgreSQL backends per request; unlike req/s it hardly depends on what else runs',
  );
  const disturbed = results.filter((r) => r.cpu.othersPct > DISTURBED_PCT).map((r) => r.case);
  if (disturbed.length) {
    console.log(
      `\x1b[33m  ! other processes used more than ${DISTURBED_PCT}% of a core during: ${disturbed.join(', ')}; those figures are low by up to that share. Run again on a quiet machine.\x1b[0m`,
    );
  }
  const profiled = results.filter((r) => r.profile && !r.profile.error);
  if (profiled.length) {
    console.log("\nWhere the API's main thread spent each warm-up (share of its busy samples):");
    for (const r of profiled) {
      const top = r.profile.categories
        .slice(0, 6)
        .map((c) => `${c.name} ${fmt(c.pctOfBusy, 0)}%`)
        .join(', ');
      console.log(`  ${r.case.padEnd(widths[0])}  idle ${fmt(r.profile.idlePct, 0)}%; ${top}`);
    }
  }
  const sampled = results.filter((r) => r.queries?.statements.length);
  if (sampled.length) {
    console.log(
      '\nWhat our PostgreSQL backends were running during each warm-up (average busy backends of the pool of 10):',
    );
    for (const r of sampled) {
      console.log(
        `  ${r.case.padEnd(widths[0])}  ${fmt(r.queries.activeBackendsAvg, 2)} busy in all`,
      );
      for (const q of r.queries.statements.slice(0, 3))
        console.log(
          `  ${''.padEnd(widths[0])}    ${fmt(q.activeBackendsAvg, 2)}  ${q.query.slice(0, 140)}`,
        );
    }
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const startedAt = new Date();
  ensureWrk();
  const build = await ensureBuilt({ rebuildStale: false });
  const env = machine();
  env.postgres = await postgresVersion(bench.adminUrl);
  env.redis = await redisVersion(bench.redisUrl);
  log(
    `machine: ${env.nproc} × ${env.cpuModel}, Node ${env.node}, PostgreSQL ${env.postgres}, Redis ${env.redis}, load ${env.loadAverageAtStart.join(' ')}`,
  );

  await bench.createDatabase();
  const ctx = await loadDataset();

  env.othersBeforeLoadPct = await waitForQuiet(env.nproc, QUIET_WAIT, DISTURBED_PCT);
  bench.cleanRedisAtEnd();
  const api = await bench.startApp({ profile: CPU_PROF });
  const memoryAtStart = memoryOf(api.child.pid);

  const sessions = {
    province: (await signIn(api.base, 'bench_province_admin')).sid,
    city: (await signIn(api.base, 'bench_city_admin')).sid,
    county: (await signIn(api.base, 'bench_county_admin')).sid,
  };
  const cookie = (who) => `Cookie: sid=${sessions[who]}`;

  const assetsDir = path.join(ROOT, 'apps/web/dist/assets');
  const assets = existsSync(assetsDir)
    ? readdirSync(assetsDir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => ({ f, size: statSync(path.join(assetsDir, f)).size }))
        .sort((a, b) => a.size - b.size || a.f.localeCompare(b.f))
    : [];
  // The smallest JS asset of at least 1 KiB: the ceiling is the cost of a request, not of bytes.
  const asset = assets.find((a) => a.size >= 1024) ?? assets[0];
  const ceilingPath = asset ? `/assets/${asset.f}` : '/api/docs-json';
  const ceilingDescription = asset
    ? `GET ${ceilingPath} (${asset.size} bytes): @fastify/static from apps/web/dist on the same server, no guard, no database`
    : 'GET /api/docs-json (apps/web/dist is not built): the OpenAPI document, no guard, no database';
  const bareBody = asset ? readFileSync(path.join(assetsDir, asset.f)) : Buffer.alloc(1024, 'x');

  const expectRate = (total, children) => (text) => {
    const body = JSON.parse(text);
    if (body.total.canteens !== total || body.children.length !== children) {
      throw new Error(
        `connection-rate answered ${body.total.canteens} canteens in ${body.children.length} children; expected ${total} in ${children}`,
      );
    }
  };
  const countyCanteens = 75; // 50 schools, alternately 1 and 2 canteens
  const read = CONNECTIONS;
  const cases = [
    {
      case: 'node:http bare',
      server: 'bare',
      path: '/',
      description: `a bare node:http server answering the same ${bareBody.length} bytes from memory: the machine's own limit (not the app)`,
      connections: read,
    },
    { case: 'ceiling', path: ceilingPath, description: ceilingDescription, connections: read },
    {
      case: 'health',
      path: '/api/health',
      description: 'GET /api/health, public: one PostgreSQL SELECT 1 and one Redis PING',
      connections: read,
    },
    {
      case: 'auth/me',
      path: '/api/auth/me',
      who: 'county',
      description:
        'GET /api/auth/me as the county admin: session (Redis) and user with unit (PostgreSQL) in the guard, both again in the handler',
      connections: read,
    },
    {
      case: 'org-units list',
      path: `/api/org-units?parentId=${ctx.county.id}&pageSize=50`,
      who: 'county',
      description:
        'GET /api/org-units?parentId=<county>&pageSize=50 as the county admin: 50 schools with child counts, plus the total',
      connections: read,
      check: (text) => {
        const body = JSON.parse(text);
        if (body.items.length !== 50 || body.total !== 50)
          throw new Error(`list answered ${body.items.length} of ${body.total}`);
      },
    },
    {
      case: 'rate: county',
      path: `/api/org-units/${ctx.county.id}/connection-rate`,
      who: 'county',
      description: `GET /api/org-units/<county>/connection-rate as the county admin: 接入率 of 50 schools, ${countyCanteens} canteens`,
      connections: read,
      check: expectRate(countyCanteens, 50),
    },
    {
      case: 'rate: city',
      path: `/api/org-units/${ctx.city.id}/connection-rate`,
      who: 'city',
      description: `GET /api/org-units/<city>/connection-rate as the city admin: 接入率 of 10 counties, ${ctx.dataset.cityCanteens} canteens`,
      connections: read,
      check: expectRate(ctx.dataset.cityCanteens, 10),
    },
    {
      case: 'rate: province',
      path: `/api/org-units/${ctx.province.id}/connection-rate`,
      who: 'province',
      description: `GET /api/org-units/<province>/connection-rate as the province admin: 接入率 of 10 cities, ${ctx.dataset.byLevel.canteen} canteens`,
      connections: read,
      check: expectRate(ctx.dataset.byLevel.canteen, 10),
    },
    {
      case: 'login',
      path: '/api/auth/login',
      description: `POST /api/auth/login, ${ctx.loginUsers.length} accounts in turn: rate limits (Redis), user query, argon2id verify, a transaction (update + audit row), session (Redis), user again`,
      connections: LOGIN_CONNECTIONS,
      login: true,
    },
  ];

  const results = [];
  for (const c of cases) {
    const bare = c.server === 'bare' ? await startBare(bareBody) : null;
    const base = bare ? bare.base : api.base;
    const serverPid = bare ? bare.child.pid : api.child.pid;
    const url = `${base}${c.path}`;
    const headers = c.who ? [cookie(c.who)] : [];
    const script = c.login ? loginLua(ctx.loginUsers.map((u) => u.username)) : undefined;
    const unloaded = c.login
      ? await probe({
          url,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: ctx.loginUsers[0].username, password: PASSWORD }),
          count: 10,
        })
      : await probe({
          url,
          headers: c.who ? { cookie: `sid=${sessions[c.who]}` } : {},
          check: c.check,
        });
    let profile = null;
    let queries = null;
    if (WARMUP > 0) {
      const warmup = () =>
        wrk({ url, connections: c.connections, seconds: WARMUP, headers, script });
      if (CPU_PROF && !bare) {
        const stopSampler = await bench.sampleQueries();
        profile = await profileWhile(api, warmup);
        queries = await stopSampler();
      } else {
        await warmup();
      }
    }
    log(`${c.case}: ${c.connections} connections for ${DURATION} s`);
    const measured = await measure(
      { url, connections: c.connections, seconds: DURATION, headers, script },
      serverPid,
      env.nproc,
    );
    if (bare) await bare.stop();
    const row = {
      case: c.case,
      description: c.description,
      path: c.path,
      connections: c.connections,
      threads: Math.min(THREADS, c.connections),
      seconds: DURATION,
      unloadedMedianMs: unloaded.medianMs,
      bodyBytes: unloaded.bodyBytes,
      ...measured,
      // CPU time the server and its PostgreSQL backends spent per request: robust to other load.
      cpuMsPerRequest:
        Math.round(
          (((measured.cpu.serverPct ?? 0) + (measured.cpu.postgresPct ?? 0)) * 10 * 100) /
            measured.requestsPerSec,
        ) / 100,
      disturbed: measured.cpu.othersPct > DISTURBED_PCT,
      profile,
      queries,
    };
    results.push(row);
    log(
      `  ${fmt(row.requestsPerSec, 0)} req/s, p50 ${fmt(row.p50Ms, 2)} ms, p99 ${fmt(row.p99Ms, 2)} ms, non-2xx ${row.errors.non2xx}, timeouts ${row.errors.timeouts}; ` +
        `CPU server ${fmt(row.cpu.serverPct, 0)}%, postgres ${fmt(row.cpu.postgresPct, 0)}%, wrk ${fmt(row.cpu.wrkPct, 0)}%, others ${fmt(row.cpu.othersPct, 0)}%`,
    );
    await sleep(1000);
  }
  const memoryAfterLoad = memoryOf(api.child.pid);

  log(`argon2id verify alone (this process, ${LOGIN_CONNECTIONS} in flight, 5 s)`);
  const argon2 = await argon2Alone(5, LOGIN_CONNECTIONS);

  log(
    'SQL-level measurements: countConnections (current, proposed, proposed + partial index) and writeSnapshots (current, proposed)',
  );
  const sql = await sqlMeasurements(ctx);

  printTable(results);
  console.log(
    `\nAPI memory (VmRSS): ${memoryAtStart.rssMiB} MiB at start, ${memoryAfterLoad.rssMiB} MiB after the load; peak (VmHWM) ${memoryAfterLoad.hwmMiB} MiB`,
  );
  console.log(
    `argon2id verify alone: ${argon2.singleMedianMs} ms each, ${fmt(argon2.verifiesPerSec, 0)}/s with ${argon2.inFlight} in flight, ${argon2.cpuMsPerVerify} ms of CPU each ` +
      `(login case: ${fmt(results.find((r) => r.case === 'login').requestsPerSec, 0)}/s)`,
  );
  const ms = (m) => `${fmt(m.minMs, 2)} ms (${fmt(m.medianMs, 2)})`;
  console.log(
    '\nSQL alone, from a client: fastest of 9 (median in brackets); EXPLAIN ANALYZE plans are in the JSON',
  );
  console.log(
    `  org-units list page (county, 50 rows): current ${ms(sql.list.current)}, proposed ${ms(sql.list.proposed)}; same rows: ${sql.list.proposed.sameRows}`,
  );
  console.log(`  org-units findById (the same select, one row): ${ms(sql.findById)}`);
  console.log('  countConnections:');
  for (const [name, m] of Object.entries(sql.countConnections)) {
    console.log(
      `    ${name.padEnd(8)} ${String(m.canteens).padStart(5)} canteens: current ${ms(m.current)}, proposed ${ms(m.proposed)}, ` +
        `with a partial index ${ms(m.proposedWithIndex)}; same rows: ${m.proposed.sameRows}`,
    );
  }
  console.log('  writeSnapshots (the worker), fastest run, rolled back:');
  for (const [name, m] of Object.entries(sql.writeSnapshots)) {
    const show = (x) => (x.ms === null ? `> ${x.timeoutSeconds} s` : `${fmt(x.ms, 1)} ms`);
    console.log(
      `    ${name.padEnd(9)} ${m.current.rowsWritten ?? '?'} rows: current ${show(m.current)}, proposed ${show(m.proposed)}; same rows: ${m.proposed.sameRows}`,
    );
  }
  console.log(`\ndataset: ${JSON.stringify(ctx.dataset)}`);
  console.log(
    `machine: ${env.nproc} × ${env.cpuModel}, ${env.memoryGiB} GiB, Node ${env.node}, PostgreSQL ${env.postgres}, Redis ${env.redis}, ${env.wrk}`,
  );

  const report = {
    benchmark: 'foundation',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: env,
    build: { ...build, ...gitState() },
    settings: {
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      threads: THREADS,
      connections: CONNECTIONS,
      loginConnections: LOGIN_CONNECTIONS,
      wrkTimeoutSeconds: 30,
      cpuProfileDuringWarmup: CPU_PROF,
    },
    dataset: ctx.dataset,
    cases: results,
    memory: { atStart: memoryAtStart, afterLoad: memoryAfterLoad },
    argon2,
    sql,
  };
  writeResults('foundation', startedAt.toISOString().slice(0, 10), report);
}

await bench.main(main);
