import type { TBookedMovement } from '@canteen/shared';
import { movementsBooked, ruleHarness, thresholdRefusal } from '@test/support/rule-harness';
import { expiringBatchIssued as rule } from './expiring-batch-issued.rule';

const issue = (daysToExpiry: number | null, overrides: Partial<TBookedMovement> = {}): TBookedMovement => ({
  movementId: 'm-1',
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
const TYPE = 'ledger.movements-booked';
const queries = { ingredientNames: async () => new Map([['ing-milk', '牛奶']]) };

describe('expiring-batch-issued rule', () => {
  it('raises a warning for a batch issued within a day of its expiry, keyed by the batch', async () => {
    const harness = ruleHarness(rule, { queries });
    for (const days of [1, 0]) {
      const [alert] = await harness.event(TYPE, movementsBooked(issue(days)));
      expect(alert).toMatchObject({ dedupeKey: 'canteen:canteen-1:batch:batch-1', subjectUnitId: 'canteen-1', severity: 'warning', detail: { daysToExpiry: days, quantity: '4', nearExpiryDays: 1 } });
    }
    const [today] = await harness.event(TYPE, movementsBooked(issue(0)));
    expect(today!.title.zh).toBe('出库临期食材：牛奶（当天到期）');
  });

  it('makes an expired batch critical', async () => {
    const [alert] = await ruleHarness(rule, { queries }).event(TYPE, movementsBooked(issue(-2)));
    expect(alert).toMatchObject({ severity: 'critical', title: { zh: '出库过期食材：牛奶（已过期 2 天）' } });
  });

  it('raises one candidate for each near-expiry line of a booking, asking the names once', async () => {
    const asked: string[][] = [];
    const names = { ingredientNames: async (ids: string[]) => (asked.push(ids), new Map([['ing-milk', '牛奶'], ['ing-egg', '鸡蛋']])) };
    const candidates = await ruleHarness(rule, { queries: names }).event(
      TYPE,
      movementsBooked(
        issue(5, { movementId: 'm-1', batchId: 'batch-fresh' }),
        issue(1, { movementId: 'm-2', batchId: 'batch-near' }),
        issue(-1, { movementId: 'm-3', batchId: 'batch-old', ingredientId: 'ing-egg', unit: 'kg' }),
      ),
    );
    expect(candidates.map((c) => [c.dedupeKey, c.severity, c.detail.movementId])).toEqual([
      ['canteen:canteen-1:batch:batch-near', 'warning', 'm-2'],
      ['canteen:canteen-1:batch:batch-old', 'critical', 'm-3'],
    ]);
    expect(candidates[1]!.title.zh).toBe('出库过期食材：鸡蛋（已过期 1 天）');
    expect(asked).toEqual([['ing-milk', 'ing-egg']]);
  });

  it('stays quiet for fresher batches, products without a shelf life and other movements', async () => {
    const harness = ruleHarness(rule, { queries });
    expect(await harness.event(TYPE, movementsBooked(issue(2)))).toEqual([]);
    expect(await harness.event(TYPE, movementsBooked(issue(null)))).toEqual([]);
    expect(await harness.event(TYPE, movementsBooked(issue(0, { kind: 'write_off', meal: null })))).toEqual([]);
  });

  it('reaches further ahead where a county asked for more notice; a school cannot ask for less', async () => {
    const county = { [rule.id]: { nearExpiryDays: 3 } };
    expect(await ruleHarness(rule, { queries, stored: [county] }).event(TYPE, movementsBooked(issue(3)))).toHaveLength(1);
    expect(await ruleHarness(rule, { queries, stored: [county, { [rule.id]: { nearExpiryDays: 0 } }] }).event(TYPE, movementsBooked(issue(3)))).toHaveLength(1);
    expect(thresholdRefusal(rule, { nearExpiryDays: 0 }, [county])).toContain('只能调高');
    expect(thresholdRefusal(rule, { nearExpiryDays: 5 }, [county])).toBeUndefined();
    expect(thresholdRefusal(rule, { nearExpiryDays: 99 })).toBeDefined();
  });
});
