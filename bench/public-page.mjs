#!/usr/bin/env node
/**
 * The parents' public page (issue 7, Performance): requests per second and latency of a canteen's
 * page payload, GET /api/public/canteens/:code, at 100 concurrent connections beside a static file
 * served by the same API process in the same run (the ceiling); the page's JavaScript gzipped; and its
 * Largest Contentful Paint in Chromium with a mobile profile (4× CPU slowdown, "slow 4G").
 * See docs/benchmarks.md ("Public page").
 *
 *   node bench/public-page.mjs
 *
 * It creates its own database (canteen_bench_public_<id>) seeded with the demo data, its own Redis
 * prefix and storage directory, and removes all three at the end, also on failure or Ctrl-C. Every
 * request targets 127.0.0.1; every load run is bounded in time (wrk -d) and connections.
 *
 * Environment (all optional):
 *   BENCH_DATABASE_BASE_URL  postgresql://postgres@127.0.0.1:5432 (server only; the database is ours)
 *   BENCH_REDIS_URL          redis://127.0.0.1:6379
 *   BENCH_CONNECTIONS        concurrent connections, default 100 (1–200)
 *   BENCH_SECONDS            seconds per measured wrk run, default 10 (3–60), after a 3 s warm-up
 *   BENCH_ROUNDS             measured rounds (static, then API), default 2 (1–5)
 *   BENCH_LCP_RUNS           page loads for the LCP median, default 3 (1–9)
 *   CHROMIUM_PATH            /usr/bin/chromium
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ROOT,
  bounded,
  cpuWatch,
  createBench,
  ensureBuilt,
  loadAverage,
  log,
  machine,
  postgresVersion,
  redisVersion,
  requireRoot,
  round1,
  run,
  shanghaiToday,
  waitForQuiet,
  writeResults,
} from './lib.mjs';

const bench = createBench('public');
const CONNECTIONS = bounded('BENCH_CONNECTIONS', 100, 1, 200);
const SECONDS = bounded('BENCH_SECONDS', 10, 3, 60);
const ROUNDS = bounded('BENCH_ROUNDS', 2, 1, 5);
const LCP_RUNS = bounded('BENCH_LCP_RUNS', 3, 1, 9);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIST = path.join(ROOT, 'apps/web/dist');
const CANTEEN = '511702-S01-C1'; // the demo school's 学生食堂 (prisma/seed/tree.ts)

// Lighthouse's mobile profile as DevTools applies it: 150 ms RTT and 1.6 Mbps ("slow 4G") with its
// request-level multipliers, and a 4× CPU slowdown.
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1474.56 * 1024) / 8,
  uploadThroughput: (675 * 1024) / 8,
};
const CPU_SLOWDOWN = 4;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

/** wrk's "Latency Distribution" and totals, in ms and requests/s. */
function parseWrk(text) {
  const unit = (value, u) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[u] ?? NaN);
  const pct = (p) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(text);
    return m ? Math.round(unit(m[1], m[2]) * 100) / 100 : null;
  };
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return {
    requestsPerSecond: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1])),
    requests: Number(/(\d+) requests in/.exec(text)?.[1]),
    transferPerSecond: /Transfer\/sec:\s+(\S+)/.exec(text)?.[1] ?? null,
    p50Ms: pct(50),
    p90Ms: pct(90),
    p99Ms: pct(99),
    non2xx: errors ? Number(errors[1]) : 0,
    socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

function wrk(url, seconds, headers = {}) {
  const args = ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '5s', '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve({ text: out, pid: child.pid })
        : reject(new Error(`wrk exited with ${code}: ${out}`)),
    );
  });
}

async function load(name, url, headers, api, nproc) {
  await wrk(url, 3, headers);
  const stop = cpuWatch({ pids: { api: api.pid }, database: bench.dbName, nproc });
  const { text } = await wrk(url, SECONDS, headers);
  const cpu = stop();
  const result = { case: name, ...parseWrk(text), cpu };
  log(
    `${name}: ${result.requestsPerSecond} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, non-2xx ${result.non2xx}`,
  );
  if (result.non2xx > 0 || result.socketErrors > 0)
    throw new Error(
      `${name}: ${result.non2xx} non-2xx answers, ${result.socketErrors} socket errors`,
    );
  return result;
}

/** The JavaScript and CSS public.html loads (entry, its preloaded chunks), raw and gzipped. */
function bundleSize() {
  const html = readFileSync(path.join(WEB_DIST, 'public.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const files = refs.map((ref) => {
    const data = readFileSync(path.join(WEB_DIST, ref));
    return { file: ref, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
  });
  // Loaded only when a parent sends feedback (the proof-of-work solver).
  const workerFile = readdirSync(path.join(WEB_DIST, 'assets')).find((f) =>
    f.startsWith('solve-challenge.worker'),
  );
  const workerData = workerFile ? readFileSync(path.join(WEB_DIST, 'assets', workerFile)) : null;
  const sum = (list, key) => list.reduce((total, f) => total + f[key], 0);
  const js = files.filter((f) => f.file.endsWith('.js'));
  return {
    files,
    jsBytes: sum(js, 'bytes'),
    jsGzipBytes: sum(js, 'gzipBytes'),
    cssGzipBytes: sum(
      files.filter((f) => f.file.endsWith('.css')),
      'gzipBytes',
    ),
    htmlGzipBytes: gzipSync(html, { level: 9 }).length,
    feedbackWorkerGzipBytes: workerData ? gzipSync(workerData, { level: 9 }).length : null,
  };
}

async function lcp(base) {
  const { chromium, devices } = requireRoot('@playwright/test');
  const { defaultBrowserType: _webkit, ...phone } = devices['iPhone 12'];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic'],
  });
  bench.onCleanup(() => browser.close(), { first: true });
  const runs = [];
  try {
    for (let i = 0; i < LCP_RUNS; i++) {
      const context = await browser.newContext({
        ...phone,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      let transferred = 0;
      cdp.on('Network.loadingFinished', (event) => (transferred += event.encodedDataLength));
      await page.addInitScript(() => {
        window.__lcp = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries())
            window.__lcp.push({
              startTime: entry.startTime,
              element: entry.element?.tagName ?? null,
              text: entry.element?.textContent?.slice(0, 30) ?? null,
            });
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      });
      await page.goto(`${base}/p/${CANTEEN}`, { waitUntil: 'networkidle', timeout: 60_000 });
      await page.locator('#today .dish').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1000);
      const measured = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        return {
          lcp: window.__lcp.at(-1),
          fcpMs: fcp?.startTime ?? null,
          loadMs: nav?.loadEventEnd ?? null,
        };
      });
      runs.push({
        lcpMs: Math.round(measured.lcp?.startTime ?? NaN),
        lcpElement: measured.lcp ? `${measured.lcp.element}: ${measured.lcp.text}` : null,
        fcpMs: measured.fcpMs === null ? null : Math.round(measured.fcpMs),
        loadMs: measured.loadMs === null ? null : Math.round(measured.loadMs),
        transferredBytes: transferred,
      });
      log(
        `LCP run ${i + 1}: ${runs.at(-1).lcpMs} ms (${runs.at(-1).lcpElement}), FCP ${runs.at(-1).fcpMs} ms, ${Math.round(transferred / 1024)} KB transferred`,
      );
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return {
    profile: {
      device: 'iPhone 12 viewport (390×844, DPR 3)',
      cpuSlowdown: CPU_SLOWDOWN,
      network: SLOW_4G,
      cache: 'disabled (first visit)',
    },
    runs,
    medianLcpMs: median(runs.map((r) => r.lcpMs)),
    medianFcpMs: median(runs.map((r) => r.fcpMs)),
  };
}

async function main() {
  const facts = machine();
  const build = await ensureBuilt({ rebuildStale: true });
  if (!existsSync(path.join(WEB_DIST, 'public.html'))) {
    log('apps/web/dist/public.html is missing: building the web app');
    if ((await run('pnpm', ['--filter', '@canteen/web', 'run', 'build'])) !== 0)
      throw new Error('the web build failed');
  }
  const webBuiltAt = new Date(statSync(path.join(WEB_DIST, 'public.html')).mtimeMs).toISOString();

  // The seed signs the demo digests with the run's ledger key (bench.appEnv), as the API will.
  const env = { FEEDBACK_CHALLENGE_SECRET: 'bench-public-page-challenge-secret-0123456789' };
  await bench.createDatabase();
  bench.cleanRedisAtEnd();
  log('seeding the demo data');
  const seeded = await run('pnpm', ['exec', 'tsx', 'prisma/seed/index.ts'], {
    ...bench.appEnv(env),
    NODE_ENV: 'development',
  });
  if (seeded !== 0) throw new Error(`the seed exited with ${seeded}`);

  const api = await bench.startApp({ env });
  const pageUrl = `${api.base}/api/public/canteens/${CANTEEN}`;
  const payload = await fetch(pageUrl, { headers: { 'accept-encoding': 'gzip' } });
  if (payload.status !== 200) throw new Error(`${pageUrl} answered ${payload.status}`);
  const payloadBytes = (await payload.arrayBuffer()).byteLength; // fetch decodes: the JSON's size
  const bundle = bundleSize();
  const staticFile = bundle.files.find(
    (f) => f.file.includes('/public-') && f.file.endsWith('.js'),
  );
  const staticUrl = `${api.base}${staticFile.file}`;
  const gzipHeaders = { 'Accept-Encoding': 'gzip' };
  const payloadGzipBytes =
    Number((await fetch(pageUrl, { headers: gzipHeaders })).headers.get('content-length')) || null;

  const quiet = await waitForQuiet(facts.nproc, 60);
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    log(`round ${round}/${ROUNDS}: ${CONNECTIONS} connections, ${SECONDS} s each`);
    const ceiling = await load(
      'static file (the page bundle, fastify-static)',
      staticUrl,
      gzipHeaders,
      api,
      facts.nproc,
    );
    const page = await load(
      'GET /api/public/canteens/:code (gzip)',
      pageUrl,
      gzipHeaders,
      api,
      facts.nproc,
    );
    const etag = payload.headers.get('etag');
    const revalidated = await load(
      'GET /api/public/canteens/:code with If-None-Match (304)',
      pageUrl,
      { 'If-None-Match': etag },
      api,
      facts.nproc,
    );
    rounds.push({
      round,
      ceiling,
      page,
      revalidated,
      pageShareOfCeilingPct: round1((page.requestsPerSecond / ceiling.requestsPerSecond) * 100),
    });
  }

  const lcpResult = await lcp(api.base);

  const best = (key) => rounds.map((r) => r[key]);
  const result = {
    benchmark: 'public-page',
    at: new Date().toISOString(),
    machine: {
      ...facts,
      loadAverageAtEnd: loadAverage(),
      busyPctBeforeLoad: quiet,
      postgres: await postgresVersion(bench.adminUrl),
      redis: await redisVersion(bench.redisUrl),
    },
    build: { ...build, webBuiltAt },
    settings: {
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmupSeconds: 3,
      rounds: ROUNDS,
      wrkThreads: 2,
      canteen: CANTEEN,
      apiProcess: 'apps/api/dist/main.js, NODE_ENV=production, one process',
    },
    payload: {
      jsonBytes: payloadBytes,
      gzipBytes: payloadGzipBytes,
      staticFile: { path: staticFile.file, bytes: staticFile.bytes },
    },
    rounds,
    summary: {
      ceilingRequestsPerSecond: median(best('ceiling').map((c) => c.requestsPerSecond)),
      pageRequestsPerSecond: median(best('page').map((c) => c.requestsPerSecond)),
      pageP99Ms: Math.max(...best('page').map((c) => c.p99Ms)),
      pageShareOfCeilingPct: median(rounds.map((r) => r.pageShareOfCeilingPct)),
      revalidatedRequestsPerSecond: median(best('revalidated').map((c) => c.requestsPerSecond)),
    },
    bundle,
    lcp: lcpResult,
  };
  log(
    `summary: page ${result.summary.pageRequestsPerSecond} req/s (${result.summary.pageShareOfCeilingPct}% of the static ceiling ${result.summary.ceilingRequestsPerSecond}), p99 ≤ ${result.summary.pageP99Ms} ms; ` +
      `JS ${round1(bundle.jsGzipBytes / 1024)} KB gzipped; LCP median ${lcpResult.medianLcpMs} ms`,
  );
  writeResults('public-page', shanghaiToday(), result);
}

await bench.main(main);
