import { NestFactory } from '@nestjs/core';
import { addDays, shanghaiDay } from '@canteen/shared';
import type { INestApplicationContext } from '@nestjs/common';
import { type AppConfig, loadConfig } from '@/common/config/config';
import { JsonLogger } from '@/common/logging/json-logger';
import { OutboxRelay } from '@/common/outbox/outbox-relay';
import { JobQueues } from '@/common/queue/job-queues';
import { JobRouter } from '@/common/queue/job-router';
import { WorkerModule } from './worker.module';
import { WorkerSchedules } from './worker-schedules';

const BACKFILL_DAYS = 30;

/** Each start makes sure the last month of 接入 history exists; the job ids make repeats free. */
async function backfillConnectionSnapshots(queues: JobQueues, days: number): Promise<void> {
  const today = shanghaiDay();
  for (let offset = 0; offset < days; offset++) {
    const day = addDays(today, -offset);
    await queues.add('connectionSnapshot', { day }, { jobId: `connection-snapshot-${day}${offset === 0 ? `-${Date.now()}` : ''}` });
  }
}

/** Builds and starts the worker: job workers, the outbox relay and the repeatable schedules. */
export async function startWorker(config: AppConfig = loadConfig()): Promise<INestApplicationContext> {
  const logger = JsonLogger.create(config.LOG_LEVEL, 'worker');
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  context.enableShutdownHooks();
  const queues = context.get(JobQueues);
  await context.get(WorkerSchedules).keep();
  await queues.add('ledgerSeal', { through: 'yesterday' }, { jobId: `ledger-seal-start-${Date.now()}` });
  await backfillConnectionSnapshots(queues, BACKFILL_DAYS);
  // Work starts once the schedules are in place: a start that fails half-way has taken no job.
  context.get(JobRouter).start();
  context.get(OutboxRelay).start();
  logger.log('worker started');
  return context;
}
