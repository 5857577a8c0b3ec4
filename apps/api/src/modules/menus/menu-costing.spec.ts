import type { IngredientFacts } from './menu-facts.repository';
import { entryCost } from './menu-costing';
import type { PlannedEntry, RecipeLine } from './menu-rules';

const fact = (id: string, name: string, unit: string, gramsPerUnit: number | null): IngredientFacts => ({
  id,
  code: id,
  name,
  category: 'vegetables',
  unit,
  unitDecimals: 2,
  gramsPerUnit,
  ediblePercent: 100,
});

const facts = new Map([
  ['rice', fact('rice', '大米', 'kg', 1000)],
  ['garlic', fact('garlic', '大蒜', 'kg', 1000)],
  ['tofu', fact('tofu', '豆腐', 'box', null)],
  ['milk', fact('milk', '学生奶', 'box', null)],
]);
const entry: PlannedEntry = { day: '2026-12-01', meal: 'lunch', ageBand: '9-11', headcount: 400, dishVersionIds: ['d1', 'd2'] };
const recipe = (dishVersionId: string, ingredientId: string, grams: number): RecipeLine => ({ dishVersionId, ingredientId, ageBand: '9-11', grams });

describe('the planned cost of an entry', () => {
  it('is the sum of stock quantity × unit price over its dishes, for its age band only', () => {
    const lines = [recipe('d1', 'rice', 150), recipe('d2', 'garlic', 10), { ...recipe('d1', 'rice', 999), ageBand: '6-8' as const }];
    expect(entryCost(entry, lines, facts, new Map([['rice', 560], ['garlic', 1200]]))).toEqual({ fen: Math.round(0.15 * 560 + 0.01 * 1200), uncosted: [] });
  });

  it('is unknown when a line has no price or no grams per unit, and names each such ingredient with what it lacks', () => {
    const lines = [recipe('d1', 'rice', 150), recipe('d1', 'garlic', 10), recipe('d2', 'tofu', 80), recipe('d2', 'milk', 200)];
    // Tofu has a price but no grams per box; milk has neither, and a price is what is asked for first.
    expect(entryCost(entry, lines, facts, new Map([['rice', 560], ['tofu', 300]]))).toEqual({
      fen: null,
      uncosted: [
        { id: 'garlic', name: '大蒜', missing: 'price' },
        { id: 'tofu', name: '豆腐', missing: 'conversion' },
        { id: 'milk', name: '学生奶', missing: 'price' },
      ],
    });
  });
});
