import type { TBookedMovement } from '@canteen/shared';
import { movementsBooked, ruleHarness } from '@test/support/rule-harness';
import { stockInWithoutDelivery as rule } from './stock-in-without-delivery.rule';

const movement = (overrides: Partial<TBookedMovement> = {}): TBookedMovement => ({
  movementId: 'm-1',
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
const TYPE = 'ledger.movements-booked';
const queries = { ingredientNames: async () => new Map([['ing-pork', '猪肉']]) };

describe('stock-in-without-delivery rule', () => {
  it('raises an alert for a stock-in that did not come through an accepted delivery', async () => {
    const [alert, ...more] = await ruleHarness(rule, { queries }).event(TYPE, movementsBooked(movement()));
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({
      dedupeKey: 'canteen:canteen-1:ingredient:ing-pork:2026-11-27',
      subjectUnitId: 'canteen-1',
      title: { zh: '猪肉入库无验收送货记录' },
      detail: { movementId: 'm-1', quantity: '12.5', costFen: 32500 },
    });
  });

  it('raises one candidate for each stock-in of a booking that came through no delivery', async () => {
    const candidates = await ruleHarness(rule, { queries }).event(
      TYPE,
      movementsBooked(
        movement({ movementId: 'm-1' }),
        movement({ movementId: 'm-2', ingredientId: 'ing-rice', withoutDelivery: false }),
        movement({ movementId: 'm-3', ingredientId: 'ing-rice' }),
      ),
    );
    expect(candidates.map((c) => [c.dedupeKey, c.detail.movementId])).toEqual([
      ['canteen:canteen-1:ingredient:ing-pork:2026-11-27', 'm-1'],
      ['canteen:canteen-1:ingredient:ing-rice:2026-11-27', 'm-3'],
    ]);
    // An ingredient the catalogue does not name is shown by its id.
    expect(candidates[1]!.title.zh).toBe('ing-rice入库无验收送货记录');
  });

  it('stays quiet for a stock-in from a delivery, for other movements and for a malformed payload', async () => {
    const harness = ruleHarness(rule, { queries });
    expect(await harness.event(TYPE, movementsBooked(movement({ withoutDelivery: false })))).toEqual([]);
    expect(await harness.event(TYPE, movementsBooked(movement({ kind: 'write_off', withoutDelivery: false, quantity: '-1' })))).toEqual([]);
    expect(await harness.event(TYPE, { kind: 'stock_in' })).toEqual([]);
  });

  it('has no thresholds to inherit', () => {
    expect(Object.keys(rule.thresholds.fields)).toEqual([]);
  });
});
