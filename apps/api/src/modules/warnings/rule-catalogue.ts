import { RULE_THRESHOLDS, type TRuleThresholdValues } from '@canteen/shared';
import { z } from 'zod';
import type { RuleDefinition, ThresholdShape } from './rule';
import { RULE_LIST } from './rules';

const duplicate = RULE_LIST.find((rule, index) => RULE_LIST.findIndex((other) => other.id === rule.id) !== index);
if (duplicate) throw new Error(`Two warning rules share the id ${duplicate.id}`);

// The settings hook checks stored thresholds against each rule's own bounds and directions.
for (const rule of RULE_LIST) {
  const shape = rule.thresholds.schema.shape as ThresholdShape;
  const partial = z.object(Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, field.unwrap().optional()]))).strict();
  RULE_THRESHOLDS.set(rule.id, {
    schema: partial as unknown as z.ZodType<Record<string, number>>,
    tighter: Object.fromEntries(Object.entries(rule.thresholds.fields).map(([name, field]) => [name, field.tighter])),
  });
}

export const RULES = RULE_LIST;

export function findRule(id: string): RuleDefinition | undefined {
  return RULES.find((rule) => rule.id === id);
}

/** The rule's own defaults. */
export function ruleDefaults(rule: RuleDefinition): Record<string, number> {
  return rule.thresholds.schema.parse({}) as Record<string, number>;
}

/** The rule's defaults under what the units on a path stored for it. */
export function effectiveThresholds(rule: RuleDefinition, stored: TRuleThresholdValues): Record<string, number> {
  return { ...ruleDefaults(rule), ...(stored[rule.id] ?? {}) };
}

/** Every event type some rule listens to. */
export function ruleEventTypes(): string[] {
  return [...new Set(RULES.flatMap((rule) => ('events' in rule.trigger ? rule.trigger.events : [])))];
}
