import {
  MEALS,
  addDays,
  type AgeBand,
  type Meal,
  type TAssessMeal,
  type TDish,
  type TPlan,
  type TPlanEntryInput,
} from '@canteen/shared';

export interface DraftEntry {
  /** Null: the age band's headcount. */
  headcount: number | null;
  dishIds: string[];
}

/** The plan as edited in the grid, keyed by cell; turned into the API's entries on save. */
export interface PlanDraft {
  ageBands: { ageBand: AgeBand; headcount: number | null }[];
  entries: Record<string, DraftEntry>;
}

export const cellKey = (day: string, meal: Meal, ageBand: AgeBand) => `${day}|${meal}|${ageBand}`;

export function weekDays(weekStart: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
}

export function draftFromPlan(plan: TPlan): PlanDraft {
  const entries: Record<string, DraftEntry> = {};
  for (const entry of plan.entries) {
    entries[cellKey(entry.day, entry.meal, entry.ageBand)] = {
      headcount: entry.headcount,
      dishIds: entry.dishes.map((d) => d.id),
    };
  }
  return { ageBands: plan.ageBands.map((b) => ({ ...b })), entries };
}

export function emptyDraft(bands: readonly AgeBand[], headcount: number | null = null): PlanDraft {
  return { ageBands: bands.map((ageBand) => ({ ageBand, headcount })), entries: {} };
}

/**
 * The API's plan content: cells with dishes become entries (in grid order, so a refused entry's
 * index leads back to its cell); a cell's headcount defaults to its age band's.
 */
export function draftToContent(draft: PlanDraft, days: string[]) {
  const entries: TPlanEntryInput[] = [];
  const cells: string[] = [];
  for (const { ageBand, headcount } of draft.ageBands) {
    for (const day of days) {
      for (const meal of MEALS) {
        const key = cellKey(day, meal, ageBand);
        const entry = draft.entries[key];
        if (!entry || entry.dishIds.length === 0) continue;
        entries.push({
          day,
          meal,
          ageBand,
          headcount: entry.headcount ?? headcount ?? 0,
          dishIds: entry.dishIds,
        });
        cells.push(key);
      }
    }
  }
  return {
    content: {
      ageBands: draft.ageBands.map((b) => ({ ageBand: b.ageBand, headcount: b.headcount ?? 0 })),
      entries,
    },
    cells,
  };
}

/**
 * One day of one age band as the nutrition assessment wants it: each planned meal's raw edible
 * grams per student, summed over its dishes by ingredient. Dishes not in the library (retired
 * since) carry no lines here and are left out.
 */
export function mealsOfDay(
  draft: PlanDraft,
  day: string,
  ageBand: AgeBand,
  dishes: Map<string, TDish>,
): TAssessMeal[] {
  const meals: TAssessMeal[] = [];
  for (const meal of MEALS) {
    const entry = draft.entries[cellKey(day, meal, ageBand)];
    if (!entry || entry.dishIds.length === 0) continue;
    const grams = new Map<string, number>();
    for (const dishId of entry.dishIds) {
      for (const line of dishes.get(dishId)?.lines ?? []) {
        const g = line.grams[ageBand];
        if (g) grams.set(line.ingredient.id, (grams.get(line.ingredient.id) ?? 0) + g);
      }
    }
    meals.push({
      meal,
      items: [...grams].map(([ingredientId, g]) => ({
        ingredientId,
        grams: Math.round(g * 10) / 10,
      })),
    });
  }
  return meals;
}

/** Whether two drafts would save the same plan. */
export function sameDraft(a: PlanDraft, b: PlanDraft, days: string[]): boolean {
  return (
    JSON.stringify(draftToContent(a, days).content) ===
    JSON.stringify(draftToContent(b, days).content)
  );
}
