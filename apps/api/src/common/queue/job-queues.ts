import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { JOBS, type JobName, type JobPayload } from '@canteen/shared';
import { type JobsOptions, Queue, type RepeatOptions, Worker, type Processor, type WorkerOptions } from 'bullmq';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  // Completed jobs are kept a day so that a re-added job id is recognised as a duplicate.
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  // Failed jobs stay: they are the dead-letter list.
  removeOnFail: false,
};

/** The one door to BullMQ: queues by the names declared in @canteen/shared/jobs, payloads parsed. */
@Injectable()
export class JobQueues implements OnModuleDestroy {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get prefix(): string {
    return `${this.config.REDIS_PREFIX}:bull`;
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection(false), prefix: this.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add<N extends JobName>(job: N, payload: JobPayload<N>, options: JobsOptions = {}): Promise<void> {
    const definition = JOBS[job];
    await this.queue(definition.queue).add(definition.name, definition.payload.parse(payload), options);
  }

  async addBulk<N extends JobName>(job: N, items: { payload: JobPayload<N>; jobId: string }[]): Promise<void> {
    const definition = JOBS[job];
    await this.queue(definition.queue).addBulk(
      items.map((item) => ({ name: definition.name, data: definition.payload.parse(item.payload), opts: { jobId: item.jobId } })),
    );
  }

  /** A repeatable job, evaluated in Asia/Shanghai time. */
  async schedule<N extends JobName>(schedulerId: string, job: N, pattern: string, payload: JobPayload<N>): Promise<void> {
    const definition = JOBS[job];
    const repeat: RepeatOptions = { pattern, tz: 'Asia/Shanghai' };
    await this.queue(definition.queue).upsertJobScheduler(schedulerId, repeat, { name: definition.name, data: payload });
  }

  /** Workers get their own connection with `maxRetriesPerRequest: null`, as BullMQ requires. */
  work(queueName: string, processor: Processor, options: Partial<WorkerOptions> = {}): Worker {
    const worker = new Worker(queueName, processor, { connection: this.connection(true), prefix: this.prefix, concurrency: 8, ...options });
    this.workers.push(worker);
    return worker;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await Promise.all(this.connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
  }

  private connection(blocking: boolean): Redis {
    const connection = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: blocking ? null : 3 });
    this.connections.push(connection);
    return connection;
  }
}
