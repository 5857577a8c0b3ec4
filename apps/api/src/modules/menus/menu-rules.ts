import {
  type AgeBand,
  type DeviationStatus,
  type IngredientUnit,
  type Meal,
  type TExecutionTolerance,
  gramsPerStockUnit,
  purchaseGramsFromEdible,
} from '@canteen/shared';

/** What turns a recipe's edible grams into the ingredient's stock unit (食部 and grams per unit). */
export interface StockConversion {
  unit: string;
  unitDecimals: number;
  /** 食部 in %, 100 when the ingredient has no linked food. */
  ediblePercent: number;
  /** Grams in one stock unit; null when the unit is piece, box or bag without a stated weight. */
  gramsPerUnit: number | null;
}

export function conversionOf(ingredient: { unit: string; unitDecimals: number; gramsPerUnit: { toString(): string } | null; ediblePercent: { toString(): string } | null }): StockConversion {
  const gramsPerUnit = gramsPerStockUnit(ingredient.unit as IngredientUnit, ingredient.gramsPerUnit === null ? null : Number(ingredient.gramsPerUnit.toString()));
  return {
    unit: ingredient.unit,
    unitDecimals: ingredient.unitDecimals,
    ediblePercent: ingredient.ediblePercent === null ? 100 : Number(ingredient.ediblePercent.toString()),
    gramsPerUnit,
  };
}

/** Stock-unit quantity holding `edibleGrams` of edible part, or null without a grams-per-unit. */
export function stockQuantity(edibleGrams: number, conversion: StockConversion): number | null {
  if (conversion.gramsPerUnit === null || conversion.gramsPerUnit <= 0 || conversion.ediblePercent <= 0) return null;
  return purchaseGramsFromEdible(edibleGrams, conversion.ediblePercent) / conversion.gramsPerUnit;
}

/** Edible grams in a stock-unit quantity (the inverse), or null without a grams-per-unit. */
export function edibleGrams(quantity: number, conversion: StockConversion): number | null {
  if (conversion.gramsPerUnit === null) return null;
  return (quantity * conversion.gramsPerUnit * conversion.ediblePercent) / 100;
}

/** A quantity as the API writes it: a decimal string with at most 3 places, no trailing zeros. */
export function quantityText(value: number): string {
  const fixed = (Math.round(value * 1000) / 1000).toFixed(3);
  return fixed.replace(/\.?0+$/, '') || '0';
}

/** Rounded up to the unit's decimals: a purchase never falls short by rounding. */
export function roundUp(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.ceil(value * factor - 1e-9) / factor;
}

/**
 * (issued − expected) / expected, or null when nothing was expected; 0 when the issue is within one
 * step of the unit's decimals of the demand, which the unit cannot express more closely (4.8913 L
 * of oil is issued as 4.89 or 4.90 L).
 */
export function deviationOf(expected: number | null, issued: number, unitDecimals: number): number | null {
  if (expected === null || expected <= 0) return null;
  if (Math.abs(issued - expected) < 10 ** -unitDecimals - 1e-9) return 0;
  return (issued - expected) / expected;
}

/**
 * How an ingredient's issue compares with the recipe's demand under the tolerance, judged by
 * `deviationOf`, so a difference the unit cannot express is no breach either.
 */
export function deviationStatus(expected: number | null, issued: number, tolerance: TExecutionTolerance, unitDecimals: number): DeviationStatus {
  if (expected === null) return 'unknown';
  if (expected <= 0) return issued > 0 ? 'unplanned' : 'ok';
  const deviation = deviationOf(expected, issued, unitDecimals)!;
  // A hair's breadth of float error must not turn an exact tolerance into a breach.
  if (deviation > tolerance.over + 1e-9) return 'over';
  if (deviation < -tolerance.under - 1e-9) return 'under';
  return 'ok';
}

export const outOfTolerance = (status: DeviationStatus) => status === 'over' || status === 'under' || status === 'unplanned';

/** Money of a stock-unit quantity at a unit price, rounded to the fen. */
export function valueFen(quantity: number, unitPriceFen: number): number {
  return Math.round(quantity * unitPriceFen);
}

/** One planned (day, meal, age band): its headcount and the dish versions served. */
export interface PlannedEntry {
  day: string;
  meal: Meal;
  ageBand: AgeBand;
  headcount: number;
  dishVersionIds: string[];
}

export interface RecipeLine {
  dishVersionId: string;
  ingredientId: string;
  ageBand: AgeBand;
  grams: number;
}

/**
 * Edible grams per ingredient that a set of dishes needs for the given headcount per age band:
 * Σ over bands and dishes of grams per student × headcount.
 */
export function demandGrams(dishVersionIdsByBand: Map<AgeBand, string[]>, headcountByBand: Map<AgeBand, number>, recipes: RecipeLine[]): Map<string, number> {
  const demand = new Map<string, number>();
  for (const line of recipes) {
    const dishes = dishVersionIdsByBand.get(line.ageBand);
    const headcount = headcountByBand.get(line.ageBand) ?? 0;
    if (!dishes || headcount === 0) continue;
    const times = dishes.filter((id) => id === line.dishVersionId).length;
    if (times === 0) continue;
    demand.set(line.ingredientId, (demand.get(line.ingredientId) ?? 0) + line.grams * headcount * times);
  }
  return demand;
}

export const MEAL_ORDER: Record<Meal, number> = { breakfast: 0, lunch: 1, dinner: 2 };
