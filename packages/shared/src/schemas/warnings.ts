// Risk warnings (风险预警): alerts raised by rules, their lifecycle, the rule catalogue, notifications.
import { z } from 'zod';
import { bilingual } from '../bilingual';
import { ZDay, ZId, ZPageQuery, ZReason } from './common';
import { ZSettingSource } from './nutrition';

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** raised → acknowledged → handled → closed by the level above (or sent back to acknowledged). */
export const ALERT_STATUSES = ['raised', 'acknowledged', 'handled', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_ACTION_KINDS = ['raised', 'folded', 'acknowledged', 'handled', 'closed', 'sent_back', 'escalated'] as const;
export type AlertActionKind = (typeof ALERT_ACTION_KINDS)[number];

/** Why an alert moved up: nobody acknowledged it in time, or nobody handled it in time. */
export const ESCALATION_REASONS = ['ack_overdue', 'handle_overdue'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export const NOTIFICATION_KINDS = ['new', 'escalated', 'sent_back', 'closed'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The levels an alert can be held at, bottom-up: escalation climbs this list. Canteens have no accounts of their own. */
export const RESPONSIBLE_LEVELS = ['school', 'county', 'city', 'province'] as const;
export type ResponsibleLevel = (typeof RESPONSIBLE_LEVELS)[number];

export const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

export const ZBilingualText = z.object({ zh: z.string(), en: z.string() });
export type TBilingualText = z.infer<typeof ZBilingualText>;

export const ZRuleId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, bilingual('规则编号应为小写字母、数字和连字符', 'Rule ids are kebab-case'))
  .max(64);

// ─── Settings: SLA per severity and rule thresholds (declared in settings.ts) ───

const hours = z
  .number({ error: bilingual('时限应为小时数', 'Give the time limit in hours') })
  .positive(bilingual('时限应大于 0', 'A time limit must be above 0'))
  .max(24 * 90, bilingual('时限不能超过 90 天', 'A time limit may not exceed 90 days'));

export const ZAlertSla = z
  .object({ ackHours: hours, handleHours: hours })
  .refine((sla) => sla.handleHours >= sla.ackHours, bilingual('处置时限不能短于确认时限', 'The handling limit may not be shorter than the acknowledgement limit'));
export type TAlertSla = z.infer<typeof ZAlertSla>;

/** How long the responsible level has to acknowledge and to handle, per severity. */
export const ZAlertSlas = z.object({ critical: ZAlertSla, warning: ZAlertSla, info: ZAlertSla }).strict();
export type TAlertSlas = z.infer<typeof ZAlertSlas>;
export const ZAlertSlasOverride = z.object({ critical: ZAlertSla.optional(), warning: ZAlertSla.optional(), info: ZAlertSla.optional() }).strict();
export type TAlertSlasOverride = z.infer<typeof ZAlertSlasOverride>;

export const DEFAULT_ALERT_SLAS: TAlertSlas = {
  critical: { ackHours: 2, handleHours: 24 },
  warning: { ackHours: 8, handleHours: 72 },
  info: { ackHours: 24, handleHours: 168 },
};

/** Threshold values that units store, per rule: `{ "<rule id>": { "<threshold>": number } }`. */
export const ZRuleThresholdValues = z.record(ZRuleId, z.record(z.string().max(64), z.number().finite()));
export type TRuleThresholdValues = z.infer<typeof ZRuleThresholdValues>;

/** Which way a threshold is stricter: a lower limit ('lower', e.g. a price markup) or a higher one ('higher', e.g. days of notice). */
export type ThresholdTighter = 'lower' | 'higher';

export interface RuleThresholdSpec {
  /** Accepts a partial set of the rule's thresholds and refuses values out of range. */
  schema: z.ZodType<Record<string, number>>;
  tighter: Record<string, ThresholdTighter>;
}

/**
 * The rules live in the API, one file each; the catalogue registers each rule's thresholds here when
 * it loads, so that the settings hook below can tell a tightened value from a loosened one.
 */
export const RULE_THRESHOLDS = new Map<string, RuleThresholdSpec>();

export const isTighter = (tighter: ThresholdTighter, value: number, than: number) => (tighter === 'lower' ? value <= than : value >= than);

/** The stricter of two values of a threshold. */
export const tighterOf = (tighter: ThresholdTighter, a: number, b: number) => (isTighter(tighter, a, b) ? a : b);

/** Merges a unit's stored thresholds over what it inherits; a value below a stricter one above it never loosens it. */
export function mergeRuleThresholds(inherited: TRuleThresholdValues, override: TRuleThresholdValues): TRuleThresholdValues {
  const merged: TRuleThresholdValues = { ...inherited };
  for (const [ruleId, values] of Object.entries(override)) {
    const above = inherited[ruleId] ?? {};
    const tighter = RULE_THRESHOLDS.get(ruleId)?.tighter ?? {};
    const next = { ...above };
    for (const [name, value] of Object.entries(values)) {
      const direction = tighter[name];
      next[name] = above[name] !== undefined && direction ? tighterOf(direction, value, above[name]) : value;
    }
    merged[ruleId] = next;
  }
  return merged;
}

/**
 * The settings hook: a unit may only tighten what a unit above it set (a county may tighten the
 * city's value; a school may not loosen it). Where no unit above set a value, the rule's default
 * is the baseline for the unit that sets it first.
 */
export function refuseLooserThresholds(inherited: TRuleThresholdValues, override: TRuleThresholdValues): string | undefined {
  for (const [ruleId, values] of Object.entries(override)) {
    const spec = RULE_THRESHOLDS.get(ruleId);
    if (!spec) return bilingual(`没有规则「${ruleId}」`, `No rule "${ruleId}"`);
    const parsed = spec.schema.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.join('.');
      return issue.message.includes('||') ? issue.message : bilingual(`规则「${ruleId}」的阈值 ${where} 不正确`, `Threshold ${where} of rule "${ruleId}" is not valid`);
    }
    for (const [name, value] of Object.entries(values)) {
      const above = inherited[ruleId]?.[name];
      const direction = spec.tighter[name];
      if (above === undefined || !direction || isTighter(direction, value, above)) continue;
      return bilingual(
        `上级已将规则「${ruleId}」的阈值 ${name} 设为 ${above}，下级只能${direction === 'lower' ? '调低' : '调高'}（更严格），不能设为 ${value}`,
        `A unit above set threshold ${name} of rule "${ruleId}" to ${above}; below it may only be made stricter (${direction}), not ${value}`,
      );
    }
  }
  return undefined;
}

// ─── Alerts ───

export const ZUnitRef = z.object({ id: z.string(), name: z.string(), level: z.string() });
export type TUnitRef = z.infer<typeof ZUnitRef>;
/** The unit an alert is about, with the unit above it: many schools' canteens share a name (学生食堂). */
export const ZSubjectUnitRef = ZUnitRef.extend({ parentName: z.string().nullable() });
export type TSubjectUnitRef = z.infer<typeof ZSubjectUnitRef>;

/** What the asker may do with an alert now (the SPA shows only these buttons). */
export const ZAlertPermissions = z.object({
  acknowledge: z.boolean(),
  handle: z.boolean(),
  close: z.boolean(),
  sendBack: z.boolean(),
});

export const ZAlertSummary = z.object({
  id: z.string(),
  code: z.string(),
  rule: z.object({ id: z.string(), name: ZBilingualText }),
  severity: z.enum(ALERT_SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  title: ZBilingualText,
  summary: ZBilingualText.nullable(),
  subjectUnit: ZSubjectUnitRef,
  responsibleUnit: ZUnitRef,
  occurrences: z.number().int(),
  firstEventAt: z.string(),
  lastEventAt: z.string(),
  raisedAt: z.string(),
  ackDueAt: z.string(),
  handleDueAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  handledAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  escalationLevel: z.number().int(),
  reopenedCount: z.number().int(),
  /** The SLA the alert is past now, if any. */
  overdue: z.enum(['ack', 'handle']).nullable(),
  can: ZAlertPermissions,
});
export type TAlertSummary = z.infer<typeof ZAlertSummary>;

export const ZAlertFile = z.object({ id: z.string(), originalName: z.string(), contentType: z.string(), sizeBytes: z.number().int() });
export type TAlertFile = z.infer<typeof ZAlertFile>;

export const ZAlertAction = z.object({
  id: z.string(),
  kind: z.enum(ALERT_ACTION_KINDS),
  /** Null: the system (the rule engine, the escalation job). */
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  actingUnit: ZUnitRef,
  fromUnit: ZUnitRef.nullable(),
  toUnit: ZUnitRef.nullable(),
  reason: z.enum(ESCALATION_REASONS).nullable(),
  note: z.string().nullable(),
  evidence: z.array(ZAlertFile),
  at: z.string(),
});
export type TAlertAction = z.infer<typeof ZAlertAction>;

export const ZAlertDetail = ZAlertSummary.extend({
  /** The facts the rule found (rule-specific). */
  detail: z.record(z.string(), z.unknown()),
  actions: z.array(ZAlertAction),
  evidence: z.array(ZAlertFile),
});
export type TAlertDetail = z.infer<typeof ZAlertDetail>;

export const ZAlertQuery = ZPageQuery.extend({
  severity: z.enum(ALERT_SEVERITIES).optional(),
  ruleId: ZRuleId.optional(),
  /** 'open': anything not closed yet. */
  status: z.enum([...ALERT_STATUSES, 'open']).optional(),
  /** Alerts about this unit's subtree or held by it (in the asker's scope). */
  orgUnitId: ZId.optional(),
  /** Only the alerts that the asker's own unit holds now. */
  mine: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  /** Raised on or after / on or before these days (Asia/Shanghai). */
  from: ZDay.optional(),
  to: ZDay.optional(),
});
export type TAlertQuery = z.infer<typeof ZAlertQuery>;

export const ZBulkAcknowledge = z.object({
  ids: z
    .array(ZId)
    .min(1, bilingual('请选择要确认的预警', 'Choose the alerts to acknowledge'))
    .max(200, bilingual('一次最多确认 200 条', 'At most 200 at a time')),
});
export type TBulkAcknowledge = z.infer<typeof ZBulkAcknowledge>;

/** Per id: done, or refused with the status and reason it would have had alone. */
export const ZBulkAcknowledgeResult = z.object({
  results: z.array(
    z.object({ id: z.string(), ok: z.boolean(), statusCode: z.number().int().optional(), message: z.string().optional(), messageEn: z.string().optional() }),
  ),
});
export type TBulkAcknowledgeResult = z.infer<typeof ZBulkAcknowledgeResult>;

export const ZHandleAlert = z.object({
  measures: z
    .string()
    .trim()
    .min(2, bilingual('请填写处置措施（至少 2 个字）', 'Describe the measures taken (at least 2 characters)'))
    .max(2000),
  evidenceFileIds: z.array(ZId).max(20, bilingual('最多 20 个佐证文件', 'At most 20 evidence files')).default([]),
});
export type THandleAlert = z.infer<typeof ZHandleAlert>;

export const ZCloseAlert = z.object({ note: z.string().trim().max(1000).optional() });
export type TCloseAlert = z.infer<typeof ZCloseAlert>;

export const ZSendBackAlert = z.object({ reason: ZReason });
export type TSendBackAlert = z.infer<typeof ZSendBackAlert>;

// ─── Rule catalogue ───

export const ZRuleTrigger = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), events: z.array(z.string()) }),
  /** A cron pattern evaluated in Asia/Shanghai. */
  z.object({ kind: z.literal('schedule'), cron: z.string() }),
]);

export const ZRuleThreshold = z.object({
  name: z.string(),
  label: ZBilingualText,
  unit: z.string().nullable(),
  /** The effective value at the unit. */
  value: z.number(),
  default: z.number(),
  tighter: z.enum(['lower', 'higher']),
  /** The unit whose stored value is in force; null: the rule's default. */
  source: ZSettingSource,
  /** What the unit itself stored, or null. */
  own: z.number().nullable(),
});
export type TRuleThreshold = z.infer<typeof ZRuleThreshold>;

export const ZWarningRule = z.object({
  id: z.string(),
  name: ZBilingualText,
  description: ZBilingualText,
  severity: z.enum(ALERT_SEVERITIES),
  responsibleLevel: z.enum(RESPONSIBLE_LEVELS),
  trigger: ZRuleTrigger,
  thresholds: z.array(ZRuleThreshold),
  /** Whether the asker may set thresholds at this unit. */
  editable: z.boolean(),
});
export type TWarningRule = z.infer<typeof ZWarningRule>;

export const ZRuleCatalogueQuery = z.object({ orgUnitId: ZId });
export type TRuleCatalogueQuery = z.infer<typeof ZRuleCatalogueQuery>;

/** PUT /api/warnings/rules/:id/thresholds?orgUnitId — null removes the unit's own value (it inherits again). */
export const ZPutRuleThresholds = z.object({
  values: z.record(z.string().max(64), z.number().finite().nullable()),
  reason: ZReason,
});
export type TPutRuleThresholds = z.infer<typeof ZPutRuleThresholds>;

// ─── Targeted supervision (靶向监管) ───

export const ZSupervisionQuery = z.object({ orgUnitId: ZId, from: ZDay, to: ZDay });
export type TSupervisionQuery = z.infer<typeof ZSupervisionQuery>;

export const ZSupervisionRow = z.object({
  unit: ZUnitRef,
  received: z.number().int(),
  acknowledgedOnTime: z.number().int(),
  /** Acknowledged after its limit, before the escalation job took the alert away. */
  acknowledgedLate: z.number().int(),
  handledOnTime: z.number().int(),
  handledLate: z.number().int(),
  escalatedAway: z.number().int(),
  reopened: z.number().int(),
  /** Higher: fails more. */
  score: z.number(),
  rank: z.number().int(),
});
export type TSupervisionRow = z.infer<typeof ZSupervisionRow>;

export const ZSupervisionReport = z.object({ from: z.string(), to: z.string(), rows: z.array(ZSupervisionRow) });
export type TSupervisionReport = z.infer<typeof ZSupervisionReport>;

// ─── Notifications ───

export const ZNotification = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  alert: z.object({ id: z.string(), code: z.string(), title: ZBilingualText, severity: z.enum(ALERT_SEVERITIES), status: z.enum(ALERT_STATUSES) }),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type TNotification = z.infer<typeof ZNotification>;

export const ZNotificationQuery = ZPageQuery;
export type TNotificationQuery = z.infer<typeof ZNotificationQuery>;

export const ZUnreadCount = z.object({ count: z.number().int() });
export type TUnreadCount = z.infer<typeof ZUnreadCount>;

export const ZMarkNotificationsRead = z.union([
  z.object({ ids: z.array(ZId).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type TMarkNotificationsRead = z.infer<typeof ZMarkNotificationsRead>;

/** What the worker publishes on the Redis channel `${REDIS_PREFIX}:notifications` after an alert change commits. */
export const ZNotificationMessage = z.object({ userIds: z.array(z.string()), alertId: z.string(), kind: z.enum(NOTIFICATION_KINDS) });
export type TNotificationMessage = z.infer<typeof ZNotificationMessage>;
export const notificationChannel = (redisPrefix: string) => `${redisPrefix}:notifications`;

/**
 * GET /api/notifications/stream (Server-Sent Events): `event: ready` with ZUnreadCount on connect,
 * then `event: notification` with this for each notification of the user about an alert they may
 * see, and `: heartbeat` comments every 25 s.
 */
export const ZNotificationStreamEvent = z.object({ kind: z.enum(NOTIFICATION_KINDS), alert: ZNotification.shape.alert });
export type TNotificationStreamEvent = z.infer<typeof ZNotificationStreamEvent>;

// ─── Operations: the dead-letter list of the domain-events queue ───

export const ZDeadLetter = z.object({
  jobId: z.string(),
  name: z.string(),
  /** For domain events: the event's type and id. */
  eventType: z.string().nullable(),
  eventId: z.string().nullable(),
  attemptsMade: z.number().int(),
  failedReason: z.string(),
  failedAt: z.string().nullable(),
  data: z.unknown(),
});
export type TDeadLetter = z.infer<typeof ZDeadLetter>;

export const ZDeadLetterQuery = ZPageQuery;
export type TDeadLetterQuery = z.infer<typeof ZDeadLetterQuery>;
