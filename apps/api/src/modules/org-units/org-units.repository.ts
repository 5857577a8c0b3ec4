import { Injectable } from '@nestjs/common';
import type { ConnectionStatus, OrgLevel, TOrgUnitQuery } from '@canteen/shared';
import { Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';

export const ORG_UNIT_SELECT = {
  id: true,
  code: true,
  name: true,
  level: true,
  kind: true,
  parentId: true,
  path: true,
  depth: true,
  address: true,
  contactName: true,
  contactPhone: true,
  enrolment: true,
  connectionStatus: true,
  connectedAt: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { children: true } },
} as const;
export type OrgUnitRow = Prisma.OrgUnitGetPayload<{ select: typeof ORG_UNIT_SELECT }>;

export interface ConnectionCountRow {
  id: string;
  name: string;
  level: OrgLevel;
  canteens: number;
  connected: number;
  suspended: number;
}

@Injectable()
export class OrgUnitsRepository {
  constructor(readonly prisma: PrismaService) {}

  findById(scope: Scope, id: string, tx: Tx = this.prisma): Promise<OrgUnitRow | null> {
    return tx.orgUnit.findFirst({ where: { id, ...scopeWhere(scope) }, select: ORG_UNIT_SELECT });
  }

  /** Ancestors are named in breadcrumbs; their names are not the subtree's data. */
  findNames(ids: string[]) {
    return this.prisma.orgUnit.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, level: true } });
  }

  /** Who did a recorded operation, named as the audit log names them. */
  async findActorNames(ids: string[]): Promise<Map<string, string>> {
    const users = await this.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  async list(scope: Scope, query: TOrgUnitQuery): Promise<{ rows: OrgUnitRow[]; total: number }> {
    const where: Prisma.OrgUnitWhereInput = {
      ...scopeWhere(scope),
      ...(query.parentId ? { parentId: query.parentId } : {}),
      ...(query.level ? { level: query.level } : {}),
      ...(query.q ? { OR: [{ name: { contains: query.q } }, { code: { contains: query.q } }] } : {}),
    };
    // Prisma's `_count` on a list aggregates the whole table; count only this page's children.
    const { _count: _ignored, ...pageSelect } = ORG_UNIT_SELECT;
    const [page, total] = await Promise.all([
      this.prisma.orgUnit.findMany({
        where,
        select: pageSelect,
        orderBy: [{ depth: 'asc' }, { code: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.prisma.orgUnit.count({ where }),
    ]);
    const counts = await this.prisma.orgUnit.groupBy({
      by: ['parentId'],
      where: { parentId: { in: page.map((row) => row.id) } },
      _count: { _all: true },
    });
    const children = new Map(counts.map((c) => [c.parentId, c._count._all]));
    const rows = page.map((row) => ({ ...row, _count: { children: children.get(row.id) ?? 0 } }));
    return { rows, total };
  }

  create(tx: Tx, scope: Scope, data: Prisma.OrgUnitUncheckedCreateInput & { path: string }): Promise<OrgUnitRow> {
    assertInScope(scope, data.path);
    return tx.orgUnit.create({ data, select: ORG_UNIT_SELECT });
  }

  update(tx: Tx, scope: Scope, id: string, data: Prisma.OrgUnitUpdateInput): Promise<OrgUnitRow> {
    return tx.orgUnit.update({ where: { id, AND: [scopeWhere(scope)] }, data, select: ORG_UNIT_SELECT });
  }

  /** Re-roots a whole subtree: every descendant's path and depth follow the moved unit. */
  async moveSubtree(tx: Tx, scope: Scope, unit: OrgUnitRow, newParent: OrgUnitRow, actorId: string, reason: string) {
    const newPath = `${newParent.path}${unit.id}/`;
    const depthDelta = newParent.depth + 1 - unit.depth;
    const moved = await tx.$executeRaw`
      UPDATE org_unit
         SET path = ${newPath} || substring(path from ${unit.path.length + 1}::int),
             depth = depth + ${depthDelta},
             parent_id = CASE WHEN id = ${unit.id}::uuid THEN ${newParent.id}::uuid ELSE parent_id END,
             updated_at = now()
       WHERE path LIKE ${`${unit.path}%`} AND path LIKE ${`${scope.path}%`}`;
    const move = await tx.orgUnitMove.create({
      data: { orgUnitId: unit.id, fromParentId: unit.parentId!, toParentId: newParent.id, fromPath: unit.path, toPath: newPath, reason, actorId },
    });
    return { move, moved };
  }

  listMoves(scope: Scope, id: string) {
    return this.prisma.orgUnitMove.findMany({
      where: { orgUnitId: id, orgUnit: scopeWhere(scope) },
      orderBy: { createdAt: 'desc' },
    });
  }

  async changeConnection(tx: Tx, scope: Scope, unit: OrgUnitRow, status: ConnectionStatus, reason: string, actorId: string) {
    assertInScope(scope, unit.path);
    const event = await tx.connectionEvent.create({
      data: { canteenId: unit.id, fromStatus: unit.connectionStatus ?? 'not_connected', toStatus: status, reason, actorId },
    });
    const updated = await this.update(tx, scope, unit.id, {
      connectionStatus: status,
      ...(status === 'connected' ? { connectedAt: event.occurredAt } : {}),
    });
    return { event, updated };
  }

  listConnectionEvents(scope: Scope, id: string) {
    return this.prisma.connectionEvent.findMany({
      where: { canteenId: id, canteen: scopeWhere(scope) },
      orderBy: { occurredAt: 'desc' },
    });
  }

  /**
   * Canteen counts by status for each child of a unit, and for the unit itself as the last row.
   * One range scan of the unit's subtree (a constant prefix, so the path index applies); each
   * canteen is counted under the path segment after the unit's own, which is the child it lies in.
   */
  countConnections(scope: Scope, unit: OrgUnitRow): Promise<ConnectionCountRow[]> {
    return this.prisma.$queryRaw<ConnectionCountRow[]>`
      WITH counts AS (
        SELECT split_part(substr(k.path, ${unit.path.length + 1}::int), '/', 1) AS child_id,
               count(*)::int AS canteens,
               (count(*) FILTER (WHERE k.connection_status = 'connected'))::int AS connected,
               (count(*) FILTER (WHERE k.connection_status = 'suspended'))::int AS suspended
          FROM org_unit k
         WHERE k.path LIKE ${`${unit.path}%`} AND k.path LIKE ${`${scope.path}%`} AND k.level = 'canteen'
         GROUP BY 1
      )
      SELECT id, name, level, canteens, connected, suspended FROM (
        SELECT u.id, u.name, u.level, u.code, 0 AS ord,
               coalesce(c.canteens, 0) AS canteens, coalesce(c.connected, 0) AS connected, coalesce(c.suspended, 0) AS suspended
          FROM org_unit u LEFT JOIN counts c ON c.child_id = u.id::text
         WHERE u.parent_id = ${unit.id}::uuid AND u.path LIKE ${`${scope.path}%`}
        UNION ALL
        SELECT u.id, u.name, u.level, u.code, 1,
               coalesce((SELECT sum(canteens) FROM counts), 0)::int,
               coalesce((SELECT sum(connected) FROM counts), 0)::int,
               coalesce((SELECT sum(suspended) FROM counts), 0)::int
          FROM org_unit u WHERE u.id = ${unit.id}::uuid AND u.path LIKE ${`${scope.path}%`}
      ) r
      ORDER BY ord, code`;
  }

  /**
   * Writes a day's 接入 counts for the non-canteen units in the scope (or only `unitIds`), from
   * the connection history as it stood at the end of that day in Asia/Shanghai: derived data, so
   * re-running a day, or back-filling one, gives the same rows.
   */
  writeSnapshots(scope: Scope, day: string, unitIds: string[] | null): Promise<number> {
    const only = unitIds ?? [];
    // Each canteen counts under every id on its own path: an equality join, not a LIKE per pair.
    return this.prisma.$executeRaw`
      WITH canteen AS (
        SELECT k.path,
               COALESCE((SELECT e.to_status FROM connection_event e
                          WHERE e.canteen_id = k.id
                            AND e.occurred_at < ((${day}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
                          ORDER BY e.occurred_at DESC LIMIT 1), 'not_connected') AS status
          FROM org_unit k
         WHERE k.level = 'canteen' AND k.path LIKE ${`${scope.path}%`}
      ), under AS (
        SELECT a.id AS unit_id, c.status
          FROM canteen c, unnest(string_to_array(trim(both '/' from c.path), '/')) AS a(id)
         WHERE ${unitIds === null} OR a.id = ANY(${only}::text[])
      )
      INSERT INTO connection_snapshot (org_unit_id, day, total, connected, suspended)
      SELECT m.id, ${day}::date,
             count(u.unit_id)::int,
             (count(u.unit_id) FILTER (WHERE u.status = 'connected'))::int,
             (count(u.unit_id) FILTER (WHERE u.status = 'suspended'))::int
        FROM org_unit m
        LEFT JOIN under u ON u.unit_id = m.id::text
       WHERE m.level <> 'canteen' AND m.path LIKE ${`${scope.path}%`}
         AND (${unitIds === null} OR m.id = ANY(${only}::uuid[]))
       GROUP BY m.id
      ON CONFLICT (org_unit_id, day) DO UPDATE
         SET total = EXCLUDED.total, connected = EXCLUDED.connected, suspended = EXCLUDED.suspended`;
  }

  listSnapshots(scope: Scope, id: string, fromDay: string) {
    return this.prisma.$queryRaw<{ day: Date; total: number; connected: number; suspended: number }[]>`
      SELECT s.day, s.total, s.connected, s.suspended
        FROM connection_snapshot s JOIN org_unit u ON u.id = s.org_unit_id
       WHERE s.org_unit_id = ${id}::uuid AND u.path LIKE ${`${scope.path}%`} AND s.day >= ${fromDay}::date
       ORDER BY s.day`;
  }
}
