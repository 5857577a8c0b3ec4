import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/** Names of the throw-away database and Redis prefix for one test run, shared by setup and teardown. */
export function testEnvironment() {
  const base = process.env.TEST_DATABASE_BASE_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  const runId = process.env.TEST_RUN_ID ?? `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return {
    runId,
    adminUrl: `${base}/postgres`,
    databaseName: `canteen_test_${runId}`,
    databaseUrl: `${base}/canteen_test_${runId}`,
    redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: `test-${runId}`,
    storageDir: path.join(os.tmpdir(), `canteen-test-${runId}`),
  };
}
