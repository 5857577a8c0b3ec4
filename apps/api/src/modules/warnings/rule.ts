import type { AlertSeverity, ResponsibleLevel, TBilingualText, ThresholdTighter } from '@canteen/shared';
import type { z } from 'zod';
import type { DomainEvent } from '@/common/queue/domain-events';
import type { Clock } from './clock';
import type { RuleQueriesRepository } from './rule-queries.repository';

/** One threshold of a rule, as the catalogue shows it and the settings hook checks it. */
export interface ThresholdField {
  label: TBilingualText;
  /** Shown beside the value: '%', '天', '倍', '元' … */
  unit?: string;
  /** Which way is stricter; below a unit that set the value, only that way is allowed. */
  tighter: ThresholdTighter;
}

/** Numbers only: each field a `z.number()` with bounds and `.default(<the rule's default>)`. */
export type ThresholdShape = Record<string, z.ZodDefault<z.ZodNumber>>;
export type ThresholdValues<S extends ThresholdShape> = { [K in keyof S]: number };

export type RuleTrigger =
  /** Evaluated for every domain event of these types (as written to the outbox). */
  | { events: readonly string[] }
  /** A cron pattern in Asia/Shanghai; each firing is evaluated once. */
  | { schedule: string };

export type RuleInput =
  | { kind: 'event'; event: DomainEvent }
  /** `firedAt`: the scheduled time of this firing (its slot), not when the job ran. */
  | { kind: 'schedule'; firedAt: Date };

export interface RuleContext<S extends ThresholdShape> {
  /**
   * The effective thresholds at a unit: the rule's defaults under the values that units on its path
   * set (tightened only, downwards). Ask for the subject unit of the alert you are about to raise.
   */
  thresholds(orgUnitId: string): Promise<ThresholdValues<S>>;
  /** Read-only look-ups the rules share (reference prices, norms, plan status, names). */
  queries: RuleQueriesRepository;
  clock: Clock;
}

/** What a rule found: the engine raises an alert for it, or folds it into the open one with the same key. */
export interface AlertCandidate {
  /**
   * What the alert is about, e.g. `canteen:<id>:ingredient:<id>:<day>`. Conditions with the same key
   * fold into one open alert (occurrences + 1) instead of raising another.
   */
  dedupeKey: string;
  /** Where it happened (usually a canteen). The responsible unit is its ancestor at the rule's level. */
  subjectUnitId: string;
  title: TBilingualText;
  summary?: TBilingualText;
  /** The facts, shown in the alert's detail (JSON). */
  detail: Record<string, unknown>;
  /** Overrides the rule's severity for this case (e.g. an expired batch is critical). */
  severity?: AlertSeverity;
  /** When the condition happened; defaults to the engine's clock. */
  occurredAt?: Date;
}

export interface RuleDefinition<S extends ThresholdShape = ThresholdShape> {
  /** kebab-case, stable: alerts, settings and evaluations refer to it. */
  id: string;
  name: TBilingualText;
  description: TBilingualText;
  severity: AlertSeverity;
  /** The level that handles it first; escalation climbs school → county → city → province. */
  responsibleLevel: ResponsibleLevel;
  thresholds: { schema: z.ZodObject<S>; fields: { [K in keyof S]: ThresholdField } };
  trigger: RuleTrigger;
  /** Must not write: the engine applies what it returns in one transaction with the evaluation record. */
  evaluate(context: RuleContext<S>, input: RuleInput): Promise<AlertCandidate[]>;
}

/**
 * Checks a rule file against its own threshold shape, then erases the shape so that the catalogue
 * holds rules of different shapes in one list.
 */
export function defineRule<S extends ThresholdShape>(rule: RuleDefinition<S>): RuleDefinition {
  return rule as unknown as RuleDefinition;
}

export const isEventRule = (rule: RuleDefinition): rule is RuleDefinition & { trigger: { events: readonly string[] } } => 'events' in rule.trigger;
