import { Injectable } from '@nestjs/common';
import type { Prisma, Tx } from '@/common/prisma/prisma.service';

/**
 * Domain events go into the outbox table in the same transaction as the change they announce;
 * the worker relays them to BullMQ, so a committed change never loses its event.
 */
@Injectable()
export class OutboxWriter {
  async emit(tx: Tx, type: string, payload: Prisma.InputJsonValue, orgPath: string | null): Promise<void> {
    await tx.outboxEvent.create({ data: { type, payload, orgPath } });
  }
}
