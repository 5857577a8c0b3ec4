import 'reflect-metadata';
import { ConfigError } from '@/common/config/config';
import { startWorker } from './worker.factory';

startWorker().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
