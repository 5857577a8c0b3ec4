// `npm test`: every check and every test tier, then one line `tests: N passed, M failed`.
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  ROOT, canConnect, ensureDependencies, fail, httpOk, log, pnpm, pnpmOrFail, startProcess, waitFor,
} from './lib.mjs';

const DB_BASE = process.env.TEST_DATABASE_BASE_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, '.artifacts');
const only = process.argv[2]; // optional: lint | typecheck | unit | int | e2e | browser
/** After `browser`: Playwright arguments, e.g. a spec file name to run only it. */
const playwrightArgs = process.argv.slice(3);

const tally = { passed: 0, failed: 0 };
const results = [];

function record(name, passed, failed) {
  tally.passed += passed;
  tally.failed += failed;
  results.push(`${name}: ${passed} passed, ${failed} failed`);
}

async function check(name, args) {
  log(name);
  const code = await pnpm(args);
  record(name, code === 0 ? 1 : 0, code === 0 ? 0 : 1);
}

async function jestTier(tier) {
  const output = path.join(ARTIFACTS, `jest-${tier}.json`);
  rmSync(output, { force: true });
  log(`jest ${tier}`);
  await pnpm(['--filter', '@canteen/api', 'exec', 'jest', '--selectProjects', tier, '--runInBand', '--json', `--outputFile=${output}`], {
    env: { TEST_DATABASE_BASE_URL: DB_BASE, TEST_REDIS_URL: REDIS_URL },
  });
  if (!existsSync(output)) return record(`jest ${tier}`, 0, 1);
  const report = JSON.parse(readFileSync(output, 'utf8'));
  // A suite that failed to load has no test results but counts as a failure.
  const brokenSuites = report.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  record(`jest ${tier}`, report.numPassedTests, report.numFailedTests + brokenSuites);
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) fail(`Chromium is missing at ${CHROMIUM}: install Debian's chromium and fonts-noto-cjk (or set CHROMIUM_PATH).`);
  log('installing Debian chromium and fonts-noto-cjk for the browser tests');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
  if (install.status !== 0 || !existsSync(CHROMIUM)) fail('could not install chromium');
}

/** The built app (API + worker + SPA) on a seeded database of its own, driven by Playwright. */
async function browserTier() {
  ensureChromium();
  log('building shared, api and web');
  await pnpmOrFail(['-r', 'run', 'build']);
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const database = `canteen_e2e_${runId}`;
  const databaseUrl = `${DB_BASE}/${database}`;
  const port = await freePort();
  // Files, the signing key and the exported digests of this run stay with this run, apart from the dev data in var/.
  const files = path.join(os.tmpdir(), `canteen-e2e-${runId}`);
  const env = {
    NODE_ENV: 'test',
    STORAGE_DIR: path.join(files, 'storage'),
    LEDGER_SIGNING_KEY_FILE: path.join(files, 'ledger', 'signing-key.pem'),
    LEDGER_DIGEST_DIR: path.join(files, 'ledger', 'digests'),
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: `e2e-${runId}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'warn',
    // Every spec signs in from 127.0.0.1.
    LOGIN_IP_LIMIT: '10000',
    LOGIN_ACCOUNT_LIMIT: '10000',
    // …and sends every parent's feedback from there too.
    FEEDBACK_IP_LIMIT: '10000',
  };
  const psql = (sql) => spawnSync('psql', [`${DB_BASE}/postgres`, '-qc', sql], { stdio: 'inherit' });
  const logFile = createWriteStream(path.join(ARTIFACTS, 'browser-servers.log'));
  const processes = [];
  try {
    if (psql(`CREATE DATABASE "${database}"`).status !== 0) fail('could not create the browser-test database (is psql installed?)');
    await pnpmOrFail(['exec', 'tsx', 'prisma/migrate.ts'], { env });
    await pnpmOrFail(['exec', 'tsx', 'prisma/seed/index.ts'], { env });
    processes.push(startProcess('api', 'node', ['apps/api/dist/main.js'], env, logFile));
    processes.push(startProcess('worker', 'node', ['apps/api/dist/worker.js'], env, logFile));
    if (!(await waitFor(() => httpOk(`http://127.0.0.1:${port}/api/health`)))) fail('the API did not become healthy; see .artifacts/browser-servers.log');
    const output = path.join(ARTIFACTS, 'playwright.json');
    rmSync(output, { force: true });
    log('playwright');
    await pnpm(['exec', 'playwright', 'test', '-c', 'e2e/playwright.config.ts', ...playwrightArgs], {
      // The database is thrown away afterwards, so the specs that change data run too.
      env: { E2E_BASE_URL: `http://127.0.0.1:${port}`, PLAYWRIGHT_JSON_OUTPUT_NAME: output, CHROMIUM_PATH: CHROMIUM, E2E_MUTATIONS: '1' },
    });
    if (!existsSync(output)) return record('browser', 0, 1);
    const stats = JSON.parse(readFileSync(output, 'utf8')).stats;
    record('browser', stats.expected + stats.flaky, stats.unexpected + (stats.expected + stats.flaky + stats.unexpected === 0 ? 1 : 0));
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    logFile.end();
    psql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    rmSync(files, { recursive: true, force: true });
    spawnSync('redis-cli', ['-u', REDIS_URL, '--scan', '--pattern', `e2e-${runId}*`], { encoding: 'utf8' })
      .stdout?.split('\n').filter(Boolean).forEach((key) => spawnSync('redis-cli', ['-u', REDIS_URL, 'del', key]));
  }
}

async function main() {
  mkdirSync(ARTIFACTS, { recursive: true });
  await ensureDependencies();
  if (!(await canConnect(DB_BASE, 5432))) fail(`PostgreSQL is not answering at ${DB_BASE} (set TEST_DATABASE_BASE_URL).`);
  if (!(await canConnect(REDIS_URL, 6379))) fail(`Redis is not answering at ${REDIS_URL} (set TEST_REDIS_URL).`);
  log('prisma generate');
  await pnpmOrFail(['exec', 'prisma', 'generate'], { stdio: ['ignore', 'ignore', 'inherit'] });
  await pnpmOrFail(['--filter', '@canteen/shared', 'run', 'build']);

  const stages = {
    lint: () => check('lint', ['exec', 'eslint', '.', '--max-warnings=0']),
    typecheck: () => check('typecheck', ['run', 'typecheck']),
    unit: () => jestTier('unit'),
    int: () => jestTier('int'),
    e2e: () => jestTier('e2e'),
    browser: () => browserTier(),
  };
  if (only && !stages[only]) fail(`unknown stage ${only}; one of ${Object.keys(stages).join(', ')}`);
  for (const [name, stage] of Object.entries(stages)) {
    if (!only || only === name) await stage();
  }
  console.log(`\n${results.join('\n')}`);
  console.log(`tests: ${tally.passed} passed, ${tally.failed} failed`);
  process.exit(tally.failed === 0 && tally.passed > 0 ? 0 : 1);
}

await main();
