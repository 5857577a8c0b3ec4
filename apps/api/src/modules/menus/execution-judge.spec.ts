import type { AgeBand } from '@canteen/shared';
import { judgeMeal } from './execution-judge';
import type { IngredientFacts } from './menu-facts.repository';
import { deviationStatus, roundUp, stockQuantity } from './menu-rules';

const fact = (id: string, unit: string, gramsPerUnit: number | null, ediblePercent = 100, unitDecimals = 2): IngredientFacts => ({
  id,
  code: id,
  name: id,
  category: 'vegetables',
  unit,
  unitDecimals,
  gramsPerUnit,
  ediblePercent,
});

const tolerance = { over: 0.1, under: 0.2 };

describe('stock quantities from recipe grams', () => {
  it('applies the edible portion and the grams per unit', () => {
    // 100 g edible of a vegetable that is 80 % edible: 125 g as bought, 0.125 kg.
    expect(stockQuantity(100, fact('v', 'kg', 1000, 80))).toBeCloseTo(0.125, 10);
    // 4 800 g of milk is one box of 24 × 200 mL.
    expect(stockQuantity(4800, fact('m', 'box', 4800))).toBe(1);
    expect(stockQuantity(100, fact('p', 'piece', null))).toBeNull();
  });

  it('rounds a purchase up to the unit’s decimals', () => {
    expect(roundUp(16.667, 0)).toBe(17);
    expect(roundUp(4.3471, 2)).toBe(4.35);
    expect(roundUp(19, 2)).toBe(19);
  });
});

describe('deviation status under the tolerance (+10 % / −20 %)', () => {
  it.each([
    [100, 110, 2, 'ok'],
    [100, 110.5, 2, 'over'],
    [100, 80, 2, 'ok'],
    [100, 79.9, 2, 'under'],
    [0, 5, 2, 'unplanned'],
    [0, 0, 2, 'ok'],
    [null, 5, 2, 'unknown'],
    // 0.6 of a piece cannot be issued: none or one are as close as pieces allow.
    [0.6, 0, 0, 'ok'],
    [0.6, 1, 0, 'ok'],
    [0.6, 0, 2, 'under'],
  ] as const)('expected %s, issued %s at %s decimals: %s', (expected, issued, decimals, status) => {
    expect(deviationStatus(expected, issued, tolerance, decimals)).toBe(status);
  });
});

describe('judging a meal (hand-computed)', () => {
  const facts = new Map([
    ['rice', fact('rice', 'kg', 1000)],
    ['cabbage', fact('cabbage', 'kg', 1000, 80)],
    ['pork', fact('pork', 'kg', 1000)],
    ['salt', fact('salt', 'kg', 1000)],
  ]);
  const recipes = [
    { dishVersionId: 'rice-dish', ingredientId: 'rice', ageBand: '9-11' as AgeBand, grams: 150 },
    { dishVersionId: 'rice-dish', ingredientId: 'rice', ageBand: '12-14' as AgeBand, grams: 180 },
    { dishVersionId: 'pork-cabbage', ingredientId: 'cabbage', ageBand: '9-11' as AgeBand, grams: 120 },
    { dishVersionId: 'pork-cabbage', ingredientId: 'cabbage', ageBand: '12-14' as AgeBand, grams: 150 },
    { dishVersionId: 'pork-cabbage', ingredientId: 'pork', ageBand: '9-11' as AgeBand, grams: 20 },
    { dishVersionId: 'pork-cabbage', ingredientId: 'pork', ageBand: '12-14' as AgeBand, grams: 25 },
  ];
  const entries = [
    { day: '2026-11-30', meal: 'lunch' as const, ageBand: '9-11' as AgeBand, headcount: 300, dishVersionIds: ['rice-dish', 'pork-cabbage'] },
    { day: '2026-11-30', meal: 'lunch' as const, ageBand: '12-14' as AgeBand, headcount: 200, dishVersionIds: ['rice-dish', 'pork-cabbage'] },
  ];
  // Served 250 pupils of 9–11 and 200 of 12–14:
  //   rice    250 × 150 + 200 × 180 = 73 500 g → 73.5 kg
  //   cabbage (250 × 120 + 200 × 150) ÷ 80 % = 75 000 g → 75 kg as bought
  //   pork    250 × 20 + 200 × 25 = 10 000 g → 10 kg
  const headcountByBand = new Map<AgeBand, number>([
    ['9-11', 250],
    ['12-14', 200],
  ]);

  it('compares each ingredient’s issue with the recipes × served headcount, and values the meal', () => {
    const judged = judgeMeal({
      entries,
      headcountByBand,
      recipes,
      facts,
      issued: [
        { ingredientId: 'rice', quantity: 73.5, costFen: 41_160 },
        { ingredientId: 'cabbage', quantity: 60, costFen: 12_000 },
        { ingredientId: 'pork', quantity: 11.5, costFen: 29_900 },
        { ingredientId: 'salt', quantity: 1, costFen: 400 },
      ],
      prices: new Map(),
      tolerance,
    });
    const byId = Object.fromEntries(judged.lines.map((l) => [l.ingredient.id, l]));
    expect(byId.rice).toMatchObject({ expectedEdibleGrams: 73_500, expected: '73.5', issued: '73.5', deviation: 0, status: 'ok' });
    expect(byId.cabbage).toMatchObject({ expectedEdibleGrams: 60_000, expected: '75', issued: '60', status: 'ok' });
    expect(byId.cabbage!.deviation).toBeCloseTo(-0.2, 10);
    expect(byId.pork).toMatchObject({ expected: '10', issued: '11.5', status: 'over' });
    expect(byId.pork!.deviation).toBeCloseTo(0.15, 10);
    expect(byId.salt).toMatchObject({ expected: '0', issued: '1', deviation: null, status: 'unplanned' });
    // Expected value at the issue prices: 73.5 × 560 + 75 × 200 + 10 × 2 600 = 41 160 + 15 000 + 26 000.
    expect(judged.expectedFen).toBe(82_160);
    expect(judged.issuedFen).toBe(83_460);
    expect(judged.deviation).toBeCloseTo(1_300 / 82_160, 10);
    expect(judged.outOfTolerance).toBe(true);
  });

  it('counts an issue within one step of the unit’s decimals of the demand as no deviation', () => {
    // 500 pupils × 9 g of oil ÷ 920 g/L = 4.8913… L, which the ledger can issue only as 4.89 or 4.90 L.
    const oil = [{ dishVersionId: 'rice-dish', ingredientId: 'oil', ageBand: '9-11' as AgeBand, grams: 9 }];
    const judge = (quantity: number) =>
      judgeMeal({
        entries: [{ day: '2026-11-30', meal: 'lunch' as const, ageBand: '9-11' as AgeBand, headcount: 500, dishVersionIds: ['rice-dish'] }],
        headcountByBand: new Map<AgeBand, number>([['9-11', 500]]),
        recipes: oil,
        facts: new Map([['oil', fact('oil', 'L', 920)]]),
        issued: [{ ingredientId: 'oil', quantity, costFen: 0 }],
        prices: new Map(),
        tolerance,
      }).lines[0]!;
    expect(judge(4.89)).toMatchObject({ expected: '4.891', deviation: 0, status: 'ok' });
    expect(judge(4.9)).toMatchObject({ deviation: 0, status: 'ok' });
    expect(judge(4.91).deviation).toBeCloseTo(0.0187 / 4.8913, 3);
    expect(judge(4.88).deviation).toBeCloseTo(-0.0113 / 4.8913, 3);
  });

  it('a meal issued as the recipes ask is within tolerance; without any issue it is all under', () => {
    const fits = judgeMeal({
      entries,
      headcountByBand,
      recipes,
      facts,
      issued: [
        { ingredientId: 'rice', quantity: 73.5, costFen: 41_160 },
        { ingredientId: 'cabbage', quantity: 75, costFen: 15_000 },
        { ingredientId: 'pork', quantity: 10, costFen: 26_000 },
      ],
      prices: new Map(),
      tolerance,
    });
    expect(fits.outOfTolerance).toBe(false);
    expect(fits.deviation).toBe(0);
    const nothing = judgeMeal({ entries, headcountByBand, recipes, facts, issued: [], prices: new Map([['rice', 560]]), tolerance });
    expect(nothing.lines.map((l) => l.status)).toEqual(['under', 'under', 'under']);
    expect(nothing.expectedFen).toBe(41_160);
  });
});
