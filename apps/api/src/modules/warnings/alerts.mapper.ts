import type {
  AlertActionKind,
  AlertSeverity,
  AlertStatus,
  EscalationReason,
  TAlertDetail,
  TAlertFile,
  TAlertSummary,
  TUnitRef,
} from '@canteen/shared';
import type { Actor } from '@/common/tenancy/actor';
import { alertPermissions } from './alert-policy';
import type { AlertDetailRow, AlertSummaryRow } from './alerts.repository';
import { findRule } from './rule-catalogue';

const iso = (date: Date | null) => date?.toISOString() ?? null;

function overdue(row: AlertSummaryRow, now: Date): TAlertSummary['overdue'] {
  if (row.status === 'raised' && row.ackDueAt <= now) return 'ack';
  if (row.status === 'acknowledged' && row.handleDueAt <= now) return 'handle';
  return null;
}

export function toAlertSummary(row: AlertSummaryRow, actor: Actor, now: Date): TAlertSummary {
  const rule = findRule(row.ruleId);
  return {
    id: row.id,
    code: row.code,
    // A rule taken out of the catalogue leaves its alerts readable under its id.
    rule: { id: row.ruleId, name: rule?.name ?? { zh: row.ruleId, en: row.ruleId } },
    severity: row.severity as AlertSeverity,
    status: row.status as AlertStatus,
    title: { zh: row.titleZh, en: row.titleEn },
    summary: row.summaryZh !== null && row.summaryEn !== null ? { zh: row.summaryZh, en: row.summaryEn } : null,
    subjectUnit: { id: row.subjectUnit.id, name: row.subjectUnit.name, level: row.subjectUnit.level, parentName: row.subjectUnit.parent?.name ?? null },
    responsibleUnit: row.responsibleUnit,
    occurrences: row.occurrences,
    firstEventAt: row.firstEventAt.toISOString(),
    lastEventAt: row.lastEventAt.toISOString(),
    raisedAt: row.raisedAt.toISOString(),
    ackDueAt: row.ackDueAt.toISOString(),
    handleDueAt: row.handleDueAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    handledAt: iso(row.handledAt),
    closedAt: iso(row.closedAt),
    escalationLevel: row.escalationLevel,
    reopenedCount: row.reopenedCount,
    overdue: overdue(row, now),
    can: alertPermissions(actor, row),
  };
}

export interface DetailRefs {
  units: Map<string, TUnitRef>;
  files: Map<string, TAlertFile>;
}

export function toAlertDetail(row: AlertDetailRow, actor: Actor, now: Date, refs: DetailRefs): TAlertDetail {
  const unit = (id: string | null): TUnitRef | null => (id ? (refs.units.get(id) ?? { id, name: '—', level: '' }) : null);
  const filesOf = (ids: string[]) => ids.flatMap((id) => (refs.files.has(id) ? [refs.files.get(id)!] : []));
  const actions = row.actions.map((action) => ({
    id: action.id,
    kind: action.kind as AlertActionKind,
    actor: action.actorId ? { id: action.actorId, name: action.actorName ?? '—' } : null,
    actingUnit: unit(action.actingUnitId)!,
    fromUnit: unit(action.fromUnitId),
    toUnit: unit(action.toUnitId),
    reason: action.reason as EscalationReason | null,
    note: action.note,
    evidence: filesOf(action.evidenceFileIds),
    at: action.at.toISOString(),
  }));
  return {
    ...toAlertSummary(row, actor, now),
    detail: (row.detail ?? {}) as Record<string, unknown>,
    actions,
    evidence: actions.flatMap((action) => action.evidence),
  };
}

/** Every unit and file an alert's actions refer to. */
export function detailReferences(row: AlertDetailRow): { unitIds: string[]; fileIds: string[] } {
  const unitIds = new Set<string>();
  for (const action of row.actions) for (const id of [action.actingUnitId, action.fromUnitId, action.toUnitId]) if (id) unitIds.add(id);
  return { unitIds: [...unitIds], fileIds: [...new Set(row.actions.flatMap((action) => action.evidenceFileIds))] };
}
