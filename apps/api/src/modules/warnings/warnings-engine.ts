import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  type AlertSeverity,
  type JobPayload,
  SEVERITY_RANK,
  type TNotificationMessage,
  type TRuleThresholdValues,
  shanghaiDay,
} from '@canteen/shared';
import type { Job } from 'bullmq';
import { type AuditEntry, AuditWriter } from '@/common/audit/audit.writer';
import { Coalescer } from '@/common/batching/coalescer';
import { GroupCommit } from '@/common/batching/group-commit';
import { isUuid } from '@/common/ids';
import type { Tx } from '@/common/prisma/prisma.service';
import { type DomainEvent, DomainEvents } from '@/common/queue/domain-events';
import { crashPoint } from '@/common/queue/crash-point';
import { JobRouter } from '@/common/queue/job-router';
import { systemScope } from '@/common/tenancy/scope';
import { DocumentCodes } from '@/modules/deliveries/document-codes.repository';
import { SettingsService } from '@/modules/settings/settings.service';
import { dueTimes, responsibleUnitFor } from './alert-routing';
import {
  type AlertUnitRow,
  AlertsRepository,
  type FoldGroup,
  type FoldedAlert,
  type NewAction,
  alertKey,
  evaluationKey,
} from './alerts.repository';
import { Clock } from './clock';
import { NotificationPublisher } from './notification-publisher';
import type { AlertCandidate, RuleContext, RuleDefinition, RuleInput } from './rule';
import { RULES, effectiveThresholds, findRule, ruleEventTypes } from './rule-catalogue';
import { RuleQueriesRepository } from './rule-queries.repository';

const SYSTEM = { userId: null, displayName: null, ip: null, requestId: null };
/** Evaluations committed in one transaction at most; a burst of events forms batches up to this size. */
const MAX_BATCH = 500;
/**
 * A batch of 500 evaluations on a saturated machine can outlast Prisma's default 5 s; timing out
 * would only send it item by item, slower, so it gets room (and a while to wait for a connection).
 */
const BATCH_TRANSACTION = { timeout: 60_000, maxWait: 10_000 };

/** What a rule found for one event (or firing), waiting for its batch's transaction. */
interface Evaluation {
  rule: RuleDefinition;
  eventId: string;
  candidates: AlertCandidate[];
}

/** A candidate with who holds it and by when, read before the transaction starts. */
interface PreparedCandidate {
  candidate: AlertCandidate;
  subject: AlertUnitRow;
  responsible: AlertUnitRow;
  severity: AlertSeverity;
  at: Date;
  ackDueAt: Date;
  handleDueAt: Date;
}

/** The candidates of a batch that fold into one alert (same rule and key), in event order. */
interface AlertGroup {
  key: string;
  rule: RuleDefinition;
  members: { prepared: PreparedCandidate; eventId: string; item: number }[];
}

export interface EvaluationOutcome {
  raised: number;
  folded: number;
}

/**
 * Runs the rule catalogue in the worker: every domain event some rule listens to, and every firing
 * of a scheduled rule. Each (event, rule) with something to raise is claimed in `rule_evaluation`
 * in the same transaction as the alerts it raises or folds, so an event delivered twice has its
 * effect once. Evaluations are group-committed: those that arrive while a transaction runs share
 * the next one, with one statement per step for the whole batch.
 */
@Injectable()
export class WarningsEngine {
  private readonly logger = new Logger('warnings');
  private readonly commits = new GroupCommit<Evaluation, EvaluationOutcome | null>(
    (items) => this.commitBatch(items),
    MAX_BATCH,
  );
  private readonly thresholds = new Coalescer<string, TRuleThresholdValues>((unitIds) =>
    this.settings.resolveMany('warnings.thresholds', unitIds),
  );

  constructor(
    private readonly repository: AlertsRepository,
    private readonly queries: RuleQueriesRepository,
    private readonly settings: SettingsService,
    private readonly codes: DocumentCodes,
    private readonly audit: AuditWriter,
    private readonly publisher: NotificationPublisher,
    private readonly clock: Clock,
    events: DomainEvents,
    router: JobRouter,
  ) {
    for (const type of ruleEventTypes()) events.on(type, (event) => this.onEvent(event));
    router.on('warningsScheduledRule', (payload, job) => this.onSchedule(payload, job));
  }

  async onEvent(event: DomainEvent): Promise<void> {
    await Promise.all(
      this.rulesFor(event.type).map((rule) =>
        this.evaluate(rule, event.eventId, { kind: 'event', event }),
      ),
    );
  }

  rulesFor(eventType: string): RuleDefinition[] {
    return RULES.filter(
      (rule) => 'events' in rule.trigger && rule.trigger.events.includes(eventType),
    );
  }

  /** A firing's slot is its scheduled time, so a re-run of the same firing is evaluated once. */
  async onSchedule(payload: JobPayload<'warningsScheduledRule'>, job?: Job): Promise<void> {
    const rule = findRule(payload.ruleId);
    if (!rule || !('schedule' in rule.trigger)) {
      this.logger.warn(
        { ruleId: payload.ruleId },
        'scheduled firing of an unknown or event-driven rule ignored',
      );
      return;
    }
    const firedAt = payload.firedAt
      ? new Date(payload.firedAt)
      : new Date(job?.opts.prevMillis ?? job?.timestamp ?? this.clock.now().getTime());
    await this.evaluate(rule, `schedule:${rule.id}:${firedAt.toISOString()}`, {
      kind: 'schedule',
      firedAt,
    });
  }

  /** One rule for one event (or firing); null when this pair was evaluated before. */
  async evaluate(
    rule: RuleDefinition,
    eventId: string,
    input: RuleInput,
  ): Promise<EvaluationOutcome | null> {
    const candidates = await rule.evaluate(this.context(rule), input);
    // Finding nothing has no effect that a redelivery could repeat, so there is nothing to claim.
    if (candidates.length === 0) return { raised: 0, folded: 0 };
    return this.commits.submit({ rule, eventId, candidates });
  }

  private context(rule: RuleDefinition): RuleContext<never> {
    return {
      thresholds: async (orgUnitId: string) =>
        effectiveThresholds(rule, (await this.thresholds.get(orgUnitId)) ?? {}),
      queries: this.queries,
      clock: this.clock,
    } as unknown as RuleContext<never>;
  }

  private async commitBatch(items: Evaluation[]): Promise<(EvaluationOutcome | null)[]> {
    const now = this.clock.now();
    const prepared = await this.prepare(items, now);
    const { outcomes, messages } = await this.repository.prisma.$transaction(async (tx) => {
      const claimed = await this.repository.claimEvaluations(tx, [
        ...new Map(
          items.map((item) => [
            evaluationKey(item.eventId, item.rule.id),
            { eventId: item.eventId, ruleId: item.rule.id },
          ]),
        ).values(),
      ]);
      // A pair submitted twice in one batch (a job delivered twice at once) counts for its first submission.
      const outcomes = items.map((item) =>
        claimed.delete(evaluationKey(item.eventId, item.rule.id)) ? { raised: 0, folded: 0 } : null,
      );
      const groups = new Map<string, AlertGroup>();
      items.forEach((item, i) => {
        if (!outcomes[i]) return;
        for (const candidate of prepared[i]!) {
          const key = alertKey(item.rule.id, candidate.candidate.dedupeKey);
          const group = groups.get(key) ?? { key, rule: item.rule, members: [] };
          group.members.push({ prepared: candidate, eventId: item.eventId, item: i });
          groups.set(key, group);
        }
      });
      const messages = await this.apply(
        tx,
        [...groups.values()],
        outcomes as EvaluationOutcome[],
        now,
      );
      await this.repository.recordOutcomes(
        tx,
        items.flatMap((item, i) => {
          const outcome = outcomes[i];
          return outcome && outcome.raised + outcome.folded > 0
            ? [{ eventId: item.eventId, ruleId: item.rule.id, ...outcome }]
            : [];
        }),
      );
      return { outcomes, messages };
    }, BATCH_TRANSACTION);
    crashPoint('after-evaluation-commit');
    await this.publisher.publish(messages);
    return outcomes;
  }

  /** Who holds each candidate and by when, for the whole batch at once; a subject that does not exist is dropped. */
  private async prepare(items: Evaluation[], now: Date): Promise<PreparedCandidate[][]> {
    const subjectIds = [
      ...new Set(
        items
          .flatMap((item) => item.candidates.map((c) => c.subjectUnitId))
          .filter((id) => isUuid(id)),
      ),
    ];
    const units =
      subjectIds.length > 0
        ? await this.repository.unitsWithAncestors(systemScope(), subjectIds)
        : new Map<string, AlertUnitRow>();
    const routed = items.map((item) =>
      item.candidates.flatMap((candidate) => {
        const subject = units.get(candidate.subjectUnitId);
        if (!subject) {
          this.logger.warn(
            { ruleId: item.rule.id, subjectUnitId: candidate.subjectUnitId },
            'alert candidate about an unknown unit dropped',
          );
          return [];
        }
        const path = subject.path.split('/').flatMap((id) => units.get(id) ?? []);
        const responsible = responsibleUnitFor(path, item.rule.responsibleLevel);
        return responsible
          ? [
              {
                candidate,
                subject,
                responsible,
                severity: candidate.severity ?? item.rule.severity,
              },
            ]
          : [];
      }),
    );
    const slas = await this.settings.resolveMany('warnings.sla', [
      ...new Set(routed.flat().map((c) => c.responsible.id)),
    ]);
    return routed.map((candidates) =>
      candidates.map((c) => ({
        ...c,
        at: c.candidate.occurredAt ?? now,
        ...dueTimes(slas.get(c.responsible.id)!, c.severity, now),
      })),
    );
  }

  /**
   * Folds each group into its open alert or raises a new one, with an action and an audit entry per
   * candidate; counts them into the outcomes and returns the notifications to publish.
   */
  private async apply(
    tx: Tx,
    groups: AlertGroup[],
    outcomes: EvaluationOutcome[],
    now: Date,
  ): Promise<TNotificationMessage[]> {
    if (groups.length === 0) return [];
    const scope = systemScope();
    // A fixed order of the rows each batch locks, so that two workers' batches cannot deadlock.
    groups.sort((a, b) => (a.key < b.key ? -1 : 1));
    const toFold = (group: AlertGroup): FoldGroup => {
      const last = group.members.at(-1)!.prepared;
      return {
        ruleId: group.rule.id,
        dedupeKey: last.candidate.dedupeKey,
        subjectPath: last.subject.path,
        count: group.members.length,
        lastAt: new Date(Math.max(...group.members.map((m) => m.prepared.at.getTime()))),
        severity: highest(group),
        ackDueAt: earliest(group.members.map((m) => m.prepared.ackDueAt)),
        handleDueAt: earliest(group.members.map((m) => m.prepared.handleDueAt)),
        detail: last.candidate.detail,
      };
    };
    const folded = await this.repository.foldMany(tx, scope, groups.map(toFold));
    const raised = new Map<string, { id: string; code: string }>();
    const fresh = groups.filter((group) => !folded.has(group.key));
    if (fresh.length > 0) {
      const codes = await this.codes.nextMany(tx, 'AL', shanghaiDay(now), fresh.length);
      const alerts = fresh.map((group, i) => {
        const first = group.members[0]!.prepared;
        const fold = toFold(group);
        return {
          id: randomUUID(),
          code: codes[i]!,
          ruleId: group.rule.id,
          severity: fold.severity,
          dedupeKey: fold.dedupeKey,
          subjectUnitId: first.subject.id,
          subjectPath: first.subject.path,
          responsibleUnitId: first.responsible.id,
          responsiblePath: first.responsible.path,
          titleZh: first.candidate.title.zh,
          titleEn: first.candidate.title.en,
          summaryZh: first.candidate.summary?.zh ?? null,
          summaryEn: first.candidate.summary?.en ?? null,
          detail: fold.detail,
          occurrences: group.members.length,
          firstAt: earliest(group.members.map((m) => m.prepared.at)),
          lastAt: fold.lastAt,
          raisedAt: now,
          ackDueAt: fold.ackDueAt,
          handleDueAt: fold.handleDueAt,
        };
      });
      const inserted = await this.repository.insertMany(tx, scope, alerts);
      fresh.forEach((group, i) => inserted.has(alerts[i]!.id) && raised.set(group.key, alerts[i]!));
      // Another transaction raised the same open alert a moment ago: it has committed, so fold into it.
      const beaten = fresh.filter((group) => !raised.has(group.key));
      for (const [key, alert] of await this.repository.foldMany(tx, scope, beaten.map(toFold)))
        folded.set(key, alert);
      const lost = beaten.find((group) => !folded.has(group.key));
      if (lost) throw new Error(`alert ${lost.key} neither folded nor raised`);
    }

    const actions: { alertPath: string; action: NewAction }[] = [];
    const audits: AuditEntry[] = [];
    for (const group of groups) {
      const alert = raised.get(group.key);
      const existing: FoldedAlert | undefined = folded.get(group.key);
      group.members.forEach(({ prepared, eventId, item }, i) => {
        const base = {
          actorId: null,
          actorName: null,
          actingUnitId: prepared.subject.id,
          eventId,
          at: now,
        };
        if (alert && i === 0) {
          outcomes[item]!.raised++;
          actions.push({
            alertPath: prepared.subject.path,
            action: {
              ...base,
              alertId: alert.id,
              kind: 'raised',
              toUnitId: prepared.responsible.id,
            },
          });
          audits.push({
            action: 'raise',
            entity: 'alert',
            entityId: alert.id,
            orgPath: prepared.subject.path,
            after: {
              code: alert.code,
              ruleId: group.rule.id,
              severity: prepared.severity,
              dedupeKey: prepared.candidate.dedupeKey,
              responsibleUnitId: prepared.responsible.id,
              eventId,
            },
          });
          return;
        }
        outcomes[item]!.folded++;
        const target = alert
          ? { ...alert, occurrences: i + 1 }
          : { ...existing!, occurrences: existing!.occurrences - group.members.length + 1 + i };
        actions.push({
          alertPath: prepared.subject.path,
          action: { ...base, alertId: target.id, kind: 'folded' },
        });
        audits.push({
          action: 'fold',
          entity: 'alert',
          entityId: target.id,
          orgPath: prepared.subject.path,
          after: existing
            ? { code: target.code, occurrences: target.occurrences, eventId, severity: existing.severity, ackDueAt: existing.ackDueAt, handleDueAt: existing.handleDueAt }
            : { code: target.code, occurrences: target.occurrences, eventId },
        });
      });
    }
    await this.repository.addActions(tx, scope, actions);
    await this.audit.recordMany(tx, SYSTEM, audits);

    const news = groups.filter((group) => raised.has(group.key));
    if (news.length === 0) return [];
    const handlers = await this.repository.handlersAtMany(
      scope,
      [...new Set(news.map((g) => g.members[0]!.prepared.responsible.id))],
      tx,
    );
    const notices = news.map((group) => ({
      alertPath: group.members[0]!.prepared.subject.path,
      alertId: raised.get(group.key)!.id,
      kind: 'new' as const,
      userIds: (handlers.get(group.members[0]!.prepared.responsible.id) ?? []).map(
        (user) => user.id,
      ),
    }));
    await this.repository.notifyMany(tx, scope, notices);
    return notices.map(({ userIds, alertId, kind }) => ({ userIds, alertId, kind }));
  }
}

function earliest(times: Date[]): Date {
  return new Date(Math.min(...times.map((time) => time.getTime())));
}

function highest(group: AlertGroup): AlertSeverity {
  return group.members.reduce<AlertSeverity>(
    (top, m) =>
      SEVERITY_RANK[m.prepared.severity] > SEVERITY_RANK[top] ? m.prepared.severity : top,
    'info',
  );
}
