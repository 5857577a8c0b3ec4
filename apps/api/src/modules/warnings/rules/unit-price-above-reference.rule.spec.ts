import type { Scope } from '@/common/tenancy/scope';
import type { ReferencePrice } from '../rule-queries.repository';
import { deliveryAccepted, ruleHarness, thresholdRefusal } from '@test/support/rule-harness';
import { unitPriceAboveReference as rule } from './unit-price-above-reference.rule';

const TYPE = 'delivery.accepted';
const CANTEEN_PATH = '/province/city/county/school/canteen-1/';
const pork = { ingredientId: 'ing-pork', ingredientName: '猪肉', category: 'livestock' as const, unitPriceFen: 2600 };

function queries(references: ReferencePrice[]) {
  const calls: { scope: string; ids: string[]; since: Date; until: Date; exclude: string }[] = [];
  return {
    calls,
    ancestorAt: async (_scope: Scope, path: string, level: string) => (path === CANTEEN_PATH && level === 'city' ? { id: 'city', name: '达州市', path: '/province/city/' } : null),
    referencePrices: async (scope: Scope, ids: string[], since: Date, until: Date, exclude: string) => {
      calls.push({ scope: scope.path, ids, since, until, exclude });
      return references.filter((reference) => ids.includes(reference.ingredientId));
    },
  };
}

describe('unit-price-above-reference rule', () => {
  it('compares accepted prices with the city median of the last 30 days, leaving this delivery out', async () => {
    const stub = queries([
      { ingredientId: 'ing-pork', medianFen: 2000, samples: 12 },
      { ingredientId: 'ing-cabbage', medianFen: 280, samples: 9 },
    ]);
    const [alert, ...more] = await ruleHarness(rule, { queries: stub }).event(TYPE, deliveryAccepted([{}, pork]), CANTEEN_PATH);
    expect(more).toHaveLength(0);
    expect(stub.calls).toEqual([
      { scope: '/province/city/', ids: ['ing-cabbage', 'ing-pork'], since: new Date('2026-10-28T01:30:00.000Z'), until: new Date('2026-11-27T01:30:00.000Z'), exclude: 'manifest-1' },
    ]);
    expect(alert).toMatchObject({
      dedupeKey: 'canteen:canteen-1:manifest:manifest-1:price',
      subjectUnitId: 'canteen-1',
      title: { zh: '采购单价高于全市参考价：猪肉' },
      summary: { zh: expect.stringContaining('猪肉 26.00 元/kg，参考价 20.00 元（高 30%）') },
    });
    expect(alert!.detail.lines).toEqual([{ lineNo: 2, ingredientId: 'ing-pork', ingredientName: '猪肉', unit: 'kg', unitPriceFen: 2600, referenceFen: 2000, samples: 12, markup: 0.3 }]);
  });

  it('stays quiet at 20 % or less above, without enough samples, without a reference, and for rejected lines', async () => {
    const harness = ruleHarness(rule, { queries: queries([{ ingredientId: 'ing-pork', medianFen: 2200, samples: 12 }, { ingredientId: 'ing-beef', medianFen: 1000, samples: 2 }]) });
    expect(await harness.event(TYPE, deliveryAccepted([pork]), CANTEEN_PATH)).toEqual([]);
    expect(await harness.event(TYPE, deliveryAccepted([{ ingredientId: 'ing-beef', unitPriceFen: 5000 }]), CANTEEN_PATH)).toEqual([]);
    expect(await harness.event(TYPE, deliveryAccepted([{ ingredientId: 'ing-fish', unitPriceFen: 5000 }]), CANTEEN_PATH)).toEqual([]);
    expect(await harness.event(TYPE, deliveryAccepted([{ ...pork, unitPriceFen: 9000, decision: 'reject', acceptedQuantity: '0' }]), CANTEEN_PATH)).toEqual([]);
  });

  it('uses the markup and sample count a county tightened; a school cannot loosen the markup', async () => {
    const county = { [rule.id]: { markupPercent: 10, minSamples: 2 } };
    const stub = queries([
      { ingredientId: 'ing-pork', medianFen: 2200, samples: 12 },
      { ingredientId: 'ing-beef', medianFen: 1000, samples: 2 },
    ]);
    const [alert] = await ruleHarness(rule, { queries: stub, stored: [county] }).event(TYPE, deliveryAccepted([pork, { ingredientId: 'ing-beef', ingredientName: '牛肉', unitPriceFen: 1150 }]), CANTEEN_PATH);
    expect((alert!.detail.lines as { ingredientName: string }[]).map((line) => line.ingredientName)).toEqual(['猪肉', '牛肉']);
    expect(thresholdRefusal(rule, { markupPercent: 25 }, [county])).toContain('只能调低');
    expect(thresholdRefusal(rule, { markupPercent: -1 })).toBeDefined();
  });
});
