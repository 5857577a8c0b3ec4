import { Injectable } from '@nestjs/common';
import {
  ALERT_SEVERITIES,
  type AlertSeverity,
  type AlertStatus,
  type NotificationKind,
  ROLES,
  hasPermission,
} from '@canteen/shared';
import { Prisma } from '@/generated/prisma/client';
import { PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';

/**
 * An alert is visible where it happened (its subject) and where it is held (its responsible unit),
 * so after an escalation both levels see it.
 */
export const alertVisibleWhere = (scope: Scope): Prisma.AlertWhereInput => ({
  OR: [
    { subjectPath: { startsWith: scope.path } },
    { responsiblePath: { startsWith: scope.path } },
  ],
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
  subjectUnit: { select: { id: true, name: true, level: true, parent: { select: { name: true } } } },
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

/** Conditions of one rule and key in a batch: they fold into one alert. */
export interface FoldGroup {
  ruleId: string;
  dedupeKey: string;
  subjectPath: string;
  count: number;
  lastAt: Date;
  severity: AlertSeverity;
  /** When the group's severity, counted from now, makes the alert due (applied only if it raises the alert's severity). */
  ackDueAt: Date;
  handleDueAt: Date;
  detail: unknown;
}

export interface NewAlert {
  id: string;
  code: string;
  ruleId: string;
  severity: AlertSeverity;
  dedupeKey: string;
  subjectUnitId: string;
  subjectPath: string;
  responsibleUnitId: string;
  responsiblePath: string;
  titleZh: string;
  titleEn: string;
  summaryZh: string | null;
  summaryEn: string | null;
  detail: unknown;
  occurrences: number;
  firstAt: Date;
  lastAt: Date;
  raisedAt: Date;
  ackDueAt: Date;
  handleDueAt: Date;
}

export const evaluationKey = (eventId: string, ruleId: string) => `${eventId}\u0000${ruleId}`;
export const alertKey = (ruleId: string, dedupeKey: string) => `${ruleId}\u0000${dedupeKey}`;

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
  severity: AlertSeverity;
  ackDueAt: Date;
  handleDueAt: Date;
}

@Injectable()
export class AlertsRepository {
  constructor(readonly prisma: PrismaService) {}

  // ─── The engine: a batch of evaluations at a time, in system scope ───

  /** Claims (event, rule) pairs for this transaction; returns those not evaluated before, as `event\u0000rule`. */
  async claimEvaluations(
    tx: Tx,
    pairs: { eventId: string; ruleId: string }[],
  ): Promise<Set<string>> {
    const rows = await tx.$queryRaw<{ event_id: string; rule_id: string }[]>`
      INSERT INTO rule_evaluation (event_id, rule_id)
      SELECT * FROM unnest(${pairs.map((p) => p.eventId)}::text[], ${pairs.map((p) => p.ruleId)}::text[])
      ON CONFLICT DO NOTHING
      RETURNING event_id, rule_id`;
    return new Set(rows.map((row) => evaluationKey(row.event_id, row.rule_id)));
  }

  async recordOutcomes(
    tx: Tx,
    outcomes: { eventId: string; ruleId: string; raised: number; folded: number }[],
  ): Promise<void> {
    if (outcomes.length === 0) return;
    await tx.$executeRaw`
      UPDATE rule_evaluation r SET raised = o.raised, folded = o.folded
        FROM unnest(${outcomes.map((o) => o.eventId)}::text[], ${outcomes.map((o) => o.ruleId)}::text[],
                    ${outcomes.map((o) => o.raised)}::int[], ${outcomes.map((o) => o.folded)}::int[]) AS o(event_id, rule_id, raised, folded)
       WHERE r.event_id = o.event_id AND r.rule_id = o.rule_id`;
  }

  /** Subjects and every unit on their paths, to find who is responsible for each. */
  async unitsWithAncestors(scope: Scope, ids: string[]): Promise<Map<string, AlertUnitRow>> {
    const rows = await this.prisma.$queryRaw<
      { id: string; name: string; level: string; path: string; parent_id: string | null }[]
    >`
      SELECT DISTINCT a.id, a.name, a.level, a.path, a.parent_id
        FROM org_unit s
        CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from s.path), '/')) AS p(id)
        JOIN org_unit a ON a.id = p.id::uuid
       WHERE s.id = ANY(${ids}::uuid[]) AND s.path LIKE ${`${scope.path}%`}`;
    return new Map(
      rows.map((row) => [
        row.id,
        { id: row.id, name: row.name, level: row.level, path: row.path, parentId: row.parent_id },
      ]),
    );
  }

  findUnit(scope: Scope, id: string): Promise<AlertUnitRow | null> {
    return this.prisma.orgUnit.findFirst({
      where: { id, ...scopeWhere(scope) },
      select: UNIT_SELECT,
    });
  }

  /**
   * Folds repeated conditions into the open alerts with the same keys (occurrences + count, the
   * detail the latest facts, the severity the highest seen); answers those folded, by `rule\u0000key`.
   * A fold that raises the severity also brings the due times forward to what the new severity
   * allows from now, never back: an alert that turns critical is not left on a warning's clock.
   */
  async foldMany(tx: Tx, scope: Scope, groups: FoldGroup[]): Promise<Map<string, FoldedAlert>> {
    if (groups.length === 0) return new Map();
    // Severities in ALERT_SEVERITIES' order, lowest first; in SET, `a` is the row as it stood.
    const rises = Prisma.sql`array_position(${[...ALERT_SEVERITIES]}::text[], g.severity) > array_position(${[...ALERT_SEVERITIES]}::text[], a.severity)`;
    const rows = await tx.$queryRaw<(FoldedAlert & { rule_id: string; dedupe_key: string })[]>`
      UPDATE alert a
         SET occurrences = a.occurrences + g.count,
             last_event_at = GREATEST(a.last_event_at, g."lastAt"),
             detail = g.detail,
             severity = CASE WHEN ${rises} THEN g.severity ELSE a.severity END,
             ack_due_at = CASE WHEN ${rises} AND a.status = 'raised' THEN LEAST(a.ack_due_at, g."ackDueAt") ELSE a.ack_due_at END,
             handle_due_at = CASE WHEN ${rises} THEN LEAST(a.handle_due_at, g."handleDueAt") ELSE a.handle_due_at END,
             updated_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(groups)}::jsonb)
             AS g("ruleId" text, "dedupeKey" text, "subjectPath" text, count int, "lastAt" timestamptz, severity text,
                  "ackDueAt" timestamptz, "handleDueAt" timestamptz, detail jsonb)
       WHERE a.rule_id = g."ruleId" AND a.dedupe_key = g."dedupeKey" AND a.status <> 'closed'
         AND a.subject_path LIKE g."subjectPath" || '%' AND a.subject_path LIKE ${`${scope.path}%`}
       RETURNING a.id, a.code, a.occurrences, a.severity, a.ack_due_at AS "ackDueAt", a.handle_due_at AS "handleDueAt", a.rule_id, a.dedupe_key`;
    return new Map(
      rows.map(({ rule_id, dedupe_key, ...alert }) => [alertKey(rule_id, dedupe_key), alert]),
    );
  }

  /** Raises new alerts; answers the ids inserted (an open alert with the same key raised meanwhile wins; fold into it instead). */
  async insertMany(tx: Tx, scope: Scope, alerts: NewAlert[]): Promise<Set<string>> {
    for (const alert of alerts) assertInScope(scope, alert.subjectPath);
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO alert (id, code, rule_id, severity, status, dedupe_key, subject_unit_id, subject_path, responsible_unit_id,
                         responsible_path, title_zh, title_en, summary_zh, summary_en, detail, occurrences, first_event_at,
                         last_event_at, raised_at, ack_due_at, handle_due_at, updated_at)
      SELECT n.id, n.code, n."ruleId", n.severity, 'raised', n."dedupeKey", n."subjectUnitId", n."subjectPath", n."responsibleUnitId",
             n."responsiblePath", n."titleZh", n."titleEn", n."summaryZh", n."summaryEn", n.detail, n.occurrences, n."firstAt",
             n."lastAt", n."raisedAt", n."ackDueAt", n."handleDueAt", now()
        FROM jsonb_to_recordset(${JSON.stringify(alerts)}::jsonb)
             AS n(id uuid, code text, "ruleId" text, severity text, "dedupeKey" text, "subjectUnitId" uuid, "subjectPath" text,
                  "responsibleUnitId" uuid, "responsiblePath" text, "titleZh" text, "titleEn" text, "summaryZh" text, "summaryEn" text,
                  detail jsonb, occurrences int, "firstAt" timestamptz, "lastAt" timestamptz, "raisedAt" timestamptz,
                  "ackDueAt" timestamptz, "handleDueAt" timestamptz)
      ON CONFLICT (rule_id, dedupe_key) WHERE status <> 'closed' DO NOTHING
      RETURNING id`;
    return new Set(rows.map((row) => row.id));
  }

  async addAction(tx: Tx, scope: Scope, alertPath: string, action: NewAction): Promise<void> {
    await this.addActions(tx, scope, [{ alertPath, action }]);
  }

  async addActions(
    tx: Tx,
    scope: Scope,
    actions: { alertPath: string; action: NewAction }[],
  ): Promise<void> {
    for (const { alertPath } of actions) assertInScope(scope, alertPath);
    if (actions.length === 0) return;
    const rows = actions.map(({ action }) => ({
      ...action,
      evidenceFileIds: action.evidenceFileIds ?? [],
    }));
    await tx.$executeRaw`
      INSERT INTO alert_action (id, alert_id, kind, actor_id, actor_name, acting_unit_id, from_unit_id, to_unit_id, reason, note,
                                evidence_file_ids, event_id, at)
      SELECT gen_random_uuid(), a."alertId", a.kind, a."actorId", a."actorName", a."actingUnitId", a."fromUnitId", a."toUnitId",
             a.reason, a.note, a."evidenceFileIds", a."eventId", a.at
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
             AS a("alertId" uuid, kind text, "actorId" uuid, "actorName" text, "actingUnitId" uuid, "fromUnitId" uuid, "toUnitId" uuid,
                  reason text, note text, "evidenceFileIds" uuid[], "eventId" text, at timestamptz)`;
  }

  /** Active accounts at a unit that may act on its alerts. */
  async handlersAt(scope: Scope, unitId: string, tx: Tx = this.prisma): Promise<{ id: string }[]> {
    return (await this.handlersAtMany(scope, [unitId], tx)).get(unitId) ?? [];
  }

  async handlersAtMany(
    scope: Scope,
    unitIds: string[],
    tx: Tx = this.prisma,
  ): Promise<Map<string, { id: string }[]>> {
    const users = await tx.user.findMany({
      where: {
        orgUnitId: { in: unitIds },
        role: { in: HANDLER_ROLES },
        disabledAt: null,
        orgUnit: scopeWhere(scope),
      },
      select: { id: true, orgUnitId: true },
    });
    const byUnit = new Map<string, { id: string }[]>();
    for (const user of users)
      byUnit.set(user.orgUnitId!, [...(byUnit.get(user.orgUnitId!) ?? []), { id: user.id }]);
    return byUnit;
  }

  async notify(
    tx: Tx,
    scope: Scope,
    alertPath: string,
    alertId: string,
    kind: NotificationKind,
    userIds: string[],
  ): Promise<void> {
    await this.notifyMany(tx, scope, [{ alertPath, alertId, kind, userIds }]);
  }

  async notifyMany(
    tx: Tx,
    scope: Scope,
    notices: { alertPath: string; alertId: string; kind: NotificationKind; userIds: string[] }[],
  ): Promise<void> {
    for (const { alertPath } of notices) assertInScope(scope, alertPath);
    const rows = notices.flatMap(({ alertId, kind, userIds }) =>
      userIds.map((userId) => ({ userId, alertId, kind })),
    );
    if (rows.length === 0) return;
    await tx.$executeRaw`
      INSERT INTO notification (id, user_id, alert_id, kind)
      SELECT gen_random_uuid(), n."userId", n."alertId", n.kind
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS n("userId" uuid, "alertId" uuid, kind text)`;
  }

  // ─── Escalation ───

  /** Open alerts past their acknowledgement or handling time, below the province. */
  dueForEscalation(scope: Scope, now: Date, limit: number): Promise<AlertSummaryRow[]> {
    return this.prisma.alert.findMany({
      where: {
        AND: [
          alertVisibleWhere(scope),
          {
            OR: [
              { status: 'raised', ackDueAt: { lte: now } },
              { status: 'acknowledged', handleDueAt: { lte: now } },
            ],
          },
          { responsibleUnit: { level: { not: 'province' } } },
        ],
      },
      orderBy: { raisedAt: 'asc' },
      take: limit,
      select: ALERT_SUMMARY_SELECT,
    });
  }

  // ─── People's actions ───

  list(
    scope: Scope,
    filter: AlertFilter,
    page: number,
    pageSize: number,
  ): Promise<[AlertSummaryRow[], number]> {
    const where: Prisma.AlertWhereInput = {
      AND: [alertVisibleWhere(scope), ...this.filters(filter)],
    };
    return Promise.all([
      this.prisma.alert.findMany({
        where,
        orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
        select: ALERT_SUMMARY_SELECT,
      }),
      this.prisma.alert.count({ where }),
    ]);
  }

  findSummary(scope: Scope, id: string, tx: Tx = this.prisma): Promise<AlertSummaryRow | null> {
    return tx.alert.findFirst({
      where: { id, AND: [alertVisibleWhere(scope)] },
      select: ALERT_SUMMARY_SELECT,
    });
  }

  findDetail(scope: Scope, id: string): Promise<AlertDetailRow | null> {
    return this.prisma.alert.findFirst({
      where: { id, AND: [alertVisibleWhere(scope)] },
      select: ALERT_DETAIL_SELECT,
    });
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
      where: {
        id,
        status: expected.status,
        responsibleUnitId: expected.responsibleUnitId,
        AND: [alertVisibleWhere(scope), expected.where ?? {}],
      },
      data,
    });
    return count === 1;
  }

  /**
   * Names of the units an alert refers to. They all lie on its subject's path (escalation climbs
   * it), so a unit the alert moved to above the asker's subtree still has its name shown.
   */
  unitNamesOnPath(
    subjectPath: string,
    ids: string[],
  ): Promise<{ id: string; name: string; level: string }[]> {
    const onPath = ids.filter((id) => subjectPath.includes(`/${id}/`));
    if (onPath.length === 0) return Promise.resolve([]);
    return this.prisma.orgUnit.findMany({
      where: { id: { in: onPath } },
      select: { id: true, name: true, level: true },
    });
  }

  /** Names, types and uploaders of files that an alert read in scope refers to. */
  findFiles(ids: string[]): Promise<
    {
      id: string;
      originalName: string;
      contentType: string;
      sizeBytes: number;
      uploadedById: string | null;
    }[]
  > {
    if (ids.length === 0) return Promise.resolve([]);
    return this.prisma.storedFile.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        originalName: true,
        contentType: true,
        sizeBytes: true,
        uploadedById: true,
      },
    });
  }

  /** The accounts (of the responsible unit, in scope) that uploaded evidence files. */
  usersAt(scope: Scope, unitId: string, ids: string[]): Promise<{ id: string }[]> {
    return this.prisma.user.findMany({
      where: { id: { in: ids }, orgUnitId: unitId, orgUnit: scopeWhere(scope) },
      select: { id: true },
    });
  }

  private filters(filter: AlertFilter): Prisma.AlertWhereInput[] {
    const and: Prisma.AlertWhereInput[] = [];
    if (filter.unitPath)
      and.push({
        OR: [
          { subjectPath: { startsWith: filter.unitPath } },
          { responsiblePath: { startsWith: filter.unitPath } },
        ],
      });
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
