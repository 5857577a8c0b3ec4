import { Injectable } from '@nestjs/common';
import { type AgeBand, type Meal, type TNutritionAssessment, type TPlanCost, type TSettingSource, shanghaiDay } from '@canteen/shared';
import type { Scope } from '@/common/tenancy/scope';
import { NutritionService } from '@/modules/nutrition/nutrition.service';
import { SettingsService } from '@/modules/settings/settings.service';
import { DishesRepository } from './dishes.repository';
import { type IngredientFacts, MenuFactsRepository } from './menu-facts.repository';
import { MEAL_ORDER, type PlannedEntry, type RecipeLine, stockQuantity } from './menu-rules';

type Uncosted = TPlanCost['uncosted'][number];

export interface PricedPlan {
  /** Cost per student of each entry, in the entries' order; null when a price or conversion is missing. */
  entries: (number | null)[];
  meals: TPlanCost[];
  fundStandardSource: TSettingSource;
}

/** What a plan costs per student against the fund standard, and what its meals give in nutrition. */
@Injectable()
export class MenuCosting {
  constructor(
    private readonly dishes: DishesRepository,
    private readonly facts: MenuFactsRepository,
    private readonly nutrition: NutritionService,
    private readonly settings: SettingsService,
  ) {}

  async recipes(scope: Scope, dishVersionIds: string[]): Promise<RecipeLine[]> {
    if (dishVersionIds.length === 0) return [];
    const rows = await this.dishes.findRecipes(scope, [...new Set(dishVersionIds)]);
    return rows.map((row) => ({ dishVersionId: row.dishVersionId, ingredientId: row.ingredientId, ageBand: row.ageBand as AgeBand, grams: Number(row.grams.toFixed()) }));
  }

  /** The meal-fund standard in force at the canteen (inherited down the tree). */
  async fundStandard(canteenId: string) {
    const { value, sourceUnit } = await this.settings.resolve('meals.fundStandardFen', canteenId);
    return { value, source: sourceUnit };
  }

  async priceEntries(scope: Scope, canteenId: string, entries: PlannedEntry[]): Promise<PricedPlan> {
    const recipes = await this.recipes(scope, entries.flatMap((e) => e.dishVersionIds));
    const ingredientIds = [...new Set(recipes.map((r) => r.ingredientId))];
    const lastDay = entries.reduce((max, e) => (e.day > max ? e.day : max), shanghaiDay());
    const [facts, prices, fund] = await Promise.all([
      this.facts.ingredients(ingredientIds),
      this.facts.latestPrices(scope, canteenId, ingredientIds, lastDay),
      this.fundStandard(canteenId),
    ]);
    const priced = entries.map((entry) => entryCost(entry, recipes, facts, prices));
    const costs = priced.map((entry) => entry.fen);

    type MealSum = { day: string; meal: Meal; headcount: number; weighted: number; costs: (number | null)[]; uncosted: Map<string, Uncosted> };
    const meals = new Map<string, MealSum>();
    entries.forEach((entry, i) => {
      const key = `${entry.day}/${entry.meal}`;
      const meal: MealSum = meals.get(key) ?? { day: entry.day, meal: entry.meal, headcount: 0, weighted: 0, costs: [], uncosted: new Map() };
      meal.headcount += entry.headcount;
      meal.weighted += (costs[i] ?? 0) * entry.headcount;
      meal.costs.push(costs[i]!);
      for (const gap of priced[i]!.uncosted) if (!meal.uncosted.has(gap.id)) meal.uncosted.set(gap.id, gap);
      meals.set(key, meal);
    });
    return {
      entries: costs,
      fundStandardSource: fund.source,
      meals: [...meals.values()]
        .sort((a, b) => a.day.localeCompare(b.day) || MEAL_ORDER[a.meal] - MEAL_ORDER[b.meal])
        .map((meal) => {
          const known = meal.costs.every((c) => c !== null);
          const perStudent = !known
            ? null
            : meal.headcount > 0
              ? Math.round(meal.weighted / meal.headcount)
              : Math.round((meal.costs as number[]).reduce((a, b) => a + b, 0) / meal.costs.length);
          const standard = fund.value.perMealFen[meal.meal];
          return {
            day: meal.day,
            meal: meal.meal,
            headcount: meal.headcount,
            plannedPerStudentFen: perStudent,
            uncosted: [...meal.uncosted.values()],
            fundStandardFen: standard,
            overStandard: perStudent !== null && perStudent > standard,
          };
        }),
    };
  }

  /** One nutrition assessment per day and age band, over that day's planned meals. */
  async assess(scope: Scope, canteenId: string, entries: PlannedEntry[]): Promise<{ day: string; ageBand: AgeBand; assessment: TNutritionAssessment }[]> {
    const recipes = await this.recipes(scope, entries.flatMap((e) => e.dishVersionIds));
    const days = new Map<string, { day: string; ageBand: AgeBand; meals: Map<Meal, Map<string, number>> }>();
    for (const entry of entries) {
      const key = `${entry.day}/${entry.ageBand}`;
      const day = days.get(key) ?? { day: entry.day, ageBand: entry.ageBand, meals: new Map() };
      const items = day.meals.get(entry.meal) ?? new Map<string, number>();
      for (const dishVersionId of entry.dishVersionIds) {
        for (const line of recipes) {
          if (line.dishVersionId === dishVersionId && line.ageBand === entry.ageBand) items.set(line.ingredientId, (items.get(line.ingredientId) ?? 0) + line.grams);
        }
      }
      day.meals.set(entry.meal, items);
      days.set(key, day);
    }
    const result = [];
    for (const day of [...days.values()].sort((a, b) => a.day.localeCompare(b.day) || a.ageBand.localeCompare(b.ageBand))) {
      const meals = [...day.meals.entries()]
        .sort(([a], [b]) => MEAL_ORDER[a] - MEAL_ORDER[b])
        .map(([meal, items]) => ({ meal, items: [...items.entries()].map(([ingredientId, grams]) => ({ ingredientId, grams })) }));
      result.push({ day: day.day, ageBand: day.ageBand, assessment: await this.nutrition.assessMeals(scope, canteenId, day.ageBand, meals) });
    }
    return result;
  }
}

/**
 * Σ over the entry's dishes and their lines for its age band: stock quantity × unit price; null,
 * with the ingredients that lack a price or a grams-per-unit, when any line cannot be priced.
 */
export function entryCost(entry: PlannedEntry, recipes: RecipeLine[], facts: Map<string, IngredientFacts>, prices: Map<string, number>): { fen: number | null; uncosted: Uncosted[] } {
  let fen = 0;
  const uncosted: Uncosted[] = [];
  for (const dishVersionId of entry.dishVersionIds) {
    for (const line of recipes) {
      if (line.dishVersionId !== dishVersionId || line.ageBand !== entry.ageBand) continue;
      const fact = facts.get(line.ingredientId);
      const price = prices.get(line.ingredientId);
      const quantity = fact ? stockQuantity(line.grams, fact) : null;
      if (price === undefined || quantity === null) {
        uncosted.push({ id: line.ingredientId, name: fact?.name ?? line.ingredientId, missing: price === undefined ? 'price' : 'conversion' });
      } else {
        fen += quantity * price;
      }
    }
  }
  return { fen: uncosted.length > 0 ? null : Math.round(fen), uncosted };
}
