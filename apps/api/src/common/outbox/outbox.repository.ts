import { Injectable } from '@nestjs/common';
import { Prisma } from '@/generated/prisma/client';
import { PrismaService, type Tx } from '@/common/prisma/prisma.service';

export interface OutboxRow {
  id: string;
  type: string;
  payload: unknown;
  org_path: string | null;
  /** How many times the relay has published the event so far. */
  attempts: number;
}

/** Where the sweep stopped in (published_at, id) order. */
export interface SweepCursor {
  publishedAt: Date;
  id: string;
}

export interface UnprocessedRow {
  id: string;
  attempts: number;
  published_at: Date;
}

const START: SweepCursor = { publishedAt: new Date(0), id: '00000000-0000-0000-0000-000000000000' };

/** System-level access to the outbox: the relay serves every tenant, so it has no scope. */
@Injectable()
export class OutboxRepository {
  constructor(readonly prisma: PrismaService) {}

  /** Oldest unpublished events, locked so that several relays never take the same rows. */
  claimBatch(tx: Tx, limit: number): Promise<OutboxRow[]> {
    return tx.$queryRaw<OutboxRow[]>`
      SELECT id, type, payload, org_path, attempts FROM outbox_event
       WHERE published_at IS NULL
       ORDER BY created_at
       LIMIT ${limit}
       FOR UPDATE SKIP LOCKED`;
  }

  /**
   * Events published before `cutoff` and not processed, after `after` (outbox_event_unprocessed_idx).
   * Read without locks: most of them only wait their turn in BullMQ, and the sweep writes nothing for those.
   */
  findUnprocessed(cutoff: Date, after: SweepCursor | null, limit: number): Promise<UnprocessedRow[]> {
    const from = after ?? START;
    return this.prisma.$queryRaw<UnprocessedRow[]>`
      SELECT id, attempts, published_at FROM outbox_event
       WHERE published_at IS NOT NULL AND processed_at IS NULL AND published_at < ${cutoff}
         AND (published_at, id) > (${from.publishedAt}::timestamptz, ${from.id}::uuid)
       ORDER BY published_at, id
       LIMIT ${limit}`;
  }

  /** Locks those of `ids` that are still unprocessed and published before `cutoff`: another relay may have re-published one meanwhile. */
  claimUnprocessed(tx: Tx, ids: string[], cutoff: Date): Promise<OutboxRow[]> {
    return tx.$queryRaw<OutboxRow[]>`
      SELECT id, type, payload, org_path, attempts FROM outbox_event
       WHERE id IN (${Prisma.join(ids)}) AND processed_at IS NULL AND published_at < ${cutoff}
       FOR UPDATE SKIP LOCKED`;
  }

  async markPublished(tx: Tx, ids: string[]): Promise<void> {
    await tx.outboxEvent.updateMany({ where: { id: { in: ids } }, data: { publishedAt: new Date(), attempts: { increment: 1 } } });
  }

  async markProcessed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.prisma.outboxEvent.updateMany({ where: { id: { in: ids }, processedAt: null }, data: { processedAt: new Date() } });
  }

  countUnpublished(): Promise<number> {
    return this.prisma.outboxEvent.count({ where: { publishedAt: null } });
  }
}
