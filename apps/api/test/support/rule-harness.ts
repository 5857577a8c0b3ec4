import { randomUUID } from 'node:crypto';
import { type TBookedMovement, type TDeliveryAcceptedEvent, type TMovementsBookedEvent, type TRuleThresholdValues, mergeRuleThresholds, refuseLooserThresholds } from '@canteen/shared';
import type { Clock } from '@/modules/warnings/clock';
import type { AlertCandidate, RuleContext, RuleDefinition, ThresholdShape } from '@/modules/warnings/rule';
// The catalogue registers every rule's threshold directions, which the settings hook reads.
import { effectiveThresholds } from '@/modules/warnings/rule-catalogue';
import type { RuleQueriesRepository } from '@/modules/warnings/rule-queries.repository';

export interface RuleHarnessOptions {
  /** What the units on the subject's path stored for `warnings.thresholds`, from the root down. */
  stored?: TRuleThresholdValues[];
  queries?: Partial<RuleQueriesRepository>;
  now?: Date;
}

/**
 * Runs one rule the way the engine does, without a database: thresholds are the rule's defaults under
 * the stored layers merged by the settings key's own rule; look-ups are the stubs given.
 */
export function ruleHarness(rule: RuleDefinition, options: RuleHarnessOptions = {}) {
  const askedFor: string[] = [];
  const merged = (options.stored ?? []).reduce<TRuleThresholdValues>((inherited, layer) => mergeRuleThresholds(inherited, layer), {});
  const context = {
    thresholds: async (orgUnitId: string) => {
      askedFor.push(orgUnitId);
      return effectiveThresholds(rule, merged);
    },
    queries: (options.queries ?? {}) as RuleQueriesRepository,
    clock: { now: () => options.now ?? new Date() } as Clock,
  } as unknown as RuleContext<ThresholdShape>;
  return {
    /** The units whose thresholds the rule read. */
    askedFor,
    event: (type: string, payload: unknown, orgPath: string | null = null): Promise<AlertCandidate[]> =>
      rule.evaluate(context, { kind: 'event', event: { eventId: randomUUID(), type, orgPath, payload } }),
    schedule: (firedAt: Date): Promise<AlertCandidate[]> => rule.evaluate(context, { kind: 'schedule', firedAt }),
  };
}

/** What the settings hook answers when a unit stores `values` for the rule below units that stored `above`. */
export function thresholdRefusal(rule: RuleDefinition, values: Record<string, number>, above: TRuleThresholdValues[] = []): string | undefined {
  const inherited = above.reduce<TRuleThresholdValues>((acc, layer) => mergeRuleThresholds(acc, layer), {});
  return refuseLooserThresholds(inherited, { [rule.id]: values });
}

type AcceptedLine = TDeliveryAcceptedEvent['lines'][number];

/** A `delivery.accepted` payload of canteen-1 with the lines given (each completed from a default line). */
export function deliveryAccepted(lines: Partial<AcceptedLine>[], overrides: Partial<TDeliveryAcceptedEvent> = {}): TDeliveryAcceptedEvent {
  return {
    manifestId: 'manifest-1',
    code: 'DN-20261127-0001',
    supplierId: 'supplier-1',
    canteenId: 'canteen-1',
    deliveryDate: '2026-11-27',
    status: 'accepted',
    supplier: { id: 'supplier-1', name: '鲜达配送' },
    canteen: { id: 'canteen-1', name: '学生食堂' },
    acceptanceId: 'acceptance-1',
    acceptedAt: '2026-11-27T01:30:00.000Z',
    inspectorIds: ['user-1', 'user-2'],
    lines: lines.map((line, i) => ({
      deliveryLineId: `line-${i + 1}`,
      lineNo: i + 1,
      ingredientId: 'ing-cabbage',
      ingredientName: '白菜',
      category: 'vegetables',
      lotCode: `LOT-${i + 1}`,
      unit: 'kg',
      quantity: '10',
      acceptedQuantity: '10',
      unitPriceFen: 300,
      decision: 'accept',
      temperatureC: null,
      quarantineRequired: false,
      certificateIds: [],
      ...line,
    })),
    ...overrides,
  };
}

/** A `ledger.movements-booked` payload of canteen-1 with the movements given, in that order. */
export function movementsBooked(...movements: TBookedMovement[]): TMovementsBookedEvent {
  return { canteenId: 'canteen-1', groupId: 'group-1', movements };
}
