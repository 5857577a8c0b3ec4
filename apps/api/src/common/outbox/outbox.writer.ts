import { Injectable } from '@nestjs/common';
import type { Prisma, Tx } from '@/common/prisma/prisma.service';

/**
 * Domain events go into the outbox table in the same transaction as the change they announce;
 * the worker relays them to BullMQ, so a committed change never loses its event.
 */
@Injectable()
export class OutboxWriter {
  async emit(tx: Tx, type: string, payload: Prisma.InputJsonValue, orgPath: string | null): Promise<void> {
    await this.emitMany(tx, type, [payload], orgPath);
  }

  /** Several events of one type and unit in one statement (a stock-out books many movements at once). */
  async emitMany(tx: Tx, type: string, payloads: Prisma.InputJsonValue[], orgPath: string | null): Promise<void> {
    if (payloads.length === 0) return;
    await tx.$executeRaw`
      INSERT INTO outbox_event (id, type, payload, org_path)
      SELECT gen_random_uuid(), ${type}, p, ${orgPath} FROM jsonb_array_elements(${JSON.stringify(payloads)}::jsonb) AS p`;
  }
}
