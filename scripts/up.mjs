// `npm run up`: from a fresh clone to the running platform at http://localhost:3000.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, canConnect, ensureDependencies, fail, log, pnpmOrFail, startProcess, waitFor, httpOk } from './lib.mjs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) fail(`Node.js 20 or newer is needed (this is ${process.version}).`);

const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/canteen',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  PORT: process.env.PORT ?? '3000',
  // Served over plain http on localhost; behind TLS in production, leave COOKIE_SECURE at its default (true).
  COOKIE_SECURE: process.env.COOKIE_SECURE ?? 'false',
};

function dockerComposeWorks() {
  return spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0
    && spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
}

async function ensureServices() {
  const pgUp = await canConnect(env.DATABASE_URL, 5432);
  const redisUp = await canConnect(env.REDIS_URL, 6379);
  if (pgUp && redisUp) return;
  const missing = [!pgUp && `PostgreSQL at ${env.DATABASE_URL}`, !redisUp && `Redis at ${env.REDIS_URL}`].filter(Boolean).join(' and ');
  if (!dockerComposeWorks()) {
    fail(`${missing} not answering, and Docker is not available to start them.\n  Start PostgreSQL 15+ and Redis 7+ yourself (or install Docker), or point DATABASE_URL / REDIS_URL at running ones.`);
  }
  log(`${missing} not answering: starting them with docker compose`);
  if (spawnSync('docker', ['compose', 'up', '-d'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) fail('docker compose up failed');
  const ready = await waitFor(async () => (await canConnect(env.DATABASE_URL, 5432)) && (await canConnect(env.REDIS_URL, 6379)), { timeoutMs: 60_000 });
  if (!ready) fail('PostgreSQL or Redis did not come up within a minute (docker compose logs)');
}

async function ensureDatabase() {
  const { default: pg } = await import(path.join(ROOT, 'node_modules/pg/lib/index.js'));
  const url = new URL(env.DATABASE_URL);
  const name = url.pathname.slice(1);
  const admin = new URL(env.DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await waitFor(() => client.connect().then(() => true, () => false), { timeoutMs: 30_000 });
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) {
    log(`creating database ${name}`);
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  }
  await client.end();
}

await ensureDependencies();
await ensureServices();
await ensureDatabase();
log('generating the Prisma client');
await pnpmOrFail(['exec', 'prisma', 'generate'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
log('migrating');
await pnpmOrFail(['exec', 'tsx', 'prisma/migrate.ts'], { env });
// Before the seed: it imports @canteen/shared, which resolves to the package's build.
log('building');
await pnpmOrFail(['-r', 'run', 'build']);
log('seeding the demo data');
await pnpmOrFail(['exec', 'tsx', 'prisma/seed/index.ts'], { env });
// Before the worker: the demo's past alerts run their course; the worker raises the recent ones live.
log('playing the demo alerts');
await pnpmOrFail(['--filter', '@canteen/api', 'run', 'demo:alerts'], { env });

const logStream = process.stdout;
const api = startProcess('api', 'node', ['--enable-source-maps', 'apps/api/dist/main.js'], env, logStream);
const worker = startProcess('worker', 'node', ['--enable-source-maps', 'apps/api/dist/worker.js'], env, logStream);
const stopAll = async () => {
  await Promise.all([api.stop(), worker.stop()]);
  process.exit(0);
};
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
if (await waitFor(() => httpOk(`http://127.0.0.1:${env.PORT}/api/health`), { timeoutMs: 60_000 })) {
  console.log(`\n  达州市校园食品安全智慧监管平台 is running: http://localhost:${env.PORT}\n  API docs: http://localhost:${env.PORT}/api/docs\n  Sign in as county_admin_tongchuan / Demo@2026 (README lists every demo account). Ctrl-C stops it.\n`);
} else {
  console.error('The API did not answer /api/health within a minute; see the log above.');
}
