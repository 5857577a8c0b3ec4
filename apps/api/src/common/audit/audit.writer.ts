import { Injectable } from '@nestjs/common';
import type { Prisma, Tx } from '@/common/prisma/prisma.service';
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

const toJson = (value: unknown) =>
  value === undefined || value === null
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);

/** Every write records itself here, in the same transaction as the change. */
@Injectable()
export class AuditWriter {
  async record(tx: Tx, who: AuditContext, entry: AuditEntry): Promise<void> {
    await this.recordMany(tx, who, [entry]);
  }

  async recordMany(tx: Tx, who: AuditContext, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await tx.auditLog.createMany({
      data: entries.map((entry) => ({
        actorId: who.userId,
        actorName: who.displayName,
        ip: who.ip,
        requestId: who.requestId,
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId,
        orgPath: entry.orgPath,
        before: toJson(entry.before),
        after: toJson(entry.after),
      })),
    });
  }
}
