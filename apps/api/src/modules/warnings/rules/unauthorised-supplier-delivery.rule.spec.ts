import type { TDeliveryRefusedEvent } from '@canteen/shared';
import { ruleHarness } from '@test/support/rule-harness';
import { unauthorisedSupplierDelivery as rule } from './unauthorised-supplier-delivery.rule';

const TYPE = 'delivery.refused';
const refusal = (overrides: Partial<TDeliveryRefusedEvent> = {}): TDeliveryRefusedEvent => ({
  reason: 'uncontracted',
  supplierId: 'supplier-1',
  supplierName: '鲜达配送',
  canteenId: 'canteen-1',
  canteenName: '学生食堂',
  deliveryDate: '2026-11-27',
  source: 'form',
  categories: ['livestock', 'vegetables'],
  lineCount: 3,
  refusedAt: '2026-11-27T00:10:00.000Z',
  ...overrides,
});

describe('unauthorised-supplier-delivery rule', () => {
  it('raises a warning for a supplier without a contract, naming the food groups', async () => {
    const [alert] = await ruleHarness(rule).event(TYPE, refusal());
    expect(alert).toMatchObject({
      dedupeKey: 'canteen:canteen-1:supplier:supplier-1:uncontracted:2026-11-27',
      subjectUnitId: 'canteen-1',
      severity: 'warning',
      occurredAt: new Date('2026-11-27T00:10:00.000Z'),
      title: { zh: '无有效合同的供应商「鲜达配送」试图送货' },
      summary: { zh: expect.stringContaining('畜禽肉类、蔬菜类') },
      detail: { reason: 'uncontracted', lineCount: 3 },
    });
  });

  it('makes a blacklisted supplier critical', async () => {
    const [alert] = await ruleHarness(rule).event(TYPE, refusal({ reason: 'blacklisted', categories: [] }));
    expect(alert).toMatchObject({ severity: 'critical', dedupeKey: 'canteen:canteen-1:supplier:supplier-1:blacklisted:2026-11-27', title: { zh: '失信名单供应商「鲜达配送」试图送货' } });
  });

  it('ignores a payload that is not a refusal, and has no thresholds to inherit', async () => {
    expect(await ruleHarness(rule).event(TYPE, { reason: 'late' })).toEqual([]);
    expect(Object.keys(rule.thresholds.fields)).toEqual([]);
  });
});
