import type { TMovementBookedEvent } from '@canteen/shared';
import { ruleHarness } from '@test/support/rule-harness';
import { stockInWithoutDelivery as rule } from './stock-in-without-delivery.rule';

const movement = (overrides: Partial<TMovementBookedEvent> = {}): TMovementBookedEvent => ({
  movementId: 'm-1',
  canteenId: 'canteen-1',
  seq: 7,
  kind: 'stock_in',
  ingredientId: 'ing-pork',
  batchId: 'batch-1',
  quantity: '12.5',
  unit: 'kg',
  costFen: 32500,
  occurredOn: '2026-11-27',
  meal: null,
  reason: '市场应急采购',
  reversesId: null,
  withoutDelivery: true,
  daysToExpiry: 3,
  fifoOverride: null,
  ...overrides,
});
const TYPE = 'ledger.movement-booked';
const queries = { ingredientNames: async () => new Map([['ing-pork', '猪肉']]) };

describe('stock-in-without-delivery rule', () => {
  it('raises an alert for a stock-in that did not come through an accepted delivery', async () => {
    const [alert, ...more] = await ruleHarness(rule, { queries }).event(TYPE, movement());
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({
      dedupeKey: 'canteen:canteen-1:ingredient:ing-pork:2026-11-27',
      subjectUnitId: 'canteen-1',
      title: { zh: '猪肉入库无验收送货记录' },
      detail: { movementId: 'm-1', quantity: '12.5', costFen: 32500 },
    });
  });

  it('stays quiet for a stock-in from a delivery, for other movements and for a malformed payload', async () => {
    const harness = ruleHarness(rule, { queries });
    expect(await harness.event(TYPE, movement({ withoutDelivery: false }))).toEqual([]);
    expect(await harness.event(TYPE, movement({ kind: 'write_off', withoutDelivery: false, quantity: '-1' }))).toEqual([]);
    expect(await harness.event(TYPE, { kind: 'stock_in' })).toEqual([]);
  });

  it('has no thresholds to inherit', () => {
    expect(Object.keys(rule.thresholds.fields)).toEqual([]);
  });
});
