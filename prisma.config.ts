import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

// The schema engine reads catalog columns of types that @prisma/adapter-pg cannot decode
// (prisma/orm#27403): report them as text. Only the CLI process loads this file.
const CATALOG_TEXT_OIDS = new Set([18, 19, 28, 194, 1033]);
const originalQuery = pg.Pool.prototype.query as (...args: unknown[]) => Promise<pg.QueryResult>;
pg.Pool.prototype.query = async function patchedQuery(this: pg.Pool, ...args: unknown[]) {
  const result = await originalQuery.apply(this, args);
  for (const field of result?.fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = 25;
  }
  return result;
} as typeof pg.Pool.prototype.query;

// The CLI needs a datasource url even for `generate`, or it tries to download an engine.
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/canteen';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const url = new URL(process.env.DATABASE_URL as string);
    return new PrismaPg({
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
    });
  },
});
