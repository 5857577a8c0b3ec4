import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '@/common/prisma/prisma.service';

export interface OutboxRow {
  id: string;
  type: string;
  payload: unknown;
  org_path: string | null;
}

/** System-level access to the outbox: the relay serves every tenant, so it has no scope. */
@Injectable()
export class OutboxRepository {
  constructor(readonly prisma: PrismaService) {}

  /** Oldest unpublished events, locked so that several relays never take the same rows. */
  claimBatch(tx: Tx, limit: number): Promise<OutboxRow[]> {
    return tx.$queryRaw<OutboxRow[]>`
      SELECT id, type, payload, org_path FROM outbox_event
       WHERE published_at IS NULL
       ORDER BY created_at
       LIMIT ${limit}
       FOR UPDATE SKIP LOCKED`;
  }

  async markPublished(tx: Tx, ids: string[]): Promise<void> {
    await tx.outboxEvent.updateMany({ where: { id: { in: ids } }, data: { publishedAt: new Date(), attempts: { increment: 1 } } });
  }

  countUnpublished(): Promise<number> {
    return this.prisma.outboxEvent.count({ where: { publishedAt: null } });
  }
}
