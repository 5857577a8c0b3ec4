import { Injectable } from '@nestjs/common';
import type { Prisma } from '@/common/prisma/prisma.service';
import { type Db, query, statement } from '@/common/prisma/sql';

const INSERT_EVENTS = statement(
  'outbox_insert_events',
  `INSERT INTO outbox_event (id, type, payload, org_path)
   SELECT gen_random_uuid(), $1::text, p, $2::text FROM jsonb_array_elements($3::jsonb) AS p`,
);

/**
 * Domain events go into the outbox table in the same transaction as the change they announce;
 * the worker relays them to BullMQ, so a committed change never loses its event.
 */
@Injectable()
export class OutboxWriter {
  async emit(tx: Db, type: string, payload: Prisma.InputJsonValue, orgPath: string | null): Promise<void> {
    await this.emitMany(tx, type, [payload], orgPath);
  }

  /** Several events of one type and unit in one statement (a stock-out books many movements at once). */
  async emitMany(tx: Db, type: string, payloads: Prisma.InputJsonValue[], orgPath: string | null): Promise<void> {
    if (payloads.length === 0) return;
    await query(tx, INSERT_EVENTS, [type, orgPath, JSON.stringify(payloads)]);
  }
}
