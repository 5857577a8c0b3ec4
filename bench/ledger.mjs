#!/usr/bin/env node
/**
 * Inventory ledger benchmarks (issue 4, "Performance"): stock-outs per second through the built API,
 * each one hash-chained by the database's insert trigger, beside the ceiling measured in the same
 * run (plain single-row INSERT transactions into a table of the same columns without the trigger,
 * from as many concurrent clients; measured first, and again just before and just after each API
 * case, which is weighed against the mean of those two), the same inserts into a copy with the
 * ledger's indexes and foreign keys but no trigger, and through the trigger straight from SQL, over
 * many canteens and into one; then the daily seal of a county's year into signed digests, and the
 * verification of one canteen's year and of the whole county, through the API and the CLI; and
 * what the API cases' outbox events then cost the worker to relay and evaluate. See
 * docs/benchmarks.md.
 *
 *   node bench/ledger.mjs
 *
 * It creates its own database (canteen_bench_ledger_<id>), Redis prefix (bench-ledger-<id>) and
 * temporary directory (signing key, digest exports, logs) and removes them at the end, also on
 * failure or Ctrl-C. Every load targets 127.0.0.1 and stops after a fixed count.
 *
 * Environment (all optional):
 *   BENCH_DATABASE_BASE_URL  postgresql://postgres@127.0.0.1:5432 (server only; the database is ours)
 *   BENCH_REDIS_URL          redis://127.0.0.1:6379
 *   BENCH_CANTEENS           canteens taking stock-outs through the API, in 10 counties, default 200 (10–2000)
 *   BENCH_CONNECTIONS        concurrent clients of the SQL cases and connections to the API, default 16 (1–64)
 *   BENCH_SQL_INSERTS        inserts per SQL case, default 20000 (1000–500000)
 *   BENCH_STOCK_OUTS         measured stock-outs through the API, default 20000 (100–100000)
 *   BENCH_WARMUP_STOCK_OUTS  discarded (profiled) stock-outs before them, default 300 (0–10000)
 *   BENCH_MULTI_LINES        lines of the second API case's stock-outs (a fifth as many requests), default 10 (0 skips it, at most 20)
 *   BENCH_LARGE_LINES        lines of the third API case's stock-outs (a tenth as many requests), default 20 (0 skips it, at most 20)
 *   BENCH_VERIFY_CANTEENS    canteens of the county whose history is verified, default 50 (1–500)
 *   BENCH_VERIFY_DAYS        calendar days of that history before today, default 365 (7–730)
 *   BENCH_MOVEMENTS_PER_DAY  movements per canteen and school day of that history, default 20 (5–200)
 *   BENCH_VERIFY_RUNS        runs of each verification case, default 3 (1–10)
 *   BENCH_SEAL_TIMEOUT       seconds allowed to the worker's catch-up seal, default 900 (30–3600)
 *   BENCH_QUIET_WAIT         seconds to wait for a quiet machine before each load, default 60 (0–1800)
 *   BENCH_CPU_PROF           1 (default) profiles the API's main thread during the warm-up; 0 turns it off
 *   BENCH_RESULTS_DIR        where the results file goes, default bench/results
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ARGON2_OPTIONS,
  HOST,
  PASSWORD,
  ROOT,
  addDays,
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
  insertUsers,
  isSchoolDay,
  latencySummary,
  loadAverage,
  log,
  machine,
  orgTree,
  pad,
  postgresVersion,
  profileWhile,
  redisVersion,
  requireRoot,
  round1,
  round2,
  shanghaiAt,
  shanghaiToday,
  signIn,
  sleep,
  waitForQuiet,
  warn,
  weekdayOf,
  withClient,
  writeResults,
} from './lib.mjs';

const { hash: argon2Hash } = requireRoot('@node-rs/argon2');

const bench = createBench('ledger');
const DATABASE_URL = bench.databaseUrl;

const CANTEENS = bounded('BENCH_CANTEENS', 200, 10, 2000);
const CONNECTIONS = bounded('BENCH_CONNECTIONS', 16, 1, 64);
const SQL_INSERTS = bounded('BENCH_SQL_INSERTS', 20_000, 1000, 500_000);
const STOCK_OUTS = bounded('BENCH_STOCK_OUTS', 20_000, 100, 100_000);
const WARMUP_STOCK_OUTS = bounded('BENCH_WARMUP_STOCK_OUTS', 300, 0, 10_000);
// A lunch issues 10–20 ingredients at once: each canteen stocks enough for the largest case.
const API_INGREDIENTS = 20;
const MULTI_LINES = bounded('BENCH_MULTI_LINES', 10, 0, API_INGREDIENTS);
const LARGE_LINES = bounded('BENCH_LARGE_LINES', 20, 0, API_INGREDIENTS);
const VERIFY_CANTEENS = bounded('BENCH_VERIFY_CANTEENS', 50, 1, 500);
const VERIFY_DAYS = bounded('BENCH_VERIFY_DAYS', 365, 7, 730);
const MOVEMENTS_PER_DAY = bounded('BENCH_MOVEMENTS_PER_DAY', 20, 5, 200);
const VERIFY_RUNS = bounded('BENCH_VERIFY_RUNS', 3, 1, 10);
const SEAL_TIMEOUT = bounded('BENCH_SEAL_TIMEOUT', 900, 30, 3600);
const QUIET_WAIT = bounded('BENCH_QUIET_WAIT', 60, 0, 1800);
const CPU_PROF = process.env.BENCH_CPU_PROF !== '0';
const COUNTIES = 10;
const HISTORY_INGREDIENTS = 8;
const MEALS = ['breakfast', 'lunch', 'dinner'];
// Quiet enough: other processes below this share of one core over 5 s.
const QUIET_PCT = 30;

const REDIS_PID = findRedisPid();

// ---------------------------------------------------------------------------------------------
// Dataset.

const MOVEMENT_COLUMNS = [
  ['id', 'uuid'],
  ['canteen_id', 'uuid'],
  ['kind', 'text'],
  ['batch_id', 'uuid'],
  ['ingredient_id', 'uuid'],
  ['quantity', 'numeric'],
  ['occurred_on', 'date'],
  ['meal', 'text'],
  ['reason', 'text'],
  ['reverses_id', 'uuid'],
  ['group_id', 'uuid'],
  ['created_by_id', 'uuid'],
  ['created_at', 'timestamptz'],
];
const BATCH_COLUMNS = [
  ['id', 'uuid'],
  ['canteen_id', 'uuid'],
  ['ingredient_id', 'uuid'],
  ['lot_code', 'text'],
  ['quantity', 'numeric'],
  ['unit', 'text'],
  ['unit_price_fen', 'int'],
  ['production_date', 'date'],
  ['expiry_date', 'date'],
  ['received_at', 'timestamptz'],
  ['manual_reason', 'text'],
];
const MANUAL_REASON = '基准测试库存';

/**
 * 1 province > 1 city > 10 counties of BENCH_CANTEENS schools (one canteen each, one staff account
 * each) whose stores hold 20 ingredients in 2 large batches each, booked in yesterday; and one more
 * county of BENCH_VERIFY_CANTEENS canteens with a history of BENCH_VERIFY_DAYS: every school day a
 * fifth of the movements are stock-ins of new batches and the rest stock-outs of them by meal, and
 * on Wednesdays the day's first stock-out is reversed. Batches are stock-ins without a delivery
 * (a manual reason): the chain does not care where a batch came from. Movements go through the
 * ledger's insert trigger, which chains them; the history is written a day at a time, in order.
 */
async function loadDataset() {
  const started = Date.now();
  const today = shanghaiToday();
  const yesterday = addDays(today, -1);
  const { units, unit } = orgTree();
  const province = unit(null, 'province', { code: 'BL-P', name: '基准省', kind: 'province' });
  const city = unit(province, 'city', { code: 'BL-C01', name: '基准市', kind: 'city' });
  const counties = Array.from({ length: COUNTIES }, (_, k) =>
    unit(city, 'county', {
      code: `BL-K${pad(k + 1, 2)}`,
      name: `基准市第${k + 1}区`,
      kind: 'district',
    }),
  );
  const verifyCounty = unit(city, 'county', {
    code: 'BL-V01',
    name: '基准市台账核验区',
    kind: 'district',
  });
  const schoolWithCanteen = (county, index) => {
    const school = unit(county, 'school', {
      code: `${county.code}-S${pad(index + 1, 4)}`,
      name: `${county.name}第${index + 1}学校`,
      kind: 'primary',
    });
    return {
      ...unit(school, 'canteen', { code: `${school.code}-C1`, name: '学生食堂', kind: 'canteen' }),
      school,
    };
  };
  const canteens = Array.from({ length: CANTEENS }, (_, s) =>
    schoolWithCanteen(counties[s % COUNTIES], Math.floor(s / COUNTIES)),
  );
  const historyCanteens = Array.from({ length: VERIFY_CANTEENS }, (_, s) =>
    schoolWithCanteen(verifyCounty, s),
  );

  const ingredient = (code, name, shelf, price) => ({ id: randomUUID(), code, name, shelf, price });
  const apiIngredients = Array.from({ length: API_INGREDIENTS }, (_, i) =>
    ingredient(`BL${pad(i + 1, 3)}`, `基准食材${pad(i + 1, 3)}`, 30, 400 + i * 37),
  );
  const historyIngredients = Array.from({ length: HISTORY_INGREDIENTS }, (_, i) =>
    ingredient(`BLH${pad(i + 1, 3)}`, `基准蔬菜${pad(i + 1, 3)}`, 5, 300 + i * 23),
  );
  const sqlIngredient = ingredient('BLSQL', '基准插入食材', 60, 100);
  const ingredients = [...apiIngredients, ...historyIngredients, sqlIngredient];

  const passwordHash = await argon2Hash(PASSWORD, ARGON2_OPTIONS);
  const staffOf = (canteen) => ({
    id: randomUUID(),
    username: `bl_s_${canteen.school.code.toLowerCase().replaceAll('-', '_')}`,
    role: 'canteen_staff',
    unitId: canteen.school.id,
  });
  for (const c of [...canteens, ...historyCanteens]) c.staff = staffOf(c);
  const official = {
    id: randomUUID(),
    username: 'bench_ledger_county',
    role: 'official_admin',
    unitId: verifyCounty.id,
  };
  const users = [...canteens, ...historyCanteens].map((c) => c.staff).concat(official);

  const batchRow = (b) => [
    b.id,
    b.canteenId,
    b.ingredientId,
    b.lotCode,
    b.quantity,
    'kg',
    b.price,
    b.produced,
    b.expiry,
    b.receivedAt,
    MANUAL_REASON,
  ];
  const movementRow = (m) => [
    m.id ?? randomUUID(),
    m.canteenId,
    m.kind,
    m.batchId,
    m.ingredientId,
    m.quantity,
    m.day,
    m.meal ?? null,
    m.reason ?? null,
    m.reversesId ?? null,
    m.groupId ?? randomUUID(),
    m.createdById,
    m.at,
  ];

  let dataset;
  await withClient(DATABASE_URL, async (client) => {
    await client.query('BEGIN');
    await insertUnits(client, units);
    await insertRows(
      client,
      'ingredient',
      [
        ['id', 'uuid'],
        ['code', 'text'],
        ['name', 'text'],
        ['category', 'text'],
        ['unit', 'text'],
        ['unit_decimals', 'int'],
        ['shelf_life_days', 'int'],
      ],
      ingredients.map((i) => [i.id, i.code, i.name, 'vegetables', 'kg', 3, i.shelf]),
    );
    await insertUsers(client, users, passwordHash);

    // The API canteens' stores, and one batch each for the SQL cases, booked in yesterday.
    const batches = [];
    const stockIns = [];
    const sqlBatches = [];
    canteens.forEach((c, i) => {
      const receivedAt = shanghaiAt(yesterday, 7, i % 60);
      const book = (ingredientRow, lot, quantity, expiry) => {
        const b = {
          id: randomUUID(),
          canteenId: c.id,
          ingredientId: ingredientRow.id,
          lotCode: lot,
          quantity,
          price: ingredientRow.price,
          produced: addDays(yesterday, -1),
          expiry,
          receivedAt,
        };
        batches.push(b);
        stockIns.push({
          canteenId: c.id,
          kind: 'stock_in',
          batchId: b.id,
          ingredientId: b.ingredientId,
          quantity,
          day: yesterday,
          createdById: c.staff.id,
          at: receivedAt,
        });
        return b;
      };
      apiIngredients.forEach((item, k) => {
        book(item, `BL-${pad(i + 1, 4)}-${item.code}-A`, '100000', addDays(today, 20 + k));
        book(item, `BL-${pad(i + 1, 4)}-${item.code}-B`, '100000', addDays(today, 40 + k));
      });
      const sql = book(sqlIngredient, `BL-${pad(i + 1, 4)}-SQL`, '10000000', addDays(today, 60));
      sqlBatches.push([i + 1, c.id, sql.id, sqlIngredient.id, c.staff.id]);
    });
    await insertRows(client, 'stock_batch', BATCH_COLUMNS, batches.map(batchRow));
    await insertRows(client, 'stock_movement', MOVEMENT_COLUMNS, stockIns.map(movementRow));
    await client.query(
      `CREATE TABLE bench_sql_batch (n int PRIMARY KEY, canteen_id uuid NOT NULL, batch_id uuid NOT NULL, ingredient_id uuid NOT NULL, created_by_id uuid NOT NULL)`,
    );
    await insertRows(
      client,
      'bench_sql_batch',
      [
        ['n', 'int'],
        ['canteen_id', 'uuid'],
        ['batch_id', 'uuid'],
        ['ingredient_id', 'uuid'],
        ['created_by_id', 'uuid'],
      ],
      sqlBatches,
    );
    // The ceiling's table: the ledger's columns and defaults, its primary key, no trigger, no other index.
    await client.query(
      `CREATE TABLE bench_plain_movement (LIKE stock_movement INCLUDING DEFAULTS); ALTER TABLE bench_plain_movement ADD PRIMARY KEY (id)`,
    );
    // Between the two: the ledger's indexes, checks and foreign keys without its trigger, read from
    // the migrated table. Every row here has seq 0, so the unique index on (canteen_id, seq) is a
    // plain one.
    await client.query(
      `CREATE TABLE bench_indexed_movement (LIKE stock_movement INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
    );
    const { rows: indexes } = await client.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'stock_movement'`,
    );
    for (const { indexdef } of indexes) {
      const def = indexdef.replace(
        /INDEX stock_movement_(\S+) ON public\.stock_movement /,
        'INDEX bench_indexed_movement_$1 ON public.bench_indexed_movement ',
      );
      await client.query(/\(canteen_id, seq\)/.test(def) ? def.replace('UNIQUE ', '') : def);
    }
    const { rows: keys } = await client.query(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'stock_movement'::regclass AND contype = 'f'`,
    );
    for (const { def } of keys) await client.query(`ALTER TABLE bench_indexed_movement ADD ${def}`);
    await client.query('COMMIT');

    // The verified county's history, a day at a time.
    const ins = Math.max(1, Math.round(MOVEMENTS_PER_DAY / 5));
    let movements = 0;
    let historyBatches = 0;
    let schoolDays = 0;
    for (let back = VERIFY_DAYS; back >= 1; back--) {
      const day = addDays(today, -back);
      if (!isSchoolDay(day)) continue;
      const reversalDay = weekdayOf(day) === 3;
      const dayBatches = [];
      const dayMovements = [];
      historyCanteens.forEach((c, ci) => {
        let second = 0;
        const at = () => shanghaiAt(day, 6, ci % 30, (second += 37));
        const todays = Array.from({ length: ins }, (_, k) => {
          const item = historyIngredients[(schoolDays * ins + k + ci) % HISTORY_INGREDIENTS];
          return {
            id: randomUUID(),
            canteenId: c.id,
            ingredientId: item.id,
            lotCode: `BLH-${day.replaceAll('-', '')}-${pad(ci + 1, 3)}-${k + 1}`,
            quantity: '100.000',
            price: item.price,
            produced: addDays(day, -1),
            expiry: addDays(day, item.shelf),
            receivedAt: shanghaiAt(day, 6, ci % 30),
          };
        });
        dayBatches.push(...todays);
        for (const b of todays) {
          dayMovements.push({
            canteenId: c.id,
            kind: 'stock_in',
            batchId: b.id,
            ingredientId: b.ingredientId,
            quantity: b.quantity,
            day,
            createdById: c.staff.id,
            at: at(),
          });
        }
        const outs = MOVEMENTS_PER_DAY - ins - (reversalDay ? 1 : 0);
        const perBatch = Math.ceil(outs / ins);
        // Each batch gives out at most 90 % of itself over the day.
        const quantity = (Math.floor(90_000 / perBatch) / 1000).toFixed(3);
        let first = null;
        for (let o = 0; o < outs; o++) {
          const b = todays[o % ins];
          const m = {
            id: randomUUID(),
            canteenId: c.id,
            kind: 'stock_out',
            batchId: b.id,
            ingredientId: b.ingredientId,
            quantity: `-${quantity}`,
            day,
            meal: MEALS[Math.floor((o * MEALS.length) / outs)],
            createdById: c.staff.id,
            at: at(),
          };
          first ??= m;
          dayMovements.push(m);
        }
        if (reversalDay) {
          dayMovements.push({
            canteenId: c.id,
            kind: 'reversal',
            batchId: first.batchId,
            ingredientId: first.ingredientId,
            quantity,
            day,
            meal: first.meal,
            reason: '出库数量录错，冲正',
            reversesId: first.id,
            createdById: c.staff.id,
            at: at(),
          });
        }
      });
      await client.query('BEGIN');
      await insertRows(client, 'stock_batch', BATCH_COLUMNS, dayBatches.map(batchRow));
      await insertRows(client, 'stock_movement', MOVEMENT_COLUMNS, dayMovements.map(movementRow));
      await client.query('COMMIT');
      movements += dayMovements.length;
      historyBatches += dayBatches.length;
      schoolDays++;
      if (schoolDays % 50 === 0)
        log(`… ${schoolDays} school days of history (${movements} movements)`);
    }
    await client.query('ANALYZE');
    const sizes = (
      await client.query(`SELECT relname AS table, n_live_tup::int AS rows, pg_size_pretty(pg_total_relation_size(relid)) AS size
                            FROM pg_stat_user_tables WHERE relname IN ('stock_movement', 'stock_batch', 'stock_balance', 'ledger_head')
                           ORDER BY relname`)
    ).rows;
    const perCanteen = (
      await client.query(`SELECT count(*)::int AS n FROM stock_movement WHERE canteen_id = $1`, [
        historyCanteens[0].id,
      ])
    ).rows[0].n;
    dataset = {
      apiCanteens: CANTEENS,
      apiCounties: COUNTIES,
      apiBatches: batches.length,
      apiStockIns: stockIns.length,
      history: {
        county: verifyCounty.code,
        canteens: VERIFY_CANTEENS,
        calendarDays: VERIFY_DAYS,
        schoolDays,
        movementsPerSchoolDay: MOVEMENTS_PER_DAY,
        movements,
        batches: historyBatches,
        movementsOfOneCanteen: perCanteen,
      },
      tables: sizes,
      generatedInMs: Date.now() - started,
    };
    log(
      `dataset: ${CANTEENS} canteens with stock in ${COUNTIES} counties; county ${verifyCounty.code}: ${VERIFY_CANTEENS} canteens × ${schoolDays} school days = ${movements} movements (${perCanteen} per canteen), in ${Math.round(dataset.generatedInMs / 1000)} s`,
    );
  });
  return {
    dataset,
    today,
    yesterday,
    province,
    counties,
    verifyCounty,
    canteens,
    historyCanteens,
    apiIngredients,
    official,
  };
}

// ---------------------------------------------------------------------------------------------
// SQL cases: single-row INSERT transactions from pgbench, C clients, a fixed count.

function pgbenchVersion() {
  const probe = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (probe.error === undefined && probe.status === 0) return probe.stdout.trim();
  throw new Error(
    'pgbench is not installed: it comes with the PostgreSQL client packages (Debian postgresql-client); install it, then run this again.',
  );
}

// The same statement for every case, only the table and the canteen differ: a canteen's SQL batch
// looked up by its number, then one movement of −0.001 kg, dated today (Asia/Shanghai).
const insertScript = (table, canteen) => `\\set n ${canteen}
INSERT INTO ${table} (id, canteen_id, kind, batch_id, ingredient_id, quantity, occurred_on, meal, group_id, created_by_id)
SELECT gen_random_uuid(), canteen_id, 'stock_out', batch_id, ingredient_id, -0.001,
       (now() AT TIME ZONE 'Asia/Shanghai')::date, 'lunch', gen_random_uuid(), created_by_id
  FROM bench_sql_batch WHERE n = :n;
`;

let pgbenchRuns = 0;

async function pgbenchCase(nproc, { label, table, canteen, description }) {
  const url = new URL(DATABASE_URL);
  pgbenchRuns += 1;
  const dir = path.join(
    bench.tmp,
    `pgbench-${pgbenchRuns}-${table}-${canteen === '1' ? 'one' : 'many'}`,
  );
  mkdirSync(dir, { recursive: true });
  const script = path.join(dir, 'insert.sql');
  writeFileSync(script, insertScript(table, canteen));
  const perClient = Math.ceil(SQL_INSERTS / CONNECTIONS);
  const countRows = () =>
    withClient(DATABASE_URL, async (c) =>
      Number((await c.query(`SELECT count(*) FROM ${table}`)).rows[0].count),
    );
  const before = await countRows();
  const args = [
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username || 'postgres'),
    '-n',
    '-M',
    'prepared',
    '-c',
    String(CONNECTIONS),
    '-j',
    String(Math.min(CONNECTIONS, nproc)),
    '-t',
    String(perClient),
    '-D',
    `canteens=${CANTEENS}`,
    '-f',
    script,
    '-l',
    '--log-prefix',
    path.join(dir, 'log'),
    url.pathname.slice(1),
  ];
  log(`${label}: ${CONNECTIONS} clients × ${perClient} single-row INSERT transactions`);
  let child = null;
  const stop = cpuWatch({
    pids: { pgbench: () => child?.pid },
    database: bench.dbName,
    nproc,
    intervalMs: 50,
    rescanMs: 100,
  });
  const started = performance.now();
  const { code, out } = await new Promise((resolve) => {
    child = spawn('pgbench', args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}),
      },
    });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('exit', (exitCode) => resolve({ code: exitCode, out: text }));
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = stop();
  if (code !== 0) throw new Error(`pgbench exited with ${code}:\n${out}`);
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
  const latencies = [];
  for (const file of readdirSync(dir).filter((f) => f.startsWith('log'))) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const fields = line.split(' ');
      if (fields.length >= 6) latencies.push(Number(fields[2]) / 1000);
    }
  }
  const inserted = (await countRows()) - before;
  const result = {
    case: label,
    description,
    table,
    clients: CONNECTIONS,
    transactions: perClient * CONNECTIONS,
    inserted,
    failed,
    insertsPerSec: round1(tps),
    wallSeconds: round2(wallSeconds),
    ...latencySummary(latencies),
    cpu,
    // CPU time of PostgreSQL per insert: hardly depends on what else runs.
    postgresCpuMsPerInsert:
      cpu.postgresPct === null ? null : round2((cpu.postgresPct * 10 * cpu.seconds) / inserted),
    loadAverage: loadAverage(),
  };
  if (inserted !== perClient * CONNECTIONS)
    throw new Error(`${label}: ${inserted} rows inserted, ${perClient * CONNECTIONS} expected`);
  log(
    `  ${fmt(result.insertsPerSec, 0)} inserts/s, p50 ${fmt(result.p50Ms, 2)} ms, p99 ${fmt(result.p99Ms, 2)} ms; CPU PostgreSQL ${fmt(cpu.postgresPct, 0)}%, pgbench ${fmt(cpu.pgbenchPct, 0)}%, others ${fmt(cpu.othersPct, 0)}%`,
  );
  return result;
}

/** The ceiling: plain single-row INSERT transactions into a table without trigger, index or foreign key. */
const ceilingCase = (nproc, label) =>
  pgbenchCase(nproc, {
    label,
    table: 'bench_plain_movement',
    canteen: `random(1, :canteens)`,
    description:
      'bench_plain_movement: the columns and defaults of stock_movement, a primary key, no trigger, no other index or foreign key',
  });

// ---------------------------------------------------------------------------------------------
// Stock-outs through the API.

/**
 * `count` POST /api/ledger/stock-outs over `connections` keep-alive connections, request i as the
 * staff of canteen (offset + i) mod N (so concurrent requests are for different canteens), each
 * with `lines` lines of different ingredients, 0.5 kg each.
 */
async function stockOuts(api, sessions, ctx, { count, connections, offset, lines }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const { port } = new URL(api.base);
  const post = (session, body) =>
    new Promise((resolve, reject) => {
      const payload = Buffer.from(JSON.stringify(body));
      const started = performance.now();
      const request = http.request(
        {
          host: HOST,
          port,
          path: '/api/ledger/stock-outs',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': payload.length,
            cookie: session.cookie,
            'x-csrf-token': session.csrf,
          },
          timeout: 60_000,
        },
        (response) => {
          const chunks = [];
          response.on('data', (d) => chunks.push(d));
          response.on('end', () =>
            resolve({
              status: response.statusCode,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error('request timed out after 60 s')));
      request.on('error', reject);
      request.end(payload);
    });
  let next = 0;
  let movements = 0;
  const latencies = [];
  const statuses = {};
  const errors = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const k = (offset + i) % sessions.length;
        const body = {
          canteenId: ctx.canteens[k].id,
          occurredOn: ctx.today,
          meal: MEALS[i % MEALS.length],
          lines: Array.from({ length: lines }, (_, l) => ({
            ingredientId: ctx.apiIngredients[(i + l) % API_INGREDIENTS].id,
            quantity: '0.5',
          })),
        };
        let result;
        try {
          result = await post(sessions[k], body);
        } catch (error) {
          statuses.error = (statuses.error ?? 0) + 1;
          if (errors.length < 5) errors.push(error.message);
          continue;
        }
        statuses[result.status] = (statuses[result.status] ?? 0) + 1;
        latencies.push(result.ms);
        if (result.status >= 200 && result.status < 300)
          movements += JSON.parse(result.body).length;
        else if (errors.length < 5) errors.push(`${result.status}: ${result.body.slice(0, 300)}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  const ok = Object.entries(statuses)
    .filter(([status]) => /^2\d\d$/.test(status))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    requests: count,
    linesPerRequest: lines,
    ok,
    statuses,
    errors,
    movements,
    seconds: round2(seconds),
    requestsPerSec: round1(ok / seconds),
    movementsPerSec: round1(movements / seconds),
    ...latencySummary(latencies),
    clientCpuPct: round1(((cpu.user + cpu.system) / 1e6 / seconds) * 100),
  };
}

/**
 * One API case: a discarded warm-up (profiled, and PostgreSQL's activity sampled), 20 requests one
 * at a time with the statements each sends, then `requests` over CONNECTIONS connections with the
 * CPU of the API, its PostgreSQL backends, Redis, the client and everything else.
 */
async function apiCase(api, sessions, ctx, nproc, { label, lines, requests, warmup }) {
  let offset = ctx.stockOutsSent ?? 0;
  const send = async (count, connections) => {
    const run = await stockOuts(api, sessions, ctx, { count, connections, offset, lines });
    offset += count;
    ctx.stockOutsSent = offset;
    return run;
  };
  let profile = null;
  let queries = null;
  if (warmup > 0) {
    log(`${label}: warm-up, ${warmup} requests (discarded${CPU_PROF ? ', profiled' : ''})`);
    const discard = async () => {
      const w = await send(warmup, CONNECTIONS);
      if (w.ok !== warmup)
        throw new Error(`warm-up: ${w.ok} of ${warmup} answered 2xx: ${w.errors.join('; ')}`);
    };
    const stopSampler = await bench.sampleQueries({ top: 10 });
    if (CPU_PROF) profile = await profileWhile(api, discard);
    else await discard();
    queries = await stopSampler();
  }
  const probeCount = 20;
  const probe = () => send(probeCount, 1);
  let unloaded;
  if (CPU_PROF) {
    const counted = await countQueriesWhile(api, probe);
    unloaded = {
      ...counted.value,
      statementsPerRequest: round1(counted.total / probeCount),
      statements: counted.statements.map((x) => ({
        perRequest: round2(x.n / probeCount),
        query: x.query,
      })),
    };
  } else unloaded = await probe();
  log(
    `${label}: unloaded, ${probeCount} requests one at a time: p50 ${fmt(unloaded.p50Ms, 2)} ms` +
      (unloaded.statementsPerRequest
        ? `, ${unloaded.statementsPerRequest} statements to PostgreSQL each`
        : ''),
  );
  await waitForQuiet(nproc, QUIET_WAIT, QUIET_PCT);
  const countBooked = () =>
    withClient(DATABASE_URL, async (c) =>
      Number(
        (
          await c.query(
            `SELECT count(*) FROM stock_movement WHERE kind = 'stock_out' AND created_by_id = ANY($1::uuid[])`,
            [ctx.canteens.map((x) => x.staff.id)],
          )
        ).rows[0].count,
      ),
    );
  const bookedBefore = await countBooked();
  // This machine's speed drifts by a third within minutes, so each case is weighed against the
  // ceiling measured just before and just after it, not only against the run's first one.
  const ceilingBefore = await ceilingCase(nproc, `${label}: ceiling before`);
  await waitForQuiet(nproc, QUIET_WAIT, QUIET_PCT);
  log(`${label}: ${requests} requests over ${CONNECTIONS} connections`);
  const stop = cpuWatch({
    pids: { server: api.pid, redis: REDIS_PID },
    database: bench.dbName,
    nproc,
  });
  const run = await send(requests, CONNECTIONS);
  const cpu = stop();
  const booked = (await countBooked()) - bookedBefore;
  await waitForQuiet(nproc, QUIET_WAIT, QUIET_PCT);
  const ceilingAfter = await ceilingCase(nproc, `${label}: ceiling after`);
  const ceiling = {
    beforePerSec: ceilingBefore.insertsPerSec,
    afterPerSec: ceilingAfter.insertsPerSec,
    insertsPerSec: round1((ceilingBefore.insertsPerSec + ceilingAfter.insertsPerSec) / 2),
  };
  const perMovement = (pct) => round2(((pct ?? 0) * 10 * cpu.seconds) / run.movements);
  const result = {
    case: label,
    ...run,
    bookedInDatabase: booked,
    cpu: { ...cpu, clientPct: run.clientCpuPct },
    cpuMsPerMovement: perMovement((cpu.serverPct ?? 0) + (cpu.postgresPct ?? 0)),
    serverCpuMsPerMovement: perMovement(cpu.serverPct),
    postgresCpuMsPerMovement: perMovement(cpu.postgresPct),
    loadAverage: loadAverage(),
    unloaded,
    profile,
    queries,
    ceiling,
    ofCeilingPct: round2((run.movementsPerSec / ceiling.insertsPerSec) * 100),
  };
  // Both cores for the API and PostgreSQL alone; the API alone is one Node process (one core).
  result.boundOnIdleCores = round1((nproc * 1000) / result.cpuMsPerMovement);
  result.boundOfOneApiProcess = round1(1000 / result.serverCpuMsPerMovement);
  log(
    `  ${fmt(result.movementsPerSec, 0)} movements/s (${run.ok} of ${requests} 2xx, ${booked} booked), p50 ${fmt(run.p50Ms, 2)} ms, p95 ${fmt(run.p95Ms, 2)} ms, p99 ${fmt(run.p99Ms, 2)} ms; ` +
      `CPU server ${fmt(cpu.serverPct, 0)}%, PostgreSQL ${fmt(cpu.postgresPct, 0)}%, client ${fmt(run.clientCpuPct, 0)}%, others ${fmt(cpu.othersPct, 0)}%; ${fmt(result.cpuMsPerMovement, 2)} CPU ms per movement`,
  );
  log(
    `  ${fmt(result.ofCeilingPct, 1)}% of the ceiling beside it (${fmt(ceiling.beforePerSec, 0)} inserts/s before, ${fmt(ceiling.afterPerSec, 0)} after)`,
  );
  if (run.ok !== requests) warn(`${requests - run.ok} stock-outs failed: ${run.errors.join('; ')}`);
  if (booked !== run.movements)
    warn(`${booked} movements in the database, ${run.movements} answered`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// The seal and the verification.

/**
 * Starts the worker and waits for its start-up work: it seals every unsealed past day of every
 * county, then verifies the whole ledger, and logs `ledger sealed and verified` (that line, parsed).
 */
async function startWorkerAndSeal() {
  const worker = await bench.startApp({ worker: true, env: { LOG_LEVEL: 'info' } });
  const deadline = Date.now() + SEAL_TIMEOUT * 1000;
  let done = null;
  while (!done && Date.now() < deadline && worker.child.exitCode === null) {
    await sleep(500);
    const text = existsSync(worker.logFile) ? readFileSync(worker.logFile, 'utf8') : '';
    for (const line of text.split('\n')) {
      if (!line.includes('ledger sealed and verified')) continue;
      try {
        done = JSON.parse(line);
      } catch {
        done = { raw: line };
      }
    }
  }
  if (done) return { worker, done };
  await worker.stop();
  if (worker.child.exitCode !== null)
    throw new Error(`the worker exited with code ${worker.child.exitCode} before sealing`);
  throw new Error(`the worker did not seal and verify within ${SEAL_TIMEOUT} s`);
}

/** The worker's catch-up seal of the dataset's history and its verification. */
async function sealCase(ctx, nproc) {
  const started = performance.now();
  const running = { worker: null, done: null };
  const stop = cpuWatch({ pids: { worker: () => running.worker?.pid }, database: bench.dbName, nproc });
  Object.assign(running, await startWorkerAndSeal());
  const seconds = (performance.now() - started) / 1000;
  const cpu = stop();
  await running.worker.stop();
  const { done } = running;
  const digests = await withClient(
    DATABASE_URL,
    async (c) =>
      (
        await c.query(
          `SELECT count(*)::int AS all, count(*) FILTER (WHERE county_id = $1)::int AS county,
                to_char(min(day) FILTER (WHERE county_id = $1), 'YYYY-MM-DD') AS first,
                to_char(max(day) FILTER (WHERE county_id = $1), 'YYYY-MM-DD') AS last
           FROM ledger_digest`,
          [ctx.verifyCounty.id],
        )
      ).rows[0],
  );
  const result = {
    what: 'worker start: catch-up seal of every unsealed past day of every county, then the scheduled verification of the whole ledger',
    seconds: round1(seconds),
    digests,
    workerLog: done,
    cpu,
    loadAverage: loadAverage(),
  };
  log(
    `seal: ${digests.all} digests (${digests.county} of ${ctx.verifyCounty.code}, ${digests.first} … ${digests.last}) and the scheduled verification in ${fmt(seconds, 1)} s (verification ${done.durationMs ?? '?'} ms)`,
  );
  return result;
}

/** Movements an event carries: one per `ledger.movement-booked` (the contract before 30 November), all of a booking's otherwise. */
const EVENT_LINES = `CASE WHEN type = 'ledger.movements-booked' THEN jsonb_array_length(payload->'movements') ELSE 1 END`;

/**
 * What the API cases' events cost the worker: no worker ran during them, so their events wait in
 * the outbox. They are parked in a table of their own while the worker starts (its start-up seal
 * and verification would otherwise relay part of them unmeasured), then put back one API case at
 * a time (told apart by the lines their bookings carry), each timed until every event is relayed
 * and evaluated.
 */
async function drainCase(nproc) {
  const groups = await withClient(DATABASE_URL, async (c) => {
    await c.query('BEGIN');
    await c.query('CREATE TABLE bench_parked_event AS SELECT * FROM outbox_event WHERE processed_at IS NULL');
    await c.query('DELETE FROM outbox_event WHERE id IN (SELECT id FROM bench_parked_event)');
    await c.query('COMMIT');
    return (
      await c.query(
        `SELECT ${EVENT_LINES} AS lines, count(*)::int AS events, sum(${EVENT_LINES})::int AS movements
           FROM bench_parked_event GROUP BY 1 ORDER BY 1`,
      )
    ).rows;
  });
  const { worker } = await startWorkerAndSeal();
  const deadline = Date.now() + SEAL_TIMEOUT * 1000;
  const results = [];
  try {
    // One connection polls, so that connecting does not load the machine in the windows.
    await withClient(DATABASE_URL, async (c) => {
      const drained = async () => {
        const pending = async () =>
          (await c.query('SELECT count(*)::int AS n FROM outbox_event WHERE processed_at IS NULL')).rows[0].n;
        let left;
        while ((left = await pending()) > 0 && Date.now() < deadline && worker.child.exitCode === null)
          await sleep(50);
        if (left > 0) throw new Error(`the worker left ${left} events unprocessed`);
      };
      // Whatever the start-up wrote itself is done before a window opens.
      await drained();
      for (const group of groups) {
        await waitForQuiet(nproc, QUIET_WAIT, QUIET_PCT);
        const stop = cpuWatch({ pids: { worker: worker.pid, redis: REDIS_PID }, database: bench.dbName, nproc });
        const started = performance.now();
        await c.query(
          `WITH back AS (DELETE FROM bench_parked_event WHERE ${EVENT_LINES} = $1 RETURNING *) INSERT INTO outbox_event SELECT * FROM back`,
          [group.lines],
        );
        await drained();
        const seconds = (performance.now() - started) / 1000;
        const cpu = stop();
        const microseconds = (pct) => Math.round(((pct ?? 0) * 10_000 * cpu.seconds) / group.movements);
        const result = {
          linesPerEvent: group.lines,
          events: group.events,
          movements: group.movements,
          seconds: round2(seconds),
          movementsPerSec: round1(group.movements / seconds),
          cpu,
          cpuMicrosecondsPerMovement: {
            worker: microseconds(cpu.workerPct),
            postgres: microseconds(cpu.postgresPct),
            redis: microseconds(cpu.redisPct),
          },
          loadAverage: loadAverage(),
        };
        const each = result.cpuMicrosecondsPerMovement;
        log(
          `worker: ${group.events} events of ${group.lines} movement(s): ${fmt(result.movementsPerSec, 0)} movements/s in ${fmt(seconds, 1)} s; ` +
            `CPU worker ${fmt(cpu.workerPct, 0)}%, PostgreSQL ${fmt(cpu.postgresPct, 0)}%, Redis ${fmt(cpu.redisPct, 0)}%; ` +
            `${each.worker + each.postgres + each.redis} µs CPU per movement`,
        );
        results.push(result);
      }
    });
  } finally {
    await worker.stop();
  }
  return {
    what: 'the worker relaying and evaluating the outbox events of the API cases, one case at a time, after its start-up seal and verification',
    cases: results,
  };
}

const summariseVerification = (v) => ({
  ok: v.ok,
  durationMs: v.durationMs,
  canteens: v.chains.length,
  movements: v.chains.reduce((sum, c) => sum + c.movements, 0),
  checkpoints: v.chains.reduce((sum, c) => sum + c.checkpoints, 0),
  digestsChecked: v.digestsChecked,
  broken: v.chains.filter((c) => !c.ok).length + v.digestFailures.length,
});

async function verifyApiCase(api, session, label, orgUnitId, nproc) {
  const verifyOnce = async () => {
    const started = performance.now();
    const response = await fetch(`${api.base}/api/ledger/verify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
      },
      body: JSON.stringify({ orgUnitId }),
      signal: AbortSignal.timeout(600_000),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200)
      throw new Error(`verify (${label}) answered ${response.status}: ${text.slice(0, 500)}`);
    const summary = summariseVerification(JSON.parse(text));
    if (!summary.ok) warn(`verify (${label}) did not hold: ${text.slice(0, 500)}`);
    return { wallMs: round1(ms), responseKiB: round1(text.length / 1024), ...summary };
  };
  // One discarded run first, profiled: where the API's main thread spends a verification.
  const profile = CPU_PROF ? await profileWhile(api, verifyOnce) : (await verifyOnce(), null);
  const runs = [];
  for (let r = 0; r < VERIFY_RUNS; r++) {
    const stop = cpuWatch({ pids: { server: api.pid }, database: bench.dbName, nproc });
    const run = await verifyOnce();
    runs.push({ ...run, cpu: stop() });
  }
  const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  log(
    `verify through the API, ${label}: ${best.movements} movements, ${best.checkpoints} checkpoints, ${best.digestsChecked} digests; ${runs.map((r) => `${fmt(r.wallMs, 0)} ms`).join(', ')}`,
  );
  return { case: label, via: 'POST /api/ledger/verify', runs, bestWallMs: best.wallMs, profile };
}

async function verifyCliCase(label, args, nproc) {
  const runs = [];
  const cli = path.join(ROOT, 'apps/api/dist/cli/ledger-verify.js');
  for (let r = 0; r < VERIFY_RUNS; r++) {
    let child = null;
    const stop = cpuWatch({ pids: { cli: () => child?.pid }, database: bench.dbName, nproc });
    const started = performance.now();
    const { code, out, err } = await new Promise((resolve) => {
      child = spawn(process.execPath, [cli, ...args, '--json'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: bench.appEnv(),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const guard = setTimeout(() => child.kill('SIGKILL'), 600_000);
      child.on('exit', (exitCode) => {
        clearTimeout(guard);
        resolve({ code: exitCode, out: stdout, err: stderr });
      });
    });
    const ms = performance.now() - started;
    const cpu = stop();
    if (code !== 0)
      throw new Error(
        `ledger-verify ${args.join(' ')} exited with ${code}: ${err.slice(0, 500)}${out.slice(0, 500)}`,
      );
    runs.push({ wallMs: round1(ms), ...summariseVerification(JSON.parse(out)), cpu });
  }
  const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  log(
    `verify through the CLI, ${label}: ${best.movements} movements; ${runs.map((r) => `${fmt(r.wallMs, 0)} ms (in the service ${r.durationMs} ms)`).join(', ')}`,
  );
  return {
    case: label,
    via: `node apps/api/dist/cli/ledger-verify.js ${args.join(' ')} --json (what \`pnpm ledger:verify\` runs, built)`,
    runs,
    bestWallMs: best.wallMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Report.

function printSummary(report) {
  const { sql, api, drain, seal, verify } = report;
  const ceiling = sql.plain.insertsPerSec;
  const rows = [
    ...Object.values(sql).map((c) => [
      c.case,
      String(c.clients),
      fmt(c.insertsPerSec, 0),
      `${((c.insertsPerSec / ceiling) * 100).toFixed(1)}%`,
      fmt(c.p50Ms, 2),
      fmt(c.p95Ms, 2),
      fmt(c.p99Ms, 2),
      `— / ${fmt(c.cpu.postgresPct, 0)} / ${fmt(c.cpu.pgbenchPct, 0)} / ${fmt(c.cpu.othersPct, 0)}`,
      fmt(c.postgresCpuMsPerInsert, 3),
    ]),
    ...api.map((c) => [
      `${c.case} (movements)`,
      String(CONNECTIONS),
      fmt(c.movementsPerSec, 0),
      `${c.ofCeilingPct.toFixed(1)}% *`,
      fmt(c.p50Ms, 2),
      fmt(c.p95Ms, 2),
      fmt(c.p99Ms, 2),
      `${fmt(c.cpu.serverPct, 0)} / ${fmt(c.cpu.postgresPct, 0)} / ${fmt(c.cpu.clientPct, 0)} / ${fmt(c.cpu.othersPct, 0)}`,
      fmt(c.cpuMsPerMovement, 2),
    ]),
  ];
  const head = [
    'case',
    'clients',
    'per s',
    'of ceiling',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'CPU % API/PG/client/others',
    'CPU ms each',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
  console.log(
    `* of the ceiling measured beside the case: ${api.map((c) => `${fmt(c.ceiling.beforePerSec, 0)} before and ${fmt(c.ceiling.afterPerSec, 0)} after ${c.case.replace('API stock-outs, ', '')} (${fmt(c.ofFirstCeilingPct, 1)}% of the first)`).join('; ')}`,
  );
  for (const c of api) {
    console.log(
      `\n${c.case}: ${c.unloaded.statementsPerRequest ?? '?'} statements per request; bound on idle cores ${fmt(c.boundOnIdleCores, 0)} movements/s, of one API process ${fmt(c.boundOfOneApiProcess, 0)}`,
    );
    if (c.profile && !c.profile.error) {
      console.log(
        `  API main thread during the warm-up: idle ${fmt(c.profile.idlePct, 0)}%; ` +
          c.profile.categories
            .slice(0, 8)
            .map((x) => `${x.name} ${fmt(x.pctOfBusy, 0)}%`)
            .join(', '),
      );
    }
    if (c.queries) {
      console.log(
        `  PostgreSQL backends busy during the warm-up: ${fmt(c.queries.activeBackendsAvg, 2)} on average`,
      );
      for (const q of c.queries.statements.slice(0, 4))
        console.log(`    ${fmt(q.activeBackendsAvg, 2)}  ${q.query.slice(0, 140)}`);
    }
  }
  for (const d of drain.cases) {
    const each = d.cpuMicrosecondsPerMovement;
    console.log(
      `worker, the ${d.events} events of ${d.linesPerEvent} movement(s) each: ${fmt(d.movementsPerSec, 0)} movements/s, ` +
        `${each.worker} / ${each.postgres} / ${each.redis} µs CPU per movement (worker / PostgreSQL / Redis)`,
    );
  }
  console.log(
    `\nseal (worker start, ${seal.digests.all} digests) and its verification: ${fmt(seal.seconds, 1)} s`,
  );
  for (const v of [...verify.api, ...verify.cli]) {
    const r = v.runs[0];
    console.log(
      `verify ${v.case} (${v.via.startsWith('POST') ? 'API' : 'CLI'}): ${r.movements} movements, ${r.checkpoints} checkpoints, ${r.digestsChecked} digests: ${v.runs.map((x) => `${fmt(x.wallMs, 0)} ms`).join(', ')}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const startedAt = new Date();
  const env = machine();
  env.postgres = await postgresVersion(bench.adminUrl);
  env.redis = await redisVersion(bench.redisUrl);
  env.pgbench = pgbenchVersion();
  log(
    `machine: ${env.nproc} × ${env.cpuModel}, Node ${env.node}, PostgreSQL ${env.postgres}, Redis ${env.redis}, load ${env.loadAverageAtStart.join(' ')}`,
  );
  const build = await ensureBuilt({ rebuildStale: true });
  if (!existsSync(path.join(ROOT, 'apps/api/dist/cli/ledger-verify.js')))
    throw new Error(
      'apps/api/dist/cli/ledger-verify.js is missing: the ledger module is not in the build',
    );
  await bench.createDatabase();
  bench.cleanRedisAtEnd();
  const ctx = await loadDataset();

  env.othersBeforeSqlPct = await waitForQuiet(env.nproc, QUIET_WAIT, QUIET_PCT);
  const sql = {
    plain: await ceilingCase(env.nproc, 'plain INSERT (ceiling)'),
    indexed: await pgbenchCase(env.nproc, {
      label: 'indexed INSERT, no trigger',
      table: 'bench_indexed_movement',
      canteen: `random(1, :canteens)`,
      description:
        'bench_indexed_movement: stock_movement with its indexes, checks and foreign keys, without its insert trigger',
    }),
    chainedManyCanteens: await pgbenchCase(env.nproc, {
      label: `stock_movement, ${CANTEENS} canteens`,
      table: 'stock_movement',
      canteen: `random(1, :canteens)`,
      description: `stock_movement through its insert trigger (head lock, seq, sha256 chain, balance), each insert into a random one of ${CANTEENS} canteens`,
    }),
    chainedOneCanteen: await pgbenchCase(env.nproc, {
      label: 'stock_movement, one canteen',
      table: 'stock_movement',
      canteen: '1',
      description: 'the same, every insert into one canteen: its chain head serialises them',
    }),
  };

  await waitForQuiet(env.nproc, QUIET_WAIT, QUIET_PCT);
  const seal = await sealCase(ctx, env.nproc);

  const api = await bench.startApp({ profile: CPU_PROF });
  log(`signing in ${ctx.canteens.length} canteen staff accounts`);
  const sessions = [];
  for (const c of ctx.canteens) sessions.push(await signIn(api.base, c.staff.username));
  const official = await signIn(api.base, ctx.official.username);
  const apiCases = [
    await apiCase(api, sessions, ctx, env.nproc, {
      label: 'API stock-outs, 1 line',
      lines: 1,
      requests: STOCK_OUTS,
      warmup: WARMUP_STOCK_OUTS,
    }),
  ];
  // The same number of movements as the one-line case in a fifth, then a tenth, of the requests.
  for (const [lines, share] of [
    [MULTI_LINES, 5],
    [LARGE_LINES, 10],
  ]) {
    if (lines <= 1) continue;
    apiCases.push(
      await apiCase(api, sessions, ctx, env.nproc, {
        label: `API stock-outs, ${lines} lines`,
        lines,
        requests: Math.ceil(STOCK_OUTS / share),
        warmup: Math.ceil(WARMUP_STOCK_OUTS / share),
      }),
    );
  }
  for (const c of apiCases)
    c.ofFirstCeilingPct = round2((c.movementsPerSec / sql.plain.insertsPerSec) * 100);

  const oneCanteen = ctx.historyCanteens[0];
  await waitForQuiet(env.nproc, QUIET_WAIT, QUIET_PCT);
  const verify = {
    api: [
      await verifyApiCase(
        api,
        official,
        `one canteen (${oneCanteen.code})`,
        oneCanteen.id,
        env.nproc,
      ),
      await verifyApiCase(
        api,
        official,
        `county ${ctx.verifyCounty.code}`,
        ctx.verifyCounty.id,
        env.nproc,
      ),
    ],
  };
  await api.stop();
  await waitForQuiet(env.nproc, QUIET_WAIT, QUIET_PCT);
  const drain = await drainCase(env.nproc);
  verify.cli = [
    await verifyCliCase(
      `one canteen (${oneCanteen.code})`,
      ['--canteen', oneCanteen.code],
      env.nproc,
    ),
    await verifyCliCase(
      `county ${ctx.verifyCounty.code}`,
      ['--county', ctx.verifyCounty.code],
      env.nproc,
    ),
  ];

  const report = {
    benchmark: 'ledger',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { ...env, loadAverageAtEnd: loadAverage() },
    build: { ...build, ...gitState() },
    settings: {
      connections: CONNECTIONS,
      sqlInserts: SQL_INSERTS,
      stockOuts: STOCK_OUTS,
      warmupStockOuts: WARMUP_STOCK_OUTS,
      multiLines: MULTI_LINES,
      largeLines: LARGE_LINES,
      verifyRuns: VERIFY_RUNS,
      cpuProfileDuringWarmup: CPU_PROF,
      apiProcess:
        'apps/api/dist/main.js, NODE_ENV=production, DATABASE_ROLE default (canteen_app), one process, no worker during the load (the drain case runs it afterwards)',
      sqlClient:
        'pgbench -M prepared, one INSERT per transaction, synchronous_commit as configured',
    },
    dataset: ctx.dataset,
    sql,
    api: apiCases,
    drain,
    seal,
    verify,
  };
  printSummary(report);
  writeResults('ledger', shanghaiToday(), report);
}

await bench.main(main);
