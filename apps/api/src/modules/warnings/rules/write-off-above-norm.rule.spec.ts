import type { TBookedMovement } from '@canteen/shared';
import type { Scope } from '@/common/tenancy/scope';
import { movementsBooked, ruleHarness, thresholdRefusal } from '@test/support/rule-harness';
import { writeOffAboveNorm as rule } from './write-off-above-norm.rule';

const TYPE = 'ledger.movements-booked';
const CANTEEN_PATH = '/p/c/k/s/canteen-1/';
const writeOff = (overrides: Partial<TBookedMovement> = {}): TBookedMovement => ({
  movementId: 'm-9',
  seq: 42,
  kind: 'write_off',
  ingredientId: 'ing-pork',
  batchId: 'batch-1',
  quantity: '-5',
  unit: 'kg',
  costFen: -13000,
  occurredOn: '2026-11-27',
  meal: null,
  reason: '冷库故障变质',
  reversesId: null,
  withoutDelivery: false,
  daysToExpiry: 1,
  fifoOverride: null,
  ...overrides,
});

function totals(dayFen: number, previousFen: number) {
  const calls: unknown[][] = [];
  return {
    calls,
    writeOffTotals: async (scope: Scope, ...rest: unknown[]) => {
      calls.push([scope.path, ...rest]);
      return { dayFen, previousFen };
    },
  };
}

describe('write-off-above-norm rule', () => {
  it('raises an alert when the day’s write-offs exceed 3 × the 30-day daily average and ¥100', async () => {
    // 30 days of ¥300 in all: ¥10 a day on average, so ¥130 today is far above the norm.
    const stub = totals(13000, 30000);
    const [alert] = await ruleHarness(rule, { queries: stub }).event(TYPE, movementsBooked(writeOff()), CANTEEN_PATH);
    expect(stub.calls).toEqual([[CANTEEN_PATH, 'canteen-1', '2026-11-27', 30, 42]]);
    expect(alert).toMatchObject({
      dedupeKey: 'canteen:canteen-1:write-offs:2026-11-27',
      subjectUnitId: 'canteen-1',
      title: { zh: '2026-11-27 报损 130.00 元，超出常态' },
      detail: { dayFen: 13000, averageFen: 1000, thresholds: { factor: 3, minimumYuan: 100 } },
    });
  });

  it('judges a booking once, on the day’s total up to its last write-off', async () => {
    const stub = totals(13000, 30000);
    const candidates = await ruleHarness(rule, { queries: stub }).event(
      TYPE,
      movementsBooked(writeOff({ movementId: 'm-8', seq: 41 }), writeOff({ kind: 'stock_out', seq: 42 }), writeOff({ movementId: 'm-10', seq: 43, reason: '停电' })),
      CANTEEN_PATH,
    );
    expect(stub.calls).toEqual([[CANTEEN_PATH, 'canteen-1', '2026-11-27', 30, 43]]);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]!.detail).toMatchObject({ lastMovementId: 'm-10', lastReason: '停电' });
  });

  it('stays quiet within the norm, below the minimum amount, and for movements that are not write-offs', async () => {
    expect(await ruleHarness(rule, { queries: totals(13000, 150000) }).event(TYPE, movementsBooked(writeOff()), CANTEEN_PATH)).toEqual([]);
    expect(await ruleHarness(rule, { queries: totals(9000, 0) }).event(TYPE, movementsBooked(writeOff()), CANTEEN_PATH)).toEqual([]);
    const unused = totals(99999, 0);
    expect(await ruleHarness(rule, { queries: unused }).event(TYPE, movementsBooked(writeOff({ kind: 'stock_out', meal: 'lunch' })), CANTEEN_PATH)).toEqual([]);
    expect(unused.calls).toEqual([]);
  });

  it('follows a county that tightened the factor and the minimum; a school cannot loosen them', async () => {
    const county = { [rule.id]: { factor: 2, minimumYuan: 50 } };
    // ¥60 today against ¥25 a day: 2.4 × the average.
    expect(await ruleHarness(rule, { queries: totals(6000, 75000), stored: [county] }).event(TYPE, movementsBooked(writeOff()), CANTEEN_PATH)).toHaveLength(1);
    expect(await ruleHarness(rule, { queries: totals(6000, 75000) }).event(TYPE, movementsBooked(writeOff()), CANTEEN_PATH)).toEqual([]);
    expect(thresholdRefusal(rule, { factor: 4 }, [county])).toContain('只能调低');
    expect(thresholdRefusal(rule, { minimumYuan: 200 }, [county])).toContain('只能调低');
  });
});
