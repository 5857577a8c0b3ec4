import { Injectable } from '@nestjs/common';
import type { TAuditQuery } from '@canteen/shared';
import { Prisma, PrismaService } from '@/common/prisma/prisma.service';
import { type Scope, scopeWhereOrgPath } from '@/common/tenancy/scope';

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** `unitPath` narrows to one unit's subtree inside the scope. */
  async list(scope: Scope, query: TAuditQuery, unitPath?: string) {
    const where: Prisma.AuditLogWhereInput = {
      AND: [
        scopeWhereOrgPath(scope),
        unitPath ? { orgPath: { startsWith: unitPath } } : {},
        query.entity ? { entity: query.entity } : {},
        query.action ? { action: query.action } : {},
        query.entityId ? { entityId: query.entityId } : {},
        query.actorId ? { actorId: query.actorId } : {},
        query.from || query.to
          ? { at: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) } }
          : {},
      ],
    };
    const [rows, total] = await Promise.all([
      this.prisma.auditLog.findMany({
        where,
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.prisma.auditLog.count({ where }),
    ]);
    return { rows, total };
  }
}
