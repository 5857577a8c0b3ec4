import type { TMovementBookedEvent } from '@canteen/shared';
import { ruleHarness, thresholdRefusal } from '@test/support/rule-harness';
import { expiringBatchIssued as rule } from './expiring-batch-issued.rule';

const issue = (daysToExpiry: number | null, overrides: Partial<TMovementBookedEvent> = {}): TMovementBookedEvent => ({
  movementId: 'm-1',
  canteenId: 'canteen-1',
  seq: 9,
  kind: 'stock_out',
  ingredientId: 'ing-milk',
  batchId: 'batch-1',
  quantity: '-4',
  unit: 'L',
  costFen: -2400,
  occurredOn: '2026-11-27',
  meal: 'breakfast',
  reason: null,
  reversesId: null,
  withoutDelivery: false,
  daysToExpiry,
  fifoOverride: null,
  ...overrides,
});
const TYPE = 'ledger.movement-booked';
const queries = { ingredientNames: async () => new Map([['ing-milk', '牛奶']]) };

describe('expiring-batch-issued rule', () => {
  it('raises a warning for a batch issued within a day of its expiry, keyed by the batch', async () => {
    const harness = ruleHarness(rule, { queries });
    for (const days of [1, 0]) {
      const [alert] = await harness.event(TYPE, issue(days));
      expect(alert).toMatchObject({ dedupeKey: 'canteen:canteen-1:batch:batch-1', subjectUnitId: 'canteen-1', severity: 'warning', detail: { daysToExpiry: days, quantity: '4', nearExpiryDays: 1 } });
    }
    const [today] = await harness.event(TYPE, issue(0));
    expect(today!.title.zh).toBe('出库临期食材：牛奶（当天到期）');
  });

  it('makes an expired batch critical', async () => {
    const [alert] = await ruleHarness(rule, { queries }).event(TYPE, issue(-2));
    expect(alert).toMatchObject({ severity: 'critical', title: { zh: '出库过期食材：牛奶（已过期 2 天）' } });
  });

  it('stays quiet for fresher batches, products without a shelf life and other movements', async () => {
    const harness = ruleHarness(rule, { queries });
    expect(await harness.event(TYPE, issue(2))).toEqual([]);
    expect(await harness.event(TYPE, issue(null))).toEqual([]);
    expect(await harness.event(TYPE, issue(0, { kind: 'write_off', meal: null }))).toEqual([]);
  });

  it('reaches further ahead where a county asked for more notice; a school cannot ask for less', async () => {
    const county = { [rule.id]: { nearExpiryDays: 3 } };
    expect(await ruleHarness(rule, { queries, stored: [county] }).event(TYPE, issue(3))).toHaveLength(1);
    expect(await ruleHarness(rule, { queries, stored: [county, { [rule.id]: { nearExpiryDays: 0 } }] }).event(TYPE, issue(3))).toHaveLength(1);
    expect(thresholdRefusal(rule, { nearExpiryDays: 0 }, [county])).toContain('只能调高');
    expect(thresholdRefusal(rule, { nearExpiryDays: 5 }, [county])).toBeUndefined();
    expect(thresholdRefusal(rule, { nearExpiryDays: 99 })).toBeDefined();
  });
});
