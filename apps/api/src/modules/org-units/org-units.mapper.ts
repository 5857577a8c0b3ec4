import type { ConnectionStatus, OrgLevel, TConnectionCounts, TConnectionEvent, TOrgUnit, TOrgUnitMove } from '@canteen/shared';
import type { ConnectionCountRow, OrgUnitRow } from './org-units.repository';

export function toOrgUnit(row: OrgUnitRow): TOrgUnit {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    level: row.level as OrgLevel,
    kind: row.kind,
    parentId: row.parentId,
    depth: row.depth,
    address: row.address,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    enrolment: row.enrolment,
    connectionStatus: row.connectionStatus as ConnectionStatus | null,
    connectedAt: row.connectedAt?.toISOString() ?? null,
    childCount: row._count.children,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The audit log's view of a unit: its own fields, not derived counts. */
export function auditSnapshot(row: OrgUnitRow) {
  const { _count: _ignored, ...rest } = row;
  return rest;
}

export function toConnectionCounts(row: ConnectionCountRow): TConnectionCounts {
  return {
    canteens: row.canteens,
    connected: row.connected,
    suspended: row.suspended,
    notConnected: row.canteens - row.connected - row.suspended,
    rate: row.canteens === 0 ? null : row.connected / row.canteens,
  };
}

type Names = { units: Map<string, string>; actors: Map<string, string> };

export function toMove(row: { id: string; fromParentId: string; toParentId: string; reason: string; actorId: string; createdAt: Date }, names: Names): TOrgUnitMove {
  return {
    id: row.id,
    fromParentId: row.fromParentId,
    toParentId: row.toParentId,
    fromParentName: names.units.get(row.fromParentId) ?? null,
    toParentName: names.units.get(row.toParentId) ?? null,
    reason: row.reason,
    actorId: row.actorId,
    actorName: names.actors.get(row.actorId) ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toConnectionEvent(row: { id: string; fromStatus: string; toStatus: string; reason: string | null; actorId: string | null; occurredAt: Date }, actors: Map<string, string>): TConnectionEvent {
  return {
    actorName: row.actorId ? (actors.get(row.actorId) ?? null) : null,
    id: row.id,
    fromStatus: row.fromStatus as ConnectionStatus,
    toStatus: row.toStatus as ConnectionStatus,
    reason: row.reason,
    occurredAt: row.occurredAt.toISOString(),
  };
}
