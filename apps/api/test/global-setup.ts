import path from 'node:path';
import pg from 'pg';
import { migrate } from '../../../prisma/migrate';
import { testEnvironment } from './test-env';

/** A fresh database per run, migrated by the same runner as production; never the demo database. */
export default async function globalSetup(): Promise<void> {
  const env = testEnvironment();
  const admin = new pg.Client({ connectionString: env.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${env.databaseName}"`);
  await admin.end();
  await migrate(env.databaseUrl);
  Object.assign(process.env, {
    TEST_RUN_ID: env.runId,
    NODE_ENV: 'test',
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.redisUrl,
    REDIS_PREFIX: env.redisPrefix,
    LOG_LEVEL: 'silent',
    COOKIE_SECURE: 'false',
    STORAGE_DIR: env.storageDir,
    LEDGER_SIGNING_KEY_FILE: path.join(env.storageDir, 'ledger', 'signing-key.pem'),
    LEDGER_DIGEST_DIR: path.join(env.storageDir, 'ledger', 'digests'),
  });
}
