import { rm } from 'node:fs/promises';
import Redis from 'ioredis';
import pg from 'pg';
import { testEnvironment } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const env = testEnvironment();
  const admin = new pg.Client({ connectionString: env.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${env.databaseName}" WITH (FORCE)`);
  await admin.end();
  const redis = new Redis(env.redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.redisPrefix}*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
  await rm(env.storageDir, { recursive: true, force: true });
}
