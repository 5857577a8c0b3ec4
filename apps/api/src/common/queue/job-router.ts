import { Injectable, Logger } from '@nestjs/common';
import { JOBS, type JobName, type JobPayload, QUEUES } from '@canteen/shared';
import type { Job } from 'bullmq';
import { JobQueues } from './job-queues';

/**
 * Domain events are cheap to take and their subscribers batch their writes (the warnings engine
 * group-commits its evaluations): many events in flight make the batches, and the throughput.
 */
const DOMAIN_EVENT_CONCURRENCY = 256;

type Handler<N extends JobName> = (payload: JobPayload<N>, job: Job) => Promise<void>;

/**
 * Modules register the handler of each job they own; the worker process starts one BullMQ worker
 * per queue that routes jobs by name, re-parsing each payload with its declared schema.
 */
@Injectable()
export class JobRouter {
  private readonly logger = new Logger('jobs');
  private readonly handlers = new Map<string, Handler<JobName>>();

  constructor(private readonly queues: JobQueues) {}

  on<N extends JobName>(job: N, handler: Handler<N>): void {
    this.handlers.set(JOBS[job].name, handler as unknown as Handler<JobName>);
  }

  start(): void {
    const byName = new Map<string, (typeof JOBS)[JobName]>(
      Object.values(JOBS).map((definition) => [definition.name, definition]),
    );
    const queueNames = new Set([...this.handlers.keys()].map((name) => byName.get(name)!.queue));
    for (const queueName of queueNames) {
      const worker = this.queues.work(
        queueName,
        async (job) => {
          const definition = byName.get(job.name);
          const handler = this.handlers.get(job.name);
          if (!definition || !handler)
            throw new Error(`No handler for job ${job.name} on ${queueName}`);
          await handler(definition.payload.parse(job.data) as JobPayload<JobName>, job);
        },
        queueName === QUEUES.domainEvents ? { concurrency: DOMAIN_EVENT_CONCURRENCY } : {},
      );
      worker.on('failed', (job, error) =>
        this.logger.warn(
          {
            queue: queueName,
            job: job?.name,
            jobId: job?.id,
            attempts: job?.attemptsMade,
            err: error.message,
          },
          'job failed',
        ),
      );
      worker.on('error', (error) =>
        this.logger.error({ queue: queueName, err: error.message }, 'worker error'),
      );
    }
  }
}
