import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { QUEUES } from '@canteen/shared';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { crashPoint } from '@/common/queue/crash-point';
import { JobQueues } from '@/common/queue/job-queues';
import { type OutboxRow, OutboxRepository, type SweepCursor } from './outbox.repository';

const BATCH = 500;

/** The job id of an event's `relays`-th publication: BullMQ drops an id it still holds, even as completed. */
export function relayJobId(eventId: string, relays: number): string {
  return relays <= 1 ? eventId : `${eventId}-relay-${relays}`;
}

export interface SweepResult {
  /** Their jobs were gone from BullMQ: published again under a new job id. */
  redelivered: number;
  /** Their jobs had completed and only the processed mark was missing: marked now. */
  completed: number;
  /** Their jobs are still waiting, running, retrying or dead-lettered in BullMQ: left to it. */
  held: number;
}

type JobPresence = 'gone' | 'completed' | 'held';

/**
 * Where each job is, with O(1) look-ups: BullMQ's getJobState scans the wait list, which is long
 * exactly when the sweep has most to look at.
 */
async function presenceOf(queue: Queue, jobIds: string[]): Promise<JobPresence[]> {
  if (jobIds.length === 0) return [];
  const client = await queue.client;
  const pipeline = client.pipeline();
  for (const jobId of jobIds) pipeline.runCommand('exists', [queue.toKey(jobId)]).runCommand('zscore', [queue.keys.completed!, jobId]);
  const replies = (await pipeline.exec()) ?? [];
  const failure = replies.find(([error]) => error);
  if (failure) throw failure[0]!;
  return jobIds.map((_, i) => {
    if (replies[2 * i + 1]![1] !== null) return 'completed';
    return replies[2 * i]![1] === 1 ? 'held' : 'gone';
  });
}

/**
 * Moves committed outbox rows to the domain-events queue. Each job's id is the event id, so a
 * relay that dies after publishing but before marking re-publishes a duplicate that BullMQ drops.
 *
 * The same loop sweeps for events published long ago and never marked processed, so that a Redis
 * that restarts without persistence loses no event. It runs here rather than as a BullMQ repeatable
 * job because such a restart would wipe that job's schedule along with the events.
 */
@Injectable()
export class OutboxRelay implements OnModuleDestroy {
  private readonly logger = new Logger('outbox');
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private nextSweepAt = 0;
  private sweepCursor: SweepCursor | null = null;

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
    const moved = await this.repository.prisma.$transaction(async (tx) => {
      const rows = await this.repository.claimBatch(tx, BATCH);
      if (rows.length === 0) return 0;
      await this.publish(rows);
      crashPoint('after-relay-publish');
      await this.repository.markPublished(tx, rows.map((row) => row.id));
      return rows.length;
    });
    if (moved > 0) crashPoint('after-relay-commit');
    return moved;
  }

  /**
   * Looks at the next batch of events published over OUTBOX_REDELIVER_AFTER_MS ago and not processed,
   * and publishes again those whose job BullMQ no longer holds.
   */
  async sweepOnce(): Promise<SweepResult> {
    const cutoff = new Date(Date.now() - this.config.OUTBOX_REDELIVER_AFTER_MS);
    const rows = await this.repository.findUnprocessed(cutoff, this.sweepCursor, BATCH);
    const last = rows.at(-1);
    this.sweepCursor = rows.length === BATCH && last ? { publishedAt: last.published_at, id: last.id } : null;
    const presence = await presenceOf(
      this.queues.queue(QUEUES.domainEvents),
      rows.map((row) => relayJobId(row.id, row.attempts)),
    );
    const idsWhere = (state: JobPresence) => rows.filter((_, i) => presence[i] === state).map((row) => row.id);
    const completed = idsWhere('completed');
    await this.repository.markProcessed(completed);
    const gone = idsWhere('gone');
    const redelivered = gone.length === 0 ? 0 : await this.repository.prisma.$transaction(async (tx) => {
      const claimed = await this.repository.claimUnprocessed(tx, gone, cutoff);
      if (claimed.length === 0) return 0;
      await this.publish(claimed);
      await this.repository.markPublished(tx, claimed.map((row) => row.id));
      return claimed.length;
    });
    // A dead letter is held (BullMQ's failed list, whose retry re-runs the same job), so it is
    // published again only if Redis loses that list too.
    return { redelivered, completed: completed.length, held: idsWhere('held').length };
  }

  private publish(rows: OutboxRow[]): Promise<void> {
    return this.queues.addBulk(
      'domainEvent',
      rows.map((row) => ({
        jobId: relayJobId(row.id, row.attempts + 1),
        payload: { eventId: row.id, type: row.type, orgPath: row.org_path, payload: row.payload },
      })),
    );
  }

  private async run(): Promise<void> {
    while (this.running) {
      let moved = 0;
      try {
        moved = await this.relayOnce();
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'outbox relay failed; retrying');
      }
      if (Date.now() >= this.nextSweepAt) {
        try {
          const result = await this.sweepOnce();
          if (result.redelivered > 0) this.logger.warn({ events: result.redelivered }, 'published again events whose jobs BullMQ had lost');
        } catch (error) {
          this.sweepCursor = null;
          this.logger.warn({ err: (error as Error).message }, 'outbox sweep failed; retrying');
        }
        // A pass over everything due, then a rest: a lost event waits at most 1¼ × OUTBOX_REDELIVER_AFTER_MS.
        this.nextSweepAt = this.sweepCursor ? 0 : Date.now() + this.config.OUTBOX_REDELIVER_AFTER_MS / 4;
      }
      if (moved < BATCH && !this.sweepCursor) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, this.config.OUTBOX_POLL_MS);
        });
      }
    }
  }
}
