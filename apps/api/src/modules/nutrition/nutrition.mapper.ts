import {
  type FoodGroup,
  type IngredientUnit,
  NUTRIENTS,
  type TFood,
  type TIngredientNutrition,
  type TNutrientValues,
  type TVegetableFood,
  type VegetableColour,
  gramsPerStockUnit,
} from '@canteen/shared';
import type { FoodCompositionRow, IngredientFoodRow } from './nutrition.repository';

export function toNutrients(row: FoodCompositionRow): TNutrientValues {
  return Object.fromEntries(NUTRIENTS.map((n) => [n, Number(row[n])])) as TNutrientValues;
}

/** A fresh vegetable as the daily variety rule counts it; null for any other food. */
export function toVegetable(row: FoodCompositionRow | null): TVegetableFood | null {
  return row?.vegetableColour ? { code: row.code, name: row.name, colour: row.vegetableColour as VegetableColour } : null;
}

export function toFood(row: FoodCompositionRow): TFood {
  return {
    code: row.code,
    name: row.name,
    foodGroup: row.foodGroup as FoodGroup,
    ediblePercent: Number(row.ediblePercent),
    vegetableColour: row.vegetableColour as VegetableColour | null,
    per100g: toNutrients(row),
    source: row.source,
    importedAt: row.importedAt.toISOString(),
  };
}

export function toIngredientNutrition(row: IngredientFoodRow): TIngredientNutrition {
  const own = row.gramsPerUnit === null ? null : Number(row.gramsPerUnit);
  return {
    ingredientId: row.id,
    code: row.code,
    name: row.name,
    category: row.category as FoodGroup,
    unit: row.unit as IngredientUnit,
    foodCode: row.food?.code ?? null,
    foodName: row.food?.name ?? null,
    ediblePercent: row.food ? Number(row.food.ediblePercent) : null,
    gramsPerUnit: own,
    gramsPerStockUnit: gramsPerStockUnit(row.unit as IngredientUnit, own),
  };
}
