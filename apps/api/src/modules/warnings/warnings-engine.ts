import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { type AlertSeverity, type JobPayload, type TNotificationMessage, shanghaiDay } from '@canteen/shared';
import type { Job } from 'bullmq';
import { AuditWriter } from '@/common/audit/audit.writer';
import type { Prisma, Tx } from '@/common/prisma/prisma.service';
import { type DomainEvent, DomainEvents } from '@/common/queue/domain-events';
import { crashPoint } from '@/common/queue/crash-point';
import { JobRouter } from '@/common/queue/job-router';
import { systemScope } from '@/common/tenancy/scope';
import { DocumentCodes } from '@/modules/deliveries/document-codes.repository';
import { SettingsService } from '@/modules/settings/settings.service';
import { dueTimes, responsibleUnitFor } from './alert-routing';
import { type AlertUnitRow, AlertsRepository } from './alerts.repository';
import { Clock } from './clock';
import { NotificationPublisher } from './notification-publisher';
import type { AlertCandidate, RuleContext, RuleDefinition, RuleInput } from './rule';
import { RULES, effectiveThresholds, findRule, ruleEventTypes } from './rule-catalogue';
import { RuleQueriesRepository } from './rule-queries.repository';

const SYSTEM = { userId: null, displayName: null, ip: null, requestId: null };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A candidate with everything the transaction needs, read before it starts. */
interface PreparedCandidate {
  candidate: AlertCandidate;
  subject: AlertUnitRow;
  responsible: AlertUnitRow;
  severity: AlertSeverity;
  /** The engine's time for this evaluation: the alert is raised, and falls due, from it. */
  now: Date;
  at: Date;
  ackDueAt: Date;
  handleDueAt: Date;
}

export interface EvaluationOutcome {
  raised: number;
  folded: number;
}

/**
 * Runs the rule catalogue in the worker: every domain event some rule listens to, and every firing
 * of a scheduled rule. Each (event, rule) is claimed in `rule_evaluation` in the same transaction
 * as the alerts it raises or folds, so an event delivered twice has its effect once.
 */
@Injectable()
export class WarningsEngine {
  private readonly logger = new Logger('warnings');

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
    for (const rule of this.rulesFor(event.type)) await this.evaluate(rule, event.eventId, { kind: 'event', event });
  }

  rulesFor(eventType: string): RuleDefinition[] {
    return RULES.filter((rule) => 'events' in rule.trigger && rule.trigger.events.includes(eventType));
  }

  /** A firing's slot is its scheduled time, so a re-run of the same firing is evaluated once. */
  async onSchedule(payload: JobPayload<'warningsScheduledRule'>, job?: Job): Promise<void> {
    const rule = findRule(payload.ruleId);
    if (!rule || !('schedule' in rule.trigger)) {
      this.logger.warn({ ruleId: payload.ruleId }, 'scheduled firing of an unknown or event-driven rule ignored');
      return;
    }
    const firedAt = payload.firedAt ? new Date(payload.firedAt) : new Date(job?.opts.prevMillis ?? job?.timestamp ?? this.clock.now().getTime());
    await this.evaluate(rule, `schedule:${rule.id}:${firedAt.toISOString()}`, { kind: 'schedule', firedAt });
  }

  /** One rule for one event (or firing); null when this pair was evaluated before. */
  async evaluate(rule: RuleDefinition, eventId: string, input: RuleInput): Promise<EvaluationOutcome | null> {
    const candidates = await rule.evaluate(this.context(rule), input);
    const prepared = (await Promise.all(candidates.map((candidate) => this.prepare(rule, candidate)))).filter((p): p is PreparedCandidate => p !== null);
    const result = await this.repository.prisma.$transaction(async (tx) => {
      if (!(await this.repository.claimEvaluation(tx, eventId, rule.id))) return null;
      const outcome = { raised: 0, folded: 0, messages: [] as TNotificationMessage[] };
      for (const item of prepared) {
        const message = await this.apply(tx, rule, item, eventId);
        if (message) {
          outcome.raised++;
          outcome.messages.push(message);
        } else {
          outcome.folded++;
        }
      }
      if (prepared.length > 0) await this.repository.recordOutcome(tx, eventId, rule.id, outcome.raised, outcome.folded);
      return outcome;
    });
    if (!result) return null;
    crashPoint('after-evaluation-commit');
    await this.publisher.publish(result.messages);
    return { raised: result.raised, folded: result.folded };
  }

  private context(rule: RuleDefinition): RuleContext<never> {
    const cache = new Map<string, Promise<Record<string, number>>>();
    return {
      thresholds: (orgUnitId: string) => {
        let values = cache.get(orgUnitId);
        if (!values) {
          values = this.settings.resolve('warnings.thresholds', orgUnitId).then((resolved) => effectiveThresholds(rule, resolved.value));
          cache.set(orgUnitId, values);
        }
        return values;
      },
      queries: this.queries,
      clock: this.clock,
    } as unknown as RuleContext<never>;
  }

  /** Who holds it and by when, read outside the transaction; null for a subject that does not exist. */
  private async prepare(rule: RuleDefinition, candidate: AlertCandidate): Promise<PreparedCandidate | null> {
    const subject = UUID.test(candidate.subjectUnitId) ? await this.repository.findUnit(systemScope(), candidate.subjectUnitId) : null;
    if (!subject) {
      this.logger.warn({ ruleId: rule.id, subjectUnitId: candidate.subjectUnitId }, 'alert candidate about an unknown unit dropped');
      return null;
    }
    const responsible = responsibleUnitFor(await this.repository.unitsOnPath(systemScope(), subject.path), rule.responsibleLevel);
    if (!responsible) return null;
    const severity = candidate.severity ?? rule.severity;
    const now = this.clock.now();
    const slas = (await this.settings.resolve('warnings.sla', responsible.id)).value;
    return { candidate, subject, responsible, severity, now, at: candidate.occurredAt ?? now, ...dueTimes(slas, severity, now) };
  }

  /** Folds into the open alert or raises a new one; returns the notification to publish for a new one. */
  private async apply(tx: Tx, rule: RuleDefinition, item: PreparedCandidate, eventId: string): Promise<TNotificationMessage | null> {
    const { candidate, subject, responsible } = item;
    const scope = systemScope(subject.path);
    const fold = { ruleId: rule.id, dedupeKey: candidate.dedupeKey, at: item.at, severity: item.severity, detail: candidate.detail as Prisma.InputJsonValue };
    const now = item.now;

    let folded = await this.repository.foldInto(tx, scope, fold);
    if (!folded) {
      const id = randomUUID();
      const code = await this.codes.next(tx, 'AL', shanghaiDay(now));
      const inserted = await this.repository.insert(tx, scope, {
        ...fold,
        id,
        code,
        subjectUnitId: subject.id,
        subjectPath: subject.path,
        responsibleUnitId: responsible.id,
        responsiblePath: responsible.path,
        titleZh: candidate.title.zh,
        titleEn: candidate.title.en,
        summaryZh: candidate.summary?.zh ?? null,
        summaryEn: candidate.summary?.en ?? null,
        raisedAt: now,
        ackDueAt: item.ackDueAt,
        handleDueAt: item.handleDueAt,
      });
      if (inserted) {
        await this.repository.addAction(tx, scope, subject.path, {
          alertId: id,
          kind: 'raised',
          actorId: null,
          actorName: null,
          actingUnitId: subject.id,
          toUnitId: responsible.id,
          eventId,
          at: now,
        });
        await this.audit.record(tx, SYSTEM, {
          action: 'raise',
          entity: 'alert',
          entityId: id,
          orgPath: subject.path,
          after: { code, ruleId: rule.id, severity: item.severity, dedupeKey: candidate.dedupeKey, responsibleUnitId: responsible.id, eventId },
        });
        const handlers = await this.repository.handlersAt(systemScope(responsible.path), responsible.id, tx);
        const userIds = handlers.map((user) => user.id);
        await this.repository.notify(tx, scope, subject.path, id, 'new', userIds);
        return { userIds, alertId: id, kind: 'new' };
      }
      // Another transaction raised the same open alert a moment ago: it has committed, so fold into it.
      folded = await this.repository.foldInto(tx, scope, fold);
      if (!folded) throw new Error(`alert ${rule.id}/${candidate.dedupeKey} neither folded nor raised`);
    }
    await this.repository.addAction(tx, scope, subject.path, {
      alertId: folded.id,
      kind: 'folded',
      actorId: null,
      actorName: null,
      actingUnitId: subject.id,
      eventId,
      at: now,
    });
    await this.audit.record(tx, SYSTEM, {
      action: 'fold',
      entity: 'alert',
      entityId: folded.id,
      orgPath: subject.path,
      after: { code: folded.code, occurrences: folded.occurrences, eventId },
    });
    return null;
  }
}
