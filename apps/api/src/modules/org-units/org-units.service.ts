import { Injectable } from '@nestjs/common';
import {
  ORG_KINDS,
  type OrgLevel,
  type TChangeConnection,
  type TConnectionEvent,
  type TConnectionRate,
  type TConnectionTrend,
  addDays,
  shanghaiDay,
  type TCreateOrgUnit,
  type TMoveOrgUnit,
  type TOrgUnit,
  type TOrgUnitDetail,
  type TOrgUnitMove,
  type TOrgUnitQuery,
  type TPage,
  type TUpdateOrgUnit,
  childLevel,
} from '@canteen/shared';
import { randomUUID } from 'node:crypto';
import { AuditWriter } from '@/common/audit/audit.writer';
import { badRequest, forbidden, notFound } from '@/common/http/app-error';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { auditSnapshot, toConnectionCounts, toConnectionEvent, toMove, toOrgUnit } from './org-units.mapper';
import { type OrgUnitRow, OrgUnitsRepository } from './org-units.repository';

const kindAllowed = (level: OrgLevel, kind: string) => (ORG_KINDS[level] as readonly string[]).includes(kind);

@Injectable()
export class OrgUnitsService {
  constructor(
    private readonly repository: OrgUnitsRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async list(actor: Actor, query: TOrgUnitQuery): Promise<TPage<TOrgUnit>> {
    const scope = requireAccess(actor, 'org:read');
    if (query.parentId) await this.findOrThrow(scope, query.parentId);
    const { rows, total } = await this.repository.list(scope, query);
    return { items: rows.map(toOrgUnit), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string): Promise<TOrgUnitDetail> {
    const scope = requireAccess(actor, 'org:read');
    const unit = await this.findOrThrow(scope, id);
    const ancestorIds = unit.path.split('/').filter((part) => part && part !== unit.id);
    const names = new Map((await this.repository.findNames(ancestorIds)).map((a) => [a.id, a]));
    const ancestors = ancestorIds.flatMap((ancestorId) => {
      const a = names.get(ancestorId);
      return a ? [{ id: a.id, name: a.name, level: a.level as OrgLevel }] : [];
    });
    return { ...toOrgUnit(unit), ancestors };
  }

  async create(actor: Actor, body: TCreateOrgUnit): Promise<TOrgUnit> {
    const scope = requireAccess(actor, 'org:write');
    const parent = await this.findOrThrow(scope, body.parentId);
    const level = childLevel(parent.level as OrgLevel);
    if (!level) throw badRequest('NO_CHILD_LEVEL', '食堂下不能再建下级单位', 'A canteen has no child units');
    if (!kindAllowed(level, body.kind)) {
      throw badRequest('KIND_NOT_ALLOWED', `类型 ${body.kind} 不适用于该层级`, `Kind ${body.kind} does not fit level ${level}`);
    }
    const id = randomUUID();
    return this.repository.prisma.$transaction(async (tx) => {
      const unit = await this.repository.create(tx, scope, {
        id,
        parentId: parent.id,
        path: `${parent.path}${id}/`,
        depth: parent.depth + 1,
        level,
        code: body.code,
        name: body.name,
        kind: body.kind,
        address: body.address ?? null,
        contactName: body.contactName ?? null,
        contactPhone: body.contactPhone ?? null,
        enrolment: body.enrolment ?? null,
        connectionStatus: level === 'canteen' ? 'not_connected' : null,
      });
      await this.audit.record(tx, actor, { action: 'create', entity: 'org_unit', entityId: id, orgPath: unit.path, after: auditSnapshot(unit) });
      return toOrgUnit(unit);
    });
  }

  async update(actor: Actor, id: string, body: TUpdateOrgUnit): Promise<TOrgUnit> {
    const scope = requireAccess(actor, 'org:write');
    const unit = await this.findBelowOrThrow(scope, id);
    if (body.kind && !kindAllowed(unit.level as OrgLevel, body.kind)) {
      throw badRequest('KIND_NOT_ALLOWED', `类型 ${body.kind} 不适用于该层级`, `Kind ${body.kind} does not fit level ${unit.level}`);
    }
    return this.repository.prisma.$transaction(async (tx) => {
      const updated = await this.repository.update(tx, scope, id, body);
      await this.audit.record(tx, actor, { action: 'update', entity: 'org_unit', entityId: id, orgPath: unit.path, before: auditSnapshot(unit), after: auditSnapshot(updated) });
      return toOrgUnit(updated);
    });
  }

  /** Moving a unit (e.g. a school to another county) is a recorded operation with a reason. */
  async move(actor: Actor, id: string, body: TMoveOrgUnit): Promise<TOrgUnitMove> {
    const scope = requireAccess(actor, 'org:move');
    const unit = await this.findBelowOrThrow(scope, id);
    const newParent = await this.findOrThrow(scope, body.newParentId);
    if (newParent.id === unit.parentId) {
      throw badRequest('SAME_PARENT', '新的上级单位与当前相同', 'The unit is already under that parent');
    }
    if (newParent.path.startsWith(unit.path)) {
      throw badRequest('MOVE_INTO_ITSELF', '不能移动到自身或其下级单位之下', 'A unit cannot move under itself');
    }
    if (childLevel(newParent.level as OrgLevel) !== unit.level) {
      throw badRequest('LEVEL_MISMATCH', '新的上级单位层级不符', 'The new parent is not of the level above this unit');
    }
    return this.repository.prisma.$transaction(async (tx) => {
      const { move, moved } = await this.repository.moveSubtree(tx, scope, unit, newParent, actor.userId, body.reason);
      await this.audit.record(tx, actor, {
        action: 'move',
        entity: 'org_unit',
        entityId: unit.id,
        orgPath: move.toPath,
        before: { parentId: unit.parentId, path: unit.path },
        after: { parentId: newParent.id, path: move.toPath, unitsMoved: moved, reason: body.reason },
      });
      return toMove(move, { units: new Map([[unit.parentId!, ''], [newParent.id, newParent.name]]), actors: new Map([[actor.userId, actor.displayName]]) });
    });
  }

  async moves(actor: Actor, id: string): Promise<TOrgUnitMove[]> {
    const scope = requireAccess(actor, 'org:read');
    await this.findOrThrow(scope, id);
    const moves = await this.repository.listMoves(scope, id);
    const units = await this.repository.findNames([...new Set(moves.flatMap((m) => [m.fromParentId, m.toParentId]))]);
    const actors = await this.repository.findActorNames([...new Set(moves.map((m) => m.actorId))]);
    return moves.map((move) => toMove(move, { units: new Map(units.map((u) => [u.id, u.name])), actors }));
  }

  async changeConnection(actor: Actor, id: string, body: TChangeConnection): Promise<TOrgUnit> {
    const scope = requireAccess(actor, 'org:connection');
    const unit = await this.findOrThrow(scope, id);
    if (unit.level !== 'canteen') {
      throw badRequest('NOT_A_CANTEEN', '只有食堂有接入状态', 'Only canteens have a connection status');
    }
    if (unit.connectionStatus === body.status) {
      throw badRequest('STATUS_UNCHANGED', '接入状态未改变', 'The canteen already has that status');
    }
    return this.repository.prisma.$transaction(async (tx) => {
      const { event, updated } = await this.repository.changeConnection(tx, scope, unit, body.status, body.reason, actor.userId);
      await this.audit.record(tx, actor, {
        action: 'connection.change',
        entity: 'org_unit',
        entityId: unit.id,
        orgPath: unit.path,
        before: { connectionStatus: unit.connectionStatus },
        after: { connectionStatus: body.status, reason: body.reason },
      });
      await this.outbox.emit(tx, 'org.connection-changed', { canteenId: unit.id, eventId: event.id, status: body.status }, unit.path);
      return toOrgUnit(updated);
    });
  }

  async connectionEvents(actor: Actor, id: string): Promise<TConnectionEvent[]> {
    const scope = requireAccess(actor, 'org:read');
    await this.findOrThrow(scope, id);
    const events = await this.repository.listConnectionEvents(scope, id);
    const actors = await this.repository.findActorNames([...new Set(events.flatMap((e) => (e.actorId ? [e.actorId] : [])))]);
    return events.map((event) => toConnectionEvent(event, actors));
  }

  async connectionRate(actor: Actor, id: string): Promise<TConnectionRate> {
    const scope = requireAccess(actor, 'org:read');
    const unit = await this.findOrThrow(scope, id);
    const rows = await this.repository.countConnections(scope, unit);
    const own = rows.find((row) => row.id === unit.id);
    if (!own) throw notFound();
    return {
      unit: { id: unit.id, name: unit.name, level: unit.level as OrgLevel },
      total: toConnectionCounts(own),
      children: rows.filter((row) => row.id !== unit.id).map((row) => ({ id: row.id, name: row.name, level: row.level, ...toConnectionCounts(row) })),
    };
  }

  /** Daily connection counts of a unit over the last `days` days (Asia/Shanghai), oldest first. */
  async connectionTrend(actor: Actor, id: string, days: number): Promise<TConnectionTrend> {
    const scope = requireAccess(actor, 'org:read');
    await this.findOrThrow(scope, id);
    const rows = await this.repository.listSnapshots(scope, id, addDays(shanghaiDay(), -(days - 1)));
    return rows.map((row) => ({
      day: row.day.toISOString().slice(0, 10),
      total: row.total,
      connected: row.connected,
      suspended: row.suspended,
      rate: row.total === 0 ? null : row.connected / row.total,
    }));
  }

  private async findOrThrow(scope: Scope, id: string): Promise<OrgUnitRow> {
    const unit = await this.repository.findById(scope, id);
    if (!unit) throw notFound('未找到该单位', 'Org unit not found');
    return unit;
  }

  /** Admins change the units below them, never their own unit or its ancestors. */
  private async findBelowOrThrow(scope: Scope, id: string): Promise<OrgUnitRow> {
    const unit = await this.findOrThrow(scope, id);
    if (unit.path === scope.path) {
      throw forbidden('不能修改本级单位，请联系上级管理员', 'Your own unit is changed by the level above');
    }
    return unit;
  }
}
