import { Injectable } from '@nestjs/common';
import { type AlertSeverity, type AlertStatus, type NotificationKind, ROLES, hasPermission } from '@canteen/shared';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';

/**
 * An alert is visible where it happened (its subject) and where it is held (its responsible unit),
 * so after an escalation both levels see it.
 */
export const alertVisibleWhere = (scope: Scope): Prisma.AlertWhereInput => ({
  OR: [{ subjectPath: { startsWith: scope.path } }, { responsiblePath: { startsWith: scope.path } }],
});

const UNIT_REF = { select: { id: true, name: true, level: true } } as const;

export const ALERT_SUMMARY_SELECT = {
  id: true,
  code: true,
  ruleId: true,
  severity: true,
  status: true,
  titleZh: true,
  titleEn: true,
  summaryZh: true,
  summaryEn: true,
  subjectUnitId: true,
  subjectPath: true,
  responsibleUnitId: true,
  responsiblePath: true,
  occurrences: true,
  firstEventAt: true,
  lastEventAt: true,
  raisedAt: true,
  ackDueAt: true,
  handleDueAt: true,
  acknowledgedAt: true,
  handledAt: true,
  closedAt: true,
  escalationLevel: true,
  reopenedCount: true,
  subjectUnit: UNIT_REF,
  responsibleUnit: UNIT_REF,
} as const;
export type AlertSummaryRow = Prisma.AlertGetPayload<{ select: typeof ALERT_SUMMARY_SELECT }>;

export const ALERT_DETAIL_SELECT = {
  ...ALERT_SUMMARY_SELECT,
  detail: true,
  actions: {
    orderBy: { at: 'asc' },
    select: {
      id: true,
      kind: true,
      actorId: true,
      actorName: true,
      actingUnitId: true,
      fromUnitId: true,
      toUnitId: true,
      reason: true,
      note: true,
      evidenceFileIds: true,
      at: true,
    },
  },
} as const;
export type AlertDetailRow = Prisma.AlertGetPayload<{ select: typeof ALERT_DETAIL_SELECT }>;

const UNIT_SELECT = { id: true, name: true, level: true, path: true, parentId: true } as const;
export type AlertUnitRow = Prisma.OrgUnitGetPayload<{ select: typeof UNIT_SELECT }>;

/** The roles whose holders act on the alerts of their unit. */
export const HANDLER_ROLES = ROLES.filter((role) => hasPermission(role, 'alert:handle'));

export interface AlertFilter {
  severity?: AlertSeverity;
  ruleId?: string;
  status?: AlertStatus | 'open';
  /** Subtree of a unit already read in scope. */
  unitPath?: string;
  responsibleUnitId?: string;
  raisedFrom?: Date;
  raisedBefore?: Date;
}

export interface FoldInput {
  ruleId: string;
  dedupeKey: string;
  at: Date;
  severity: AlertSeverity;
  detail: Prisma.InputJsonValue;
}

export interface NewAlert extends FoldInput {
  id: string;
  code: string;
  subjectUnitId: string;
  subjectPath: string;
  responsibleUnitId: string;
  responsiblePath: string;
  titleZh: string;
  titleEn: string;
  summaryZh: string | null;
  summaryEn: string | null;
  raisedAt: Date;
  ackDueAt: Date;
  handleDueAt: Date;
}

export interface NewAction {
  alertId: string;
  kind: Prisma.AlertActionCreateManyInput['kind'];
  actorId: string | null;
  actorName: string | null;
  actingUnitId: string;
  fromUnitId?: string | null;
  toUnitId?: string | null;
  reason?: string | null;
  note?: string | null;
  evidenceFileIds?: string[];
  eventId?: string | null;
  at: Date;
}

export interface FoldedAlert {
  id: string;
  code: string;
  occurrences: number;
}

@Injectable()
export class AlertsRepository {
  constructor(readonly prisma: PrismaService) {}

  // ─── The engine (system scope rebuilt from the subject's path) ───

  /** Claims (event, rule) for this transaction; false when it was evaluated before. */
  async claimEvaluation(tx: Tx, eventId: string, ruleId: string): Promise<boolean> {
    const { count } = await tx.ruleEvaluation.createMany({ data: [{ eventId, ruleId }], skipDuplicates: true });
    return count === 1;
  }

  async recordOutcome(tx: Tx, eventId: string, ruleId: string, raised: number, folded: number): Promise<void> {
    await tx.ruleEvaluation.update({ where: { eventId_ruleId: { eventId, ruleId } }, data: { raised, folded } });
  }

  /** The units on a path (a subject and its ancestors), to find who is responsible. */
  unitsOnPath(scope: Scope, path: string): Promise<AlertUnitRow[]> {
    assertInScope(scope, path);
    return this.prisma.orgUnit.findMany({ where: { id: { in: path.split('/').filter(Boolean) }, ...scopeWhere(scope) }, select: UNIT_SELECT });
  }

  findUnit(scope: Scope, id: string): Promise<AlertUnitRow | null> {
    return this.prisma.orgUnit.findFirst({ where: { id, ...scopeWhere(scope) }, select: UNIT_SELECT });
  }

  /**
   * Folds a repeated condition into the open alert with the same key (the detail becomes the latest
   * facts, the severity the highest seen); null when there is none.
   */
  async foldInto(tx: Tx, scope: Scope, input: FoldInput): Promise<FoldedAlert | null> {
    const rows = await tx.$queryRaw<FoldedAlert[]>`
      UPDATE alert
         SET occurrences = occurrences + 1,
             last_event_at = GREATEST(last_event_at, ${input.at}),
             detail = ${JSON.stringify(input.detail)}::jsonb,
             severity = CASE WHEN ${input.severity} = 'critical' OR (${input.severity} = 'warning' AND severity = 'info') THEN ${input.severity} ELSE severity END,
             updated_at = now()
       WHERE rule_id = ${input.ruleId} AND dedupe_key = ${input.dedupeKey} AND status <> 'closed'
         AND subject_path LIKE ${`${scope.path}%`}
       RETURNING id, code, occurrences`;
    return rows[0] ?? null;
  }

  /** Raises a new alert; false when another transaction raised the same open one first (fold instead). */
  async insert(tx: Tx, scope: Scope, alert: NewAlert): Promise<boolean> {
    assertInScope(scope, alert.subjectPath);
    const inserted = await tx.$executeRaw`
      INSERT INTO alert (id, code, rule_id, severity, status, dedupe_key, subject_unit_id, subject_path, responsible_unit_id,
                         responsible_path, title_zh, title_en, summary_zh, summary_en, detail, occurrences, first_event_at,
                         last_event_at, raised_at, ack_due_at, handle_due_at, updated_at)
      VALUES (${alert.id}::uuid, ${alert.code}, ${alert.ruleId}, ${alert.severity}, 'raised', ${alert.dedupeKey},
              ${alert.subjectUnitId}::uuid, ${alert.subjectPath}, ${alert.responsibleUnitId}::uuid, ${alert.responsiblePath},
              ${alert.titleZh}, ${alert.titleEn}, ${alert.summaryZh}, ${alert.summaryEn}, ${JSON.stringify(alert.detail)}::jsonb, 1,
              ${alert.at}, ${alert.at}, ${alert.raisedAt}, ${alert.ackDueAt}, ${alert.handleDueAt}, now())
      ON CONFLICT (rule_id, dedupe_key) WHERE status <> 'closed' DO NOTHING`;
    return inserted === 1;
  }

  async addAction(tx: Tx, scope: Scope, alertPath: string, action: NewAction): Promise<void> {
    assertInScope(scope, alertPath);
    await tx.alertAction.create({ data: { ...action, evidenceFileIds: action.evidenceFileIds ?? [] } });
  }

  /** Active accounts at a unit that may act on its alerts. */
  handlersAt(scope: Scope, unitId: string, tx: Tx = this.prisma): Promise<{ id: string }[]> {
    return tx.user.findMany({
      where: { orgUnitId: unitId, role: { in: HANDLER_ROLES }, disabledAt: null, orgUnit: scopeWhere(scope) },
      select: { id: true },
    });
  }

  async notify(tx: Tx, scope: Scope, alertPath: string, alertId: string, kind: NotificationKind, userIds: string[]): Promise<void> {
    assertInScope(scope, alertPath);
    if (userIds.length === 0) return;
    await tx.notification.createMany({ data: userIds.map((userId) => ({ userId, alertId, kind })) });
  }

  // ─── Escalation ───

  /** Open alerts past their acknowledgement or handling time, below the province. */
  dueForEscalation(scope: Scope, now: Date, limit: number): Promise<AlertSummaryRow[]> {
    return this.prisma.alert.findMany({
      where: {
        AND: [
          alertVisibleWhere(scope),
          { OR: [{ status: 'raised', ackDueAt: { lte: now } }, { status: 'acknowledged', handleDueAt: { lte: now } }] },
          { responsibleUnit: { level: { not: 'province' } } },
        ],
      },
      orderBy: { raisedAt: 'asc' },
      take: limit,
      select: ALERT_SUMMARY_SELECT,
    });
  }

  // ─── People's actions ───

  list(scope: Scope, filter: AlertFilter, page: number, pageSize: number): Promise<[AlertSummaryRow[], number]> {
    const where: Prisma.AlertWhereInput = { AND: [alertVisibleWhere(scope), ...this.filters(filter)] };
    return Promise.all([
      this.prisma.alert.findMany({ where, orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize, select: ALERT_SUMMARY_SELECT }),
      this.prisma.alert.count({ where }),
    ]);
  }

  findSummary(scope: Scope, id: string, tx: Tx = this.prisma): Promise<AlertSummaryRow | null> {
    return tx.alert.findFirst({ where: { id, AND: [alertVisibleWhere(scope)] }, select: ALERT_SUMMARY_SELECT });
  }

  findDetail(scope: Scope, id: string): Promise<AlertDetailRow | null> {
    return this.prisma.alert.findFirst({ where: { id, AND: [alertVisibleWhere(scope)] }, select: ALERT_DETAIL_SELECT });
  }

  /**
   * Moves an alert on only if it is still as the caller read it (status, holder), so two people
   * acting at once cannot both succeed. Returns whether it did.
   */
  async transition(
    tx: Tx,
    scope: Scope,
    id: string,
    expected: { status: AlertStatus; responsibleUnitId: string; where?: Prisma.AlertWhereInput },
    data: Prisma.AlertUncheckedUpdateManyInput,
  ): Promise<boolean> {
    const { count } = await tx.alert.updateMany({
      where: { id, status: expected.status, responsibleUnitId: expected.responsibleUnitId, AND: [alertVisibleWhere(scope), expected.where ?? {}] },
      data,
    });
    return count === 1;
  }

  /**
   * Names of the units an alert refers to. They all lie on its subject's path (escalation climbs
   * it), so a unit the alert moved to above the asker's subtree still has its name shown.
   */
  unitNamesOnPath(subjectPath: string, ids: string[]): Promise<{ id: string; name: string; level: string }[]> {
    const onPath = ids.filter((id) => subjectPath.includes(`/${id}/`));
    if (onPath.length === 0) return Promise.resolve([]);
    return this.prisma.orgUnit.findMany({ where: { id: { in: onPath } }, select: { id: true, name: true, level: true } });
  }

  /** Names, types and uploaders of files that an alert read in scope refers to. */
  findFiles(ids: string[]): Promise<{ id: string; originalName: string; contentType: string; sizeBytes: number; uploadedById: string | null }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.prisma.storedFile.findMany({ where: { id: { in: ids } }, select: { id: true, originalName: true, contentType: true, sizeBytes: true, uploadedById: true } });
  }

  /** The accounts (of the responsible unit, in scope) that uploaded evidence files. */
  usersAt(scope: Scope, unitId: string, ids: string[]): Promise<{ id: string }[]> {
    return this.prisma.user.findMany({ where: { id: { in: ids }, orgUnitId: unitId, orgUnit: scopeWhere(scope) }, select: { id: true } });
  }

  private filters(filter: AlertFilter): Prisma.AlertWhereInput[] {
    const and: Prisma.AlertWhereInput[] = [];
    if (filter.unitPath) and.push({ OR: [{ subjectPath: { startsWith: filter.unitPath } }, { responsiblePath: { startsWith: filter.unitPath } }] });
    if (filter.status === 'open') and.push({ status: { not: 'closed' } });
    else if (filter.status) and.push({ status: filter.status });
    if (filter.severity) and.push({ severity: filter.severity });
    if (filter.ruleId) and.push({ ruleId: filter.ruleId });
    if (filter.responsibleUnitId) and.push({ responsibleUnitId: filter.responsibleUnitId });
    if (filter.raisedFrom) and.push({ raisedAt: { gte: filter.raisedFrom } });
    if (filter.raisedBefore) and.push({ raisedAt: { lt: filter.raisedBefore } });
    return and;
  }
}
