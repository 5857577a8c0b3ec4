import {
  ENROLMENT_ROUNDING,
  type Allergen,
  type CookingMethod,
  type DocumentKind,
  type Meal,
  type SupplierKind,
  type TNutritionAssessment,
  type TPublicDish,
  type TPublicLicence,
  type TPublicMenu,
  type TPublicNutritionCard,
  type TPublicRegionPath,
  type TPublicSources,
  type TPublicVegetables,
  type AgeBand,
  expiryState,
  pickLanguage,
} from '@canteen/shared';
import { worstVerdict } from '@/modules/nutrition/nutrition-assessment';
import type { LotRow, PublicSupplierRow } from './public.repository';

const day = (date: Date) => date.toISOString().slice(0, 10);
const round1 = (value: number) => Math.round(value * 10) / 10;

/** Rounded to the nearest hundred; below that (or unknown) not published. */
export function approximateEnrolment(enrolment: number | null): number | null {
  if (enrolment === null || enrolment < ENROLMENT_ROUNDING) return null;
  return Math.round(enrolment / ENROLMENT_ROUNDING) * ENROLMENT_ROUNDING;
}

/** The province, city and county names among the units on a path. */
export function regionPath(units: { name: string; level: string }[]): TPublicRegionPath {
  const named = (level: string) => units.find((u) => u.level === level)?.name ?? null;
  return { province: named('province'), city: named('city'), county: named('county') };
}

export function publicLicences(supplier: PublicSupplierRow, today: string): TPublicLicence[] {
  return supplier.documents.map((doc) => {
    const expiresOn = doc.expiresOn ? day(doc.expiresOn) : null;
    return {
      kind: doc.kind as DocumentKind,
      number: doc.number,
      issuedOn: doc.issuedOn ? day(doc.issuedOn) : null,
      expiresOn,
      state: expiryState(expiresOn, today),
      farmBaseName: doc.farmBase?.name ?? null,
    };
  });
}

export interface MenuEntry {
  day: string;
  meal: Meal;
  dishes: { dishId: string; dishVersionId: string; name: string; cookingMethod: string; allergens: string[]; photoFileId: string | null }[];
}

export const photoUrl = (fileId: string) => `/api/public/files/${fileId}`;

/**
 * Days and meals of the published plans, each dish once per meal whatever the age bands, with
 * the ingredients its recipes use.
 */
export function menuDays(
  entries: MenuEntry[],
  ingredientsOf: Map<string, string[]>,
  prices: Map<string, { costPerStudentFen: number | null; fundStandardFen: number }> | null,
): TPublicMenu['days'] {
  const days = new Map<string, Map<Meal, Map<string, TPublicDish>>>();
  for (const entry of entries) {
    const meals = days.get(entry.day) ?? new Map<Meal, Map<string, TPublicDish>>();
    const dishes = meals.get(entry.meal) ?? new Map<string, TPublicDish>();
    for (const d of entry.dishes) {
      const known = dishes.get(d.dishId);
      const ingredients = ingredientsOf.get(d.dishVersionId) ?? [];
      if (known) {
        known.ingredientIds = [...new Set([...known.ingredientIds, ...ingredients])];
        continue;
      }
      dishes.set(d.dishId, {
        id: d.dishId,
        name: d.name,
        cookingMethod: d.cookingMethod as CookingMethod,
        allergens: d.allergens as Allergen[],
        photoUrl: d.photoFileId ? photoUrl(d.photoFileId) : null,
        ingredientIds: ingredients,
      });
    }
    meals.set(entry.meal, dishes);
    days.set(entry.day, meals);
  }
  const order: Record<Meal, number> = { breakfast: 0, lunch: 1, dinner: 2 };
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, meals]) => ({
      day: date,
      meals: [...meals.entries()]
        .sort(([a], [b]) => order[a] - order[b])
        .map(([meal, dishes]) => {
          const price = prices?.get(`${date}/${meal}`);
          return { meal, dishes: [...dishes.values()], ...(price ? { costPerStudentFen: price.costPerStudentFen, fundStandardFen: price.fundStandardFen } : {}) };
        }),
    }));
}

/** The checks of the assessment's daily vegetable rule (nutrition-assessment.ts). */
const VEGETABLE_CHECKS = new Set(['vegetableKinds', 'darkVegetableShare']);

function vegetables(assessment: TNutritionAssessment): TPublicVegetables {
  const { kinds, darkKinds, foods } = assessment.day.vegetables;
  return {
    kinds,
    darkKinds,
    minKinds: assessment.targets.minVegetableKindsPerDay,
    darkShareOverPercent: round1(assessment.targets.darkVegetableShareOver * 100),
    foods: foods.map((f) => ({ name: f.name, colour: f.colour })),
    verdict: worstVerdict(assessment.day.checks.filter((c) => VEGETABLE_CHECKS.has(c.key)).map((c) => c.verdict)),
  };
}

export function nutritionCard(ageBand: AgeBand, assessment: TNutritionAssessment): TPublicNutritionCard {
  // The page is Chinese: only the Chinese half of each bilingual reason travels.
  const reasons = [...assessment.day.reasons, ...assessment.meals.flatMap((m) => m.reasons)].map((r) => pickLanguage(r, 'zh'));
  return {
    ageBand,
    verdict: assessment.verdict,
    energyPercentOfTarget: round1(assessment.day.energyPercentOfTarget),
    proteinPercentOfTarget: round1(assessment.day.proteinPercentOfTarget),
    fatPercentEnergy: assessment.day.fatPercentEnergy === null ? null : round1(assessment.day.fatPercentEnergy),
    carbohydratePercentEnergy: assessment.day.carbohydratePercentEnergy === null ? null : round1(assessment.day.carbohydratePercentEnergy),
    meals: assessment.meals.map((m) => ({ meal: m.meal, verdict: m.verdict, groupsPresent: m.groupsPresent })),
    vegetables: vegetables(assessment),
    reasons: [...new Set(reasons)],
    basis: pickLanguage(assessment.targets.basis, 'zh'),
  };
}

/** 食材从哪里来: lots per ingredient and the suppliers (with farm bases) they came from. */
export function sources(
  lots: LotRow[],
  ingredients: { id: string; name: string; category: string }[],
  suppliers: PublicSupplierRow[],
): TPublicSources {
  const byIngredient = new Map<string, LotRow[]>();
  for (const lot of lots) byIngredient.set(lot.ingredient_id, [...(byIngredient.get(lot.ingredient_id) ?? []), lot]);
  return {
    suppliers: suppliers.map((s) => ({ id: s.id, name: s.name, kind: s.kind as SupplierKind, farmBases: s.farmBases })),
    ingredients: ingredients
      .filter((i) => byIngredient.has(i.id))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
      .map((i) => ({
        ingredientId: i.id,
        name: i.name,
        category: i.category as TPublicSources['ingredients'][number]['category'],
        lots: byIngredient.get(i.id)!.map((lot) => ({
          lotCode: lot.lot_code,
          receivedOn: lot.received_on,
          productionDate: lot.production_date,
          supplierId: lot.supplier_id,
          farmBaseId: lot.farm_base_id,
        })),
      })),
  };
}
