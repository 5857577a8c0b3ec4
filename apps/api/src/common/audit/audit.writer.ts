import { Injectable } from '@nestjs/common';
import type { Tx } from '@/common/prisma/prisma.service';
import type { Actor } from '@/common/tenancy/actor';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string;
  /** Path of the org unit the record belongs to: who may read the entry. */
  orgPath: string | null;
  before?: unknown;
  after?: unknown;
}

type AuditContext =
  | Pick<Actor, 'userId' | 'displayName' | 'ip' | 'requestId'>
  | { userId: null; displayName: null; ip: string | null; requestId: string | null };

/** Every write records itself here, in the same transaction as the change. */
@Injectable()
export class AuditWriter {
  async record(tx: Tx, who: AuditContext, entry: AuditEntry): Promise<void> {
    await this.recordMany(tx, who, [entry]);
  }

  /** Many entries in one statement (the warnings engine records a whole batch of alerts at once). */
  async recordMany(tx: Tx, who: AuditContext, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((entry) => ({
      entity: entry.entity,
      entityId: entry.entityId,
      action: entry.action,
      orgPath: entry.orgPath,
      before: entry.before ?? null,
      after: entry.after ?? null,
    }));
    await tx.$executeRaw`
      INSERT INTO audit_log (actor_id, actor_name, ip, request_id, action, entity, entity_id, org_path, before, after)
      SELECT ${who.userId}::uuid, ${who.displayName}, ${who.ip}, ${who.requestId}, e.action, e.entity, e."entityId", e."orgPath", e.before, e.after
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
             AS e(action text, entity text, "entityId" text, "orgPath" text, before jsonb, after jsonb)`;
  }
}
