import type { AgeBand, TExecutionLine, TExecutionTolerance } from '@canteen/shared';
import type { IngredientFacts } from './menu-facts.repository';
import { type PlannedEntry, type RecipeLine, demandGrams, deviationOf, deviationStatus, outOfTolerance, quantityText, stockQuantity } from './menu-rules';

export interface JudgedMeal {
  lines: TExecutionLine[];
  expectedFen: number;
  issuedFen: number;
  deviation: number | null;
  outOfTolerance: boolean;
}

export interface MealIssue {
  ingredientId: string;
  /** Net issued quantity in the stock unit (positive). */
  quantity: number;
  costFen: number;
}

/**
 * 执行真实性 of one meal: for each ingredient, the recipes' demand (grams per student × headcount
 * per age band, in the stock unit) against what the ledger issued, and the verdict under the
 * tolerance. The meal's own deviation weighs ingredients by value, at the prices they were issued
 * at (else the latest price), so that kilograms of rice and pieces of eggs can be added up.
 */
export function judgeMeal(input: {
  entries: PlannedEntry[];
  headcountByBand: Map<AgeBand, number>;
  recipes: RecipeLine[];
  facts: Map<string, IngredientFacts>;
  issued: MealIssue[];
  prices: Map<string, number>;
  tolerance: TExecutionTolerance;
}): JudgedMeal {
  const dishesByBand = new Map<AgeBand, string[]>(input.entries.map((e) => [e.ageBand, e.dishVersionIds]));
  const demand = demandGrams(dishesByBand, input.headcountByBand, input.recipes);
  const issued = new Map(input.issued.map((row) => [row.ingredientId, row]));
  const ids = [...new Set([...demand.keys(), ...issued.keys()])].filter((id) => input.facts.has(id));
  let expectedFen = 0;
  let issuedFen = 0;
  const lines = ids.map((id): TExecutionLine => {
    const fact = input.facts.get(id)!;
    const grams = demand.get(id) ?? 0;
    const expected = grams > 0 ? stockQuantity(grams, fact) : 0;
    const row = issued.get(id);
    const issuedQuantity = row?.quantity ?? 0;
    const status = deviationStatus(expected, issuedQuantity, input.tolerance, fact.unitDecimals);
    const unitPrice = row && row.quantity > 0 ? row.costFen / row.quantity : (input.prices.get(id) ?? null);
    if (expected !== null && unitPrice !== null) expectedFen += expected * unitPrice;
    issuedFen += row?.costFen ?? 0;
    return {
      ingredient: { id, code: fact.code, name: fact.name, category: fact.category, unit: fact.unit },
      expectedEdibleGrams: Math.round(grams * 10) / 10,
      expected: expected === null ? null : quantityText(expected),
      issued: quantityText(issuedQuantity),
      issuedFen: row?.costFen ?? 0,
      deviation: deviationOf(expected, issuedQuantity, fact.unitDecimals),
      status,
    };
  });
  lines.sort((a, b) => a.ingredient.code.localeCompare(b.ingredient.code));
  const roundedExpected = Math.round(expectedFen);
  return {
    lines,
    expectedFen: roundedExpected,
    issuedFen,
    deviation: roundedExpected > 0 ? (issuedFen - roundedExpected) / roundedExpected : null,
    outOfTolerance: lines.some((line) => outOfTolerance(line.status)),
  };
}
