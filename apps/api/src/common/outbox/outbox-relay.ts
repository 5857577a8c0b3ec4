import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { crashPoint } from '@/common/queue/crash-point';
import { JobQueues } from '@/common/queue/job-queues';
import { OutboxRepository } from './outbox.repository';

const BATCH = 500;

/**
 * Moves committed outbox rows to the domain-events queue. Each job's id is the event id, so a
 * relay that dies after publishing but before marking re-publishes a duplicate that BullMQ drops.
 */
@Injectable()
export class OutboxRelay implements OnModuleDestroy {
  private readonly logger = new Logger('outbox');
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes one batch; returns how many events it moved. */
  async relayOnce(): Promise<number> {
    return this.repository.prisma.$transaction(async (tx) => {
      const rows = await this.repository.claimBatch(tx, BATCH);
      if (rows.length === 0) return 0;
      await this.queues.addBulk(
        'domainEvent',
        rows.map((row) => ({ jobId: row.id, payload: { eventId: row.id, type: row.type, orgPath: row.org_path, payload: row.payload } })),
      );
      crashPoint('after-relay-publish');
      await this.repository.markPublished(tx, rows.map((row) => row.id));
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let moved = 0;
      try {
        moved = await this.relayOnce();
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'outbox relay failed; retrying');
      }
      if (moved < BATCH) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, this.config.OUTBOX_POLL_MS);
        });
      }
    }
  }
}
