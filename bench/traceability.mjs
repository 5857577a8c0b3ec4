#!/usr/bin/env node
/**
 * Traceability benchmarks (issue 3): a forward trace of one supplier lot over 500 schools with a
 * year of deliveries, through the built API, with the EXPLAIN ANALYZE of its main query; and the
 * import of a 2,000-line delivery manifest (.xlsx) through the deliveries module's upload endpoint.
 * See docs/benchmarks.md.
 *
 *   node bench/traceability.mjs
 *
 * It creates its own database (canteen_bench_trace_<id>), Redis prefix (bench-trace-<id>) and
 * storage directory, and removes all three at the end, also on failure or Ctrl-C. Every request
 * targets 127.0.0.1; every case stops after a fixed number of calls.
 *
 * Environment (all optional):
 *   BENCH_DATABASE_BASE_URL  postgresql://postgres@127.0.0.1:5432 (server only; the database is ours)
 *   BENCH_REDIS_URL          redis://127.0.0.1:6379
 *   BENCH_SCHOOLS            schools (one canteen each), default 500 (10–2000)
 *   BENCH_DAYS               calendar days of deliveries before today, default 365 (30–730)
 *   BENCH_TRACE_CALLS        measured calls per trace case, default 50 (5–500), after 5 discarded
 *   BENCH_IMPORT_LINES       lines of the imported manifest, default 2000 (100–5000)
 *   BENCH_IMPORT_RUNS        measured imports, default 5 (1–20), after 1 discarded
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  ARGON2_OPTIONS,
  PASSWORD,
  addDays,
  bounded,
  busyPct,
  compact,
  createBench,
  ensureBuilt,
  insertRows,
  insertUnits,
  insertUsers,
  loadAverage,
  log,
  machine,
  machineTicks,
  orgTree,
  pad,
  percentile,
  postgresVersion,
  requireApi,
  requireRoot,
  round1 as round,
  shanghaiAt,
  shanghaiToday,
  signIn,
  withClient,
  writeResults,
} from './lib.mjs';

const { hash: argon2Hash } = requireRoot('@node-rs/argon2');
const ExcelJS = requireApi('exceljs');

const bench = createBench('trace');
const DATABASE_URL = bench.databaseUrl;

const SCHOOLS = bounded('BENCH_SCHOOLS', 500, 10, 2000);
const DAYS = bounded('BENCH_DAYS', 365, 30, 730);
const TRACE_CALLS = bounded('BENCH_TRACE_CALLS', 50, 5, 500);
const IMPORT_LINES = bounded('BENCH_IMPORT_LINES', 2000, 100, 5000);
const IMPORT_RUNS = bounded('BENCH_IMPORT_RUNS', 5, 1, 20);
const WARMUP_CALLS = 5;
const COUNTIES = 10;
const SUPPLIERS = 5;
const FRESH_ITEMS = 40;
const FRESH_PER_DAY = 3;

// ---------------------------------------------------------------------------------------------
// Database and dataset.

/**
 * 1 province > 1 city > 10 counties > 500 schools, one canteen each; 5 distributors, each serving
 * every fifth school under contract. Every school day of the last year each canteen receives one
 * manifest from its distributor: three fresh products out of 40 (lots per product and day, shared
 * by the canteens that took it that day) and, on the first school day of a week, rice from the
 * month's milling lot, which so reaches all of a distributor's canteens for four or five weeks.
 * Every line is accepted by two people and becomes a stock batch.
 */
async function loadDataset() {
  const started = Date.now();
  const today = shanghaiToday();
  const { units, unit } = orgTree();
  const province = unit(null, 'province', { code: 'BT-P', name: '基准省', kind: 'province' });
  const city = unit(province, 'city', { code: 'BT-C01', name: '基准市', kind: 'city' });
  const counties = Array.from({ length: COUNTIES }, (_, k) =>
    unit(city, 'county', {
      code: `BT-C01-K${pad(k + 1, 2)}`,
      name: `基准市第${k + 1}区`,
      kind: 'district',
    }),
  );
  const schools = [];
  const canteens = [];
  for (let s = 0; s < SCHOOLS; s++) {
    const county = counties[s % COUNTIES];
    const school = unit(county, 'school', {
      code: `${county.code}-S${pad(s + 1, 4)}`,
      name: `${county.name}第${s + 1}学校`,
      kind: 'primary',
    });
    schools.push(school);
    canteens.push({
      ...unit(school, 'canteen', { code: `${school.code}-C1`, name: '学生食堂', kind: 'canteen' }),
      school,
      index: s,
      supplier: s % SUPPLIERS,
    });
  }

  const suppliers = Array.from({ length: SUPPLIERS }, (_, i) => ({
    id: randomUUID(),
    name: `基准配送公司${i + 1}`,
    creditCode: `91BENCH${pad(i + 1, 11)}`,
  }));
  const farmBases = suppliers.map((s, i) => ({
    id: randomUUID(),
    supplierId: s.id,
    name: `基准种植基地${i + 1}`,
    region: '基准省基准市',
  }));
  const fresh = Array.from({ length: FRESH_ITEMS }, (_, i) => ({
    id: randomUUID(),
    code: `BV${pad(i + 1, 3)}`,
    name: `基准蔬菜${pad(i + 1, 3)}`,
    category: 'vegetables',
    shelf: 3,
    price: 300 + i * 17,
  }));
  const rice = {
    id: randomUUID(),
    code: 'BG001',
    name: '基准大米',
    category: 'grains',
    shelf: 365,
    price: 560,
  };
  const ingredients = [...fresh, rice];

  const passwordHash = await argon2Hash(PASSWORD, ARGON2_OPTIONS);
  const users = [
    {
      id: randomUUID(),
      username: 'bench_trace_province',
      role: 'official_admin',
      unitId: province.id,
      supplierId: null,
    },
    {
      id: randomUUID(),
      username: 'bench_trace_county',
      role: 'official_admin',
      unitId: counties[0].id,
      supplierId: null,
    },
    {
      id: randomUUID(),
      username: 'bench_trace_supplier',
      role: 'supplier',
      unitId: null,
      supplierId: suppliers[0].id,
    },
  ];
  const inspectors = new Map();
  for (const school of schools) {
    const pair = ['canteen_manager', 'canteen_staff'].map((role) => ({
      id: randomUUID(),
      username: `bt_${role === 'canteen_manager' ? 'm' : 's'}_${school.code.toLowerCase().replaceAll('-', '_')}`,
      role,
      unitId: school.id,
      supplierId: null,
    }));
    users.push(...pair);
    inspectors.set(
      school.id,
      pair.map((u) => u.id),
    );
  }

  let dataset;
  await withClient(DATABASE_URL, async (client) => {
    await client.query('BEGIN');
    await insertUnits(client, units);
    await insertRows(
      client,
      'supplier',
      [
        ['id', 'uuid'],
        ['name', 'text'],
        ['credit_code', 'text'],
        ['updated_at', 'timestamptz'],
      ],
      suppliers.map((s) => [s.id, s.name, s.creditCode, new Date()]),
    );
    await insertRows(
      client,
      'farm_base',
      [
        ['id', 'uuid'],
        ['supplier_id', 'uuid'],
        ['name', 'text'],
        ['region', 'text'],
      ],
      farmBases.map((f) => [f.id, f.supplierId, f.name, f.region]),
    );
    await insertRows(
      client,
      'ingredient',
      [
        ['id', 'uuid'],
        ['code', 'text'],
        ['name', 'text'],
        ['category', 'text'],
        ['unit', 'text'],
        ['shelf_life_days', 'int'],
      ],
      ingredients.map((i) => [i.id, i.code, i.name, i.category, 'kg', i.shelf]),
    );
    await insertUsers(client, users, passwordHash);
    const contracts = new Map();
    await insertRows(
      client,
      'supply_contract',
      [
        ['id', 'uuid'],
        ['code', 'text'],
        ['supplier_id', 'uuid'],
        ['school_id', 'uuid'],
        ['canteen_ids', 'uuid[]'],
        ['categories', 'text[]'],
        ['valid_from', 'date'],
        ['valid_to', 'date'],
      ],
      canteens.map((c) => {
        const id = randomUUID();
        contracts.set(c.id, id);
        return [
          id,
          `HT-BT-${c.school.code}`,
          suppliers[c.supplier].id,
          c.school.id,
          `{${c.id}}`,
          '{vegetables,grains}',
          addDays(today, -DAYS - 30),
          addDays(today, 60),
        ];
      }),
    );
    await client.query('COMMIT');

    // A year of school days, a day at a time.
    let manifests = 0;
    let lines = 0;
    const lots = new Set();
    let dayIndex = 0;
    for (let back = DAYS; back >= 1; back--) {
      const day = addDays(today, -back);
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      const firstOfWeek = dayIndex === 0 || weekday === 1;
      const month = `${addDays(day, -10).slice(0, 7)}-01`;
      const m = [];
      const l = [];
      const a = [];
      const al = [];
      const b = [];
      const sl = [];
      canteens.forEach((canteen, i) => {
        const supplier = suppliers[canteen.supplier];
        const manifestId = randomUUID();
        const acceptedAt = shanghaiAt(day, 7, i % 50);
        const items = Array.from(
          { length: FRESH_PER_DAY },
          (_, k) => fresh[(dayIndex * FRESH_PER_DAY + k + (i % 4)) % FRESH_ITEMS],
        );
        const planned = items.map((item) => ({
          item,
          lot: `F${canteen.supplier + 1}-${compact(day)}-${item.code}`,
          produced: day,
          expiry: addDays(day, item.shelf),
          qty: 10 + ((i + item.price) % 20),
        }));
        if (firstOfWeek)
          planned.push({
            item: rice,
            lot: `R${canteen.supplier + 1}-${compact(month).slice(0, 6)}`,
            produced: month,
            expiry: addDays(month, rice.shelf),
            qty: 150 + (i % 100),
          });
        m.push([
          manifestId,
          `DN-${compact(day)}-${pad(i + 1, 5)}`,
          supplier.id,
          canteen.id,
          contracts.get(canteen.id),
          day,
          'file',
          'accepted',
          addDays(day, 200),
        ]);
        const acceptanceId = randomUUID();
        a.push([
          acceptanceId,
          manifestId,
          canteen.id,
          `{${inspectors.get(canteen.school.id).join(',')}}`,
          acceptedAt,
        ]);
        planned.forEach((p, n) => {
          const lineId = randomUUID();
          l.push([
            lineId,
            manifestId,
            n + 1,
            p.item.id,
            p.lot,
            p.produced,
            p.expiry,
            p.qty,
            'kg',
            p.item.price,
            farmBases[canteen.supplier].id,
            '{}',
          ]);
          al.push([randomUUID(), acceptanceId, lineId, 'accept', p.qty]);
          b.push([
            randomUUID(),
            canteen.id,
            p.item.id,
            supplier.id,
            lineId,
            p.lot,
            p.qty,
            'kg',
            p.item.price,
            p.produced,
            p.expiry,
            acceptedAt,
          ]);
          const key = `${supplier.id}/${p.lot}`;
          if (!lots.has(key)) {
            lots.add(key);
            sl.push([supplier.id, p.lot, p.item.id]);
          }
        });
      });
      await client.query('BEGIN');
      await insertRows(
        client,
        'delivery_manifest',
        [
          ['id', 'uuid'],
          ['code', 'text'],
          ['supplier_id', 'uuid'],
          ['canteen_id', 'uuid'],
          ['contract_id', 'uuid'],
          ['delivery_date', 'date'],
          ['source', 'text'],
          ['status', 'text'],
          ['retain_until', 'date'],
        ],
        m,
      );
      await insertRows(
        client,
        'delivery_line',
        [
          ['id', 'uuid'],
          ['manifest_id', 'uuid'],
          ['line_no', 'int'],
          ['ingredient_id', 'uuid'],
          ['lot_code', 'text'],
          ['production_date', 'date'],
          ['expiry_date', 'date'],
          ['quantity', 'numeric'],
          ['unit', 'text'],
          ['unit_price_fen', 'int'],
          ['farm_base_id', 'uuid'],
          ['certificate_ids', 'uuid[]'],
        ],
        l,
      );
      await insertRows(
        client,
        'supplier_lot',
        [
          ['supplier_id', 'uuid'],
          ['lot_code', 'text'],
          ['ingredient_id', 'uuid'],
        ],
        sl,
      );
      await insertRows(
        client,
        'acceptance',
        [
          ['id', 'uuid'],
          ['manifest_id', 'uuid'],
          ['canteen_id', 'uuid'],
          ['inspector_ids', 'uuid[]'],
          ['accepted_at', 'timestamptz'],
        ],
        a,
      );
      await insertRows(
        client,
        'acceptance_line',
        [
          ['id', 'uuid'],
          ['acceptance_id', 'uuid'],
          ['delivery_line_id', 'uuid'],
          ['decision', 'text'],
          ['accepted_quantity', 'numeric'],
        ],
        al,
      );
      await insertRows(
        client,
        'stock_batch',
        [
          ['id', 'uuid'],
          ['canteen_id', 'uuid'],
          ['ingredient_id', 'uuid'],
          ['supplier_id', 'uuid'],
          ['delivery_line_id', 'uuid'],
          ['lot_code', 'text'],
          ['quantity', 'numeric'],
          ['unit', 'text'],
          ['unit_price_fen', 'int'],
          ['production_date', 'date'],
          ['expiry_date', 'date'],
          ['received_at', 'timestamptz'],
        ],
        b,
      );
      await client.query('COMMIT');
      manifests += m.length;
      lines += l.length;
      dayIndex++;
      if (dayIndex % 50 === 0)
        log(`… ${dayIndex} school days loaded (${manifests} manifests, ${lines} lines)`);
    }
    await client.query('ANALYZE');
    const sizes = (
      await client.query(`SELECT relname AS table, n_live_tup::int AS rows, pg_size_pretty(pg_total_relation_size(relid)) AS size
                                          FROM pg_stat_user_tables WHERE relname IN ('delivery_manifest','delivery_line','acceptance','acceptance_line','stock_batch','supplier_lot')
                                         ORDER BY relname`)
    ).rows;
    dataset = {
      schools: SCHOOLS,
      canteens: canteens.length,
      counties: COUNTIES,
      suppliers: SUPPLIERS,
      ingredients: ingredients.length,
      calendarDays: DAYS,
      schoolDays: dayIndex,
      manifests,
      deliveryLines: lines,
      lots: lots.size,
      tables: sizes,
      generatedInMs: Date.now() - started,
    };
    log(
      `dataset: ${canteens.length} canteens, ${dayIndex} school days, ${manifests} manifests, ${lines} lines, ${lots.size} lots, in ${Math.round(dataset.generatedInMs / 1000)} s`,
    );
  });
  return { dataset, today, province, counties, canteens, suppliers, ingredients };
}

// ---------------------------------------------------------------------------------------------
// HTTP.

/** `calls` sequential requests after WARMUP_CALLS discarded ones: latency as the client sees it. */
async function timeCalls(label, nproc, request, check) {
  for (let i = 0; i < WARMUP_CALLS; i++) check(await request());
  const times = [];
  let bytes = 0;
  const before = machineTicks();
  for (let i = 0; i < TRACE_CALLS; i++) {
    const started = performance.now();
    const response = await request();
    const body = Buffer.from(await response.arrayBuffer());
    times.push(performance.now() - started);
    check(response, body);
    bytes = body.length;
  }
  const machinePct = busyPct(before, machineTicks(), nproc);
  times.sort((a, b) => a - b);
  const result = {
    case: label,
    calls: TRACE_CALLS,
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    maxMs: round(times.at(-1)),
    responseBytes: bytes,
    machineBusyPctOfOneCore: machinePct,
  };
  log(
    `${label}: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms (${Math.round(bytes / 1024)} KiB)`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// The cases.

/** The main query of TraceRepository.forwardRows (apps/api/src/modules/trace/trace.repository.ts), verbatim. */
const FORWARD_SQL = `
  WITH lot_lines AS MATERIALIZED (
    SELECT id FROM delivery_line WHERE lot_code = $1
    UNION
    SELECT delivery_line_id FROM delivery_correction WHERE field = 'lotCode' AND new_value = $1
  )
  SELECT dl.id AS line_id, dl.line_no, dl.lot_code, dl.ingredient_id, dl.quantity::text AS quantity, dl.unit, dl.unit_price_fen,
         dl.production_date::text AS production_date, dl.expiry_date::text AS expiry_date, dl.farm_base_id, dl.certificate_ids,
         dm.id AS manifest_id, dm.code AS manifest_code, dm.delivery_date::text AS delivery_date, dm.status, dm.source,
         dm.purchase_order_id, dm.supplier_id,
         a.id AS acceptance_id, a.accepted_at, a.inspector_ids,
         al.decision, al.accepted_quantity::text AS accepted_quantity, al.temperature_c::float8 AS temperature_c, al.reason, al.photo_ids,
         b.id AS batch_id, coalesce(sb.quantity, b.quantity)::text AS batch_quantity, (sb.batch_id IS NOT NULL) AS batch_booked,
         b.unit AS batch_unit, b.received_at, b.expiry_date::text AS batch_expiry_date,
         c.id AS canteen_id, c.name AS canteen_name, c.contact_name AS canteen_contact_name, c.contact_phone AS canteen_contact_phone,
         s.id AS school_id, s.name AS school_name, s.address AS school_address,
         s.contact_name AS school_contact_name, s.contact_phone AS school_contact_phone,
         k.id AS county_id, k.name AS county_name
    FROM lot_lines
    JOIN delivery_line dl ON dl.id = lot_lines.id
    JOIN delivery_manifest dm ON dm.id = dl.manifest_id
    JOIN org_unit c ON c.id = dm.canteen_id
    JOIN org_unit s ON s.id = c.parent_id
    JOIN org_unit k ON k.id = s.parent_id
    LEFT JOIN acceptance_line al ON al.delivery_line_id = dl.id
    LEFT JOIN acceptance a ON a.id = al.acceptance_id
    LEFT JOIN stock_batch b ON b.delivery_line_id = dl.id
    LEFT JOIN stock_balance sb ON sb.batch_id = b.id
   WHERE dm.supplier_id = $2::uuid
     AND c.path LIKE $3
   ORDER BY k.name, s.name, c.name, dm.delivery_date, dm.code, dl.line_no`;

async function pickLots(today) {
  return withClient(DATABASE_URL, async (client) => {
    const biggest = (
      await client.query(
        `SELECT dm.supplier_id, dl.lot_code, count(*)::int AS deliveries, count(DISTINCT dm.canteen_id)::int AS canteens
         FROM delivery_line dl JOIN delivery_manifest dm ON dm.id = dl.manifest_id
        WHERE dl.lot_code LIKE 'R1-%' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1`,
      )
    ).rows[0];
    // The biggest fresh lot (one product of one day) of the last school day a fortnight ago.
    const fresh = (
      await client.query(
        `SELECT dm.supplier_id, dl.lot_code, count(*)::int AS deliveries, count(DISTINCT dm.canteen_id)::int AS canteens
         FROM delivery_line dl JOIN delivery_manifest dm ON dm.id = dl.manifest_id
        WHERE dl.lot_code LIKE 'F1-%'
          AND dm.delivery_date = (SELECT max(delivery_date) FROM delivery_manifest WHERE delivery_date <= $1::date)
        GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1`,
        [addDays(today, -14)],
      )
    ).rows[0];
    return { biggest, fresh };
  });
}

async function explain(lot, scopePath) {
  return withClient(DATABASE_URL, async (client) => {
    const rows = (
      await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${FORWARD_SQL}`, [
        lot.lot_code,
        lot.supplier_id,
        `${scopePath}%`,
      ])
    ).rows;
    return rows.map((r) => r['QUERY PLAN']);
  });
}

async function manifestWorkbook(ingredients, lines, runTag, bad = false) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('送货单');
  sheet.addRow([
    '食材编码',
    '批次号',
    '生产日期',
    '保质期(天)',
    '数量',
    '单位',
    '单价(元)',
    '备注',
  ]);
  const produced = new Date(`${shanghaiToday()}T00:00:00Z`);
  for (let i = 0; i < lines; i++) {
    const item = ingredients[i % ingredients.length];
    const code = bad && i === lines - 7 ? 'NO-SUCH-CODE' : item.code;
    sheet.addRow([
      code,
      `IMP-${runTag}-${pad(i + 1, 5)}`,
      produced,
      item.shelf,
      12.5 + (i % 10),
      '千克',
      (item.price / 100).toFixed(2),
      i % 50 === 0 ? '整箱' : null,
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function importCase(api, nproc, ctx) {
  const supplier = await signIn(api.base, 'bench_trace_supplier');
  const canteen = ctx.canteens.find((c) => c.supplier === 0);
  const upload = async (data, tag) => {
    const form = new FormData();
    form.append('canteenId', canteen.id);
    form.append('deliveryDate', ctx.today);
    form.append(
      'file',
      new Blob([data], {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
      `送货单-${tag}.xlsx`,
    );
    const started = performance.now();
    const response = await fetch(`${api.base}/api/deliveries/import`, {
      method: 'POST',
      headers: { cookie: supplier.cookie, 'x-csrf-token': supplier.csrf },
      body: form,
    });
    const body = await response.text();
    return { ms: performance.now() - started, status: response.status, body };
  };
  const counts = () =>
    withClient(
      DATABASE_URL,
      async (c) =>
        (
          await c.query(
            `SELECT (SELECT count(*) FROM delivery_manifest)::int AS manifests, (SELECT count(*) FROM delivery_line)::int AS lines`,
          )
        ).rows[0],
    );

  const warm = await upload(await manifestWorkbook(ctx.ingredients, IMPORT_LINES, 'warm'), 'warm');
  if (warm.status >= 300)
    return { available: false, status: warm.status, body: warm.body.slice(0, 500) };
  const times = [];
  const before = machineTicks();
  let fileBytes = 0;
  for (let r = 0; r < IMPORT_RUNS; r++) {
    const data = await manifestWorkbook(ctx.ingredients, IMPORT_LINES, `r${r}`);
    fileBytes = data.length;
    const result = await upload(data, `r${r}`);
    if (result.status >= 300)
      throw new Error(`import ${r} answered ${result.status}: ${result.body.slice(0, 500)}`);
    const detail = JSON.parse(result.body);
    if (detail.lines?.length !== IMPORT_LINES)
      throw new Error(`import ${r} stored ${detail.lines?.length} lines, not ${IMPORT_LINES}`);
    times.push(result.ms);
  }
  const machinePct = busyPct(before, machineTicks(), nproc);
  // The same file with one unknown ingredient code on one row: refused whole, nothing stored.
  const beforeBad = await counts();
  const badTimes = [];
  let badStatus;
  let badIssues;
  for (let r = 0; r < Math.min(3, IMPORT_RUNS); r++) {
    const result = await upload(
      await manifestWorkbook(ctx.ingredients, IMPORT_LINES, `bad${r}`, true),
      `bad${r}`,
    );
    badStatus = result.status;
    badIssues = JSON.parse(result.body).issues?.map((i) => i.message);
    badTimes.push(result.ms);
  }
  const afterBad = await counts();
  const sorted = [...times].sort((a, b) => a - b);
  const result = {
    available: true,
    endpoint:
      'POST /api/deliveries/import (multipart: the .xlsx plus canteenId and deliveryDate), as a supplier user',
    lines: IMPORT_LINES,
    fileKiB: Math.round(fileBytes / 1024),
    runs: IMPORT_RUNS,
    msEach: times.map(round),
    p50Ms: round(percentile(sorted, 50)),
    maxMs: round(sorted.at(-1)),
    machineBusyPctOfOneCore: machinePct,
    refusedFile: {
      status: badStatus,
      issues: badIssues,
      msEach: badTimes.map(round),
      storedNothing:
        beforeBad.manifests === afterBad.manifests && beforeBad.lines === afterBad.lines,
    },
  };
  log(
    `import of ${IMPORT_LINES} lines: p50 ${result.p50Ms} ms, max ${result.maxMs} ms; a file with one bad row: ${badStatus} in ${round(Math.min(...badTimes))} ms`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const facts = { ...machine(), postgres: await postgresVersion(bench.adminUrl) };
  log(
    `machine: ${facts.nproc} CPUs (${facts.cpuModel}), ${facts.memoryGiB} GiB, ${facts.node}, load ${facts.loadAverageAtStart.join(' ')}`,
  );
  const build = await ensureBuilt({ rebuildStale: true });
  await bench.createDatabase();
  bench.cleanRedisAtEnd();
  const ctx = await loadDataset();
  const api = await bench.startApp();
  const province = await signIn(api.base, 'bench_trace_province');
  const county = await signIn(api.base, 'bench_trace_county');
  const { biggest, fresh } = await pickLots(ctx.today);
  log(
    `lots: monthly rice lot ${biggest.lot_code} (${biggest.deliveries} deliveries, ${biggest.canteens} canteens); fresh lot ${fresh.lot_code} (${fresh.deliveries} deliveries)`,
  );

  const get = (session, url) => () =>
    fetch(`${api.base}${url}`, { headers: { cookie: session.cookie } });
  const json = (expectCanteens) => (response, body) => {
    if (response.status !== 200) throw new Error(`trace answered ${response.status}`);
    if (body && expectCanteens !== undefined && JSON.parse(body).canteens.length !== expectCanteens)
      throw new Error('the trace did not return the expected canteens');
  };
  const lotQuery = (lot) =>
    `supplierId=${lot.supplier_id}&lotCode=${encodeURIComponent(lot.lot_code)}`;
  const countyCanteens = await withClient(
    DATABASE_URL,
    async (c) =>
      (
        await c.query(
          `SELECT count(DISTINCT dm.canteen_id)::int AS n FROM delivery_line dl JOIN delivery_manifest dm ON dm.id = dl.manifest_id JOIN org_unit o ON o.id = dm.canteen_id
                     WHERE dl.lot_code = $1 AND dm.supplier_id = $2 AND o.path LIKE $3`,
          [biggest.lot_code, biggest.supplier_id, `${ctx.counties[0].path}%`],
        )
      ).rows[0].n,
  );

  const cases = [];
  cases.push({
    ...(await timeCalls(
      'forward trace, monthly rice lot, province official',
      facts.nproc,
      get(province, `/api/trace/forward?${lotQuery(biggest)}`),
      json(biggest.canteens),
    )),
    deliveries: biggest.deliveries,
    canteens: biggest.canteens,
  });
  cases.push({
    ...(await timeCalls(
      'forward trace, monthly rice lot, county official',
      facts.nproc,
      get(county, `/api/trace/forward?${lotQuery(biggest)}`),
      json(countyCanteens),
    )),
    canteens: countyCanteens,
  });
  cases.push({
    ...(await timeCalls(
      "forward trace, one day's fresh lot, province official",
      facts.nproc,
      get(province, `/api/trace/forward?${lotQuery(fresh)}`),
      json(fresh.canteens),
    )),
    deliveries: fresh.deliveries,
    canteens: fresh.canteens,
  });
  cases.push({
    ...(await timeCalls(
      'recall view, monthly rice lot, province official',
      facts.nproc,
      get(province, `/api/trace/recall?${lotQuery(biggest)}`),
      json(biggest.canteens),
    )),
    canteens: biggest.canteens,
  });
  cases.push({
    ...(await timeCalls(
      'forward trace .xlsx export, monthly rice lot, province official',
      facts.nproc,
      get(province, `/api/trace/forward/export?${lotQuery(biggest)}`),
      (response) => {
        if (
          response.status !== 200 ||
          !response.headers.get('content-type')?.includes('spreadsheetml')
        )
          throw new Error(`export answered ${response.status}`);
      },
    )),
    rows: biggest.deliveries,
  });
  const someCanteen = ctx.canteens[7];
  cases.push({
    ...(await timeCalls(
      'backward trace, one canteen and day',
      facts.nproc,
      get(
        province,
        `/api/trace/backward?canteenId=${someCanteen.id}&date=${addDays(ctx.today, -14)}`,
      ),
      json(),
    )),
  });

  const plans = {
    provinceScope: await explain(biggest, ctx.province.path),
    countyScope: await explain(biggest, ctx.counties[0].path),
  };
  const executionMs = (plan) => Number(/Execution Time: ([\d.]+) ms/.exec(plan.at(-1))?.[1]);
  log(
    `EXPLAIN ANALYZE of the main query: ${executionMs(plans.provinceScope)} ms (province scope), ${executionMs(plans.countyScope)} ms (county scope)`,
  );

  const importResult = await importCase(api, facts.nproc, ctx);

  const result = {
    benchmark: 'traceability',
    at: new Date().toISOString(),
    machine: { ...facts, loadAverageAtEnd: loadAverage() },
    build,
    dataset: ctx.dataset,
    settings: {
      traceCalls: TRACE_CALLS,
      warmupCalls: WARMUP_CALLS,
      importLines: IMPORT_LINES,
      importRuns: IMPORT_RUNS,
      apiProcess: 'apps/api/dist/main.js, NODE_ENV=production, one process',
    },
    lots: { biggest, fresh },
    cases,
    explain: {
      provinceScopeMs: executionMs(plans.provinceScope),
      countyScopeMs: executionMs(plans.countyScope),
      plans,
    },
    import: importResult,
  };
  writeResults('traceability', shanghaiToday(), result);
  console.log('\nEXPLAIN ANALYZE (province scope):\n' + plans.provinceScope.join('\n'));
}

await bench.main(main);
