import { Injectable } from '@nestjs/common';
import type { TAuditEntry, TAuditQuery, TPage } from '@canteen/shared';
import { notFound } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { requireAccess } from '@/common/tenancy/scope';
import { OrgUnitsRepository } from '@/modules/org-units/org-units.repository';
import { AuditRepository } from './audit.repository';

@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly orgUnits: OrgUnitsRepository,
  ) {}

  async list(actor: Actor, query: TAuditQuery): Promise<TPage<TAuditEntry>> {
    const scope = requireAccess(actor, 'audit:read');
    let unitPath: string | undefined;
    if (query.orgUnitId) {
      const unit = await this.orgUnits.findById(scope, query.orgUnitId);
      if (!unit) throw notFound('未找到该单位', 'Org unit not found');
      unitPath = unit.path;
    }
    const { rows, total } = await this.repository.list(scope, query, unitPath);
    return {
      items: rows.map((row) => ({
        id: row.id.toString(),
        at: row.at.toISOString(),
        actorId: row.actorId,
        actorName: row.actorName,
        ip: row.ip,
        requestId: row.requestId,
        action: row.action,
        entity: row.entity,
        entityId: row.entityId,
        before: row.before,
        after: row.after,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
