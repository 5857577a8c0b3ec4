// Contracts of nutrition (营养): the food composition table, its import, targets and meal assessments.
import { z } from 'zod';
import { bilingual } from '../bilingual';
import { FOOD_GROUPS, type FoodGroup, type IngredientUnit } from '../food';
import { ZId, ZPageQuery } from './common';
import { MEALS, type Meal } from './ledger';
import { ZFoodGroup, ZIngredientUnit } from './suppliers';

// ─── Age bands and nutrients ───

/** WS/T 554-2017 covers 6–17; kindergartens (3–5) are assessed against the preschool guidelines. */
export const AGE_BANDS = ['3-5', '6-8', '9-11', '12-14', '15-17'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const ZAgeBand = z.enum(AGE_BANDS, { error: bilingual('年龄段应为 3-5、6-8、9-11、12-14 或 15-17', 'The age band is one of 3-5, 6-8, 9-11, 12-14, 15-17') });

/** Per 100 g edible part, as in 中国食物成分表. */
export const NUTRIENTS = [
  'energyKcal',
  'proteinG',
  'fatG',
  'carbohydrateG',
  'fibreG',
  'calciumMg',
  'ironMg',
  'zincMg',
  'vitaminAUg',
  'vitaminCMg',
  'sodiumMg',
] as const;
export type Nutrient = (typeof NUTRIENTS)[number];

export const NUTRIENT_INFO: Record<Nutrient, { zh: string; en: string; unit: string; csv: string }> = {
  energyKcal: { zh: '能量', en: 'energy', unit: 'kcal', csv: 'energy_kcal' },
  proteinG: { zh: '蛋白质', en: 'protein', unit: 'g', csv: 'protein_g' },
  fatG: { zh: '脂肪', en: 'fat', unit: 'g', csv: 'fat_g' },
  carbohydrateG: { zh: '碳水化合物', en: 'carbohydrate', unit: 'g', csv: 'carbohydrate_g' },
  fibreG: { zh: '膳食纤维', en: 'dietary fibre', unit: 'g', csv: 'fibre_g' },
  calciumMg: { zh: '钙', en: 'calcium', unit: 'mg', csv: 'calcium_mg' },
  ironMg: { zh: '铁', en: 'iron', unit: 'mg', csv: 'iron_mg' },
  zincMg: { zh: '锌', en: 'zinc', unit: 'mg', csv: 'zinc_mg' },
  vitaminAUg: { zh: '维生素A', en: 'vitamin A', unit: 'μgRAE', csv: 'vitamin_a_ug' },
  vitaminCMg: { zh: '维生素C', en: 'vitamin C', unit: 'mg', csv: 'vitamin_c_mg' },
  sodiumMg: { zh: '钠', en: 'sodium', unit: 'mg', csv: 'sodium_mg' },
};

export const ZNutrientValues = z.object(
  Object.fromEntries(NUTRIENTS.map((n) => [n, z.number()])) as Record<Nutrient, z.ZodNumber>,
);
export type TNutrientValues = Record<Nutrient, number>;

/** Kilocalories per gram (the Atwater factors the standard's %E figures use). */
export const KCAL_PER_G = { protein: 4, fat: 9, carbohydrate: 4 } as const;

/** The four groups of WS/T 554; a meal should contain at least three of them. */
export const MEAL_GROUPS = ['grains_tubers', 'vegetables_fruit', 'meat_fish_eggs', 'milk_soy'] as const;
export type MealGroup = (typeof MEAL_GROUPS)[number];
export const MEAL_GROUP_OF: Record<FoodGroup, MealGroup | null> = {
  grains: 'grains_tubers',
  vegetables: 'vegetables_fruit',
  fruit: 'vegetables_fruit',
  livestock: 'meat_fish_eggs',
  fish: 'meat_fish_eggs',
  eggs: 'meat_fish_eggs',
  milk: 'milk_soy',
  soy_nuts: 'milk_soy',
  oil: null,
  salt: null,
  condiment: null,
};
export const MEAL_GROUP_NAMES: Record<MealGroup, { zh: string; en: string }> = {
  grains_tubers: { zh: '谷薯类', en: 'grains & tubers' },
  vegetables_fruit: { zh: '蔬菜水果类', en: 'vegetables & fruit' },
  meat_fish_eggs: { zh: '鱼禽肉蛋类', en: 'fish, poultry, meat & eggs' },
  milk_soy: { zh: '奶类及大豆类', en: 'milk & soy' },
};

/** Raw edible grams of one ingredient per student; over 2 kg is absurd (issue 5, bad input). */
export const MAX_GRAMS_PER_STUDENT = 2000;
export const ZGramsPerStudent = z
  .number({ error: bilingual('克数应为数字', 'Grams must be a number') })
  .positive(bilingual('克数必须大于 0', 'Grams must be greater than 0'))
  .max(MAX_GRAMS_PER_STUDENT, bilingual(`每生每种食材不超过 ${MAX_GRAMS_PER_STUDENT} 克`, `At most ${MAX_GRAMS_PER_STUDENT} g of one ingredient per student`));

// ─── Converting edible grams to the stock unit ───

/**
 * Grams in one stock unit. kg and g are exact; L and mL assume 1 g/mL unless the ingredient sets
 * its own `gramsPerUnit` (a litre of oil is about 920 g); piece, box and bag have no default.
 */
export const DEFAULT_GRAMS_PER_UNIT: Record<IngredientUnit, number | null> = { kg: 1000, g: 1, L: 1000, mL: 1, piece: null, box: null, bag: null };

export function gramsPerStockUnit(unit: IngredientUnit, gramsPerUnit: number | null): number | null {
  return gramsPerUnit ?? DEFAULT_GRAMS_PER_UNIT[unit];
}

/** Purchased (as-bought) grams holding `edibleGrams` of edible part (食部 `ediblePercent` %). */
export function purchaseGramsFromEdible(edibleGrams: number, ediblePercent: number): number {
  return (edibleGrams * 100) / ediblePercent;
}

// ─── Food composition table (食物成分表) ───

export const FOOD_CODE_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/;
export const ZFoodCode = z
  .string()
  .trim()
  .regex(FOOD_CODE_PATTERN, bilingual('食物编码只能是 1–32 位字母、数字、.、- 或 _', 'Food code: 1–32 letters, digits, ., - or _'));

/** The import file's columns, in order (UTF-8 CSV with this header row). */
export const FOOD_CSV_COLUMNS = [
  'code',
  'name',
  'food_group',
  'edible_percent',
  ...NUTRIENTS.map((n) => NUTRIENT_INFO[n].csv),
  'source',
] as const;

/**
 * 深色蔬菜 (dark green, red, orange, purple: 菠菜, 胡萝卜, 番茄, 紫甘蓝 …) or 浅色 (白菜, 黄瓜, 冬瓜 …), the
 * distinction of WS/T 554's "over half of the day's fresh vegetables dark-coloured". Only fresh
 * vegetables carry one: a vegetable without it (dried 木耳, 紫菜, 魔芋) is not counted as a fresh vegetable.
 */
export const VEGETABLE_COLOURS = ['dark', 'light'] as const;
export type VegetableColour = (typeof VEGETABLE_COLOURS)[number];
export const VEGETABLE_COLOUR_NAMES: Record<VegetableColour, { zh: string; en: string }> = {
  dark: { zh: '深色', en: 'dark' },
  light: { zh: '浅色', en: 'light' },
};
export const ZVegetableColour = z.enum(VEGETABLE_COLOURS);

/** Columns the import reads when present; a file without one leaves the stored values as they are. */
export const FOOD_CSV_OPTIONAL_COLUMNS = ['vegetable_colour'] as const;

/** Energy computed from 4/9/4 kcal per g may differ this much from the stated energy (fibre, alcohol, rounding). */
export const ENERGY_TOLERANCE = 0.3;
/** Below this stated energy the 4/9/4 check is skipped: rounding dominates (salt, water, spices). */
export const ENERGY_CHECK_MIN_KCAL = 20;
export const FOOD_IMPORT_MAX_ROWS = 20000;

export const ZFood = z.object({
  code: z.string(),
  name: z.string(),
  foodGroup: ZFoodGroup,
  ediblePercent: z.number(),
  /** Fresh vegetables only (null otherwise): whether it counts as 深色蔬菜. */
  vegetableColour: ZVegetableColour.nullable(),
  per100g: ZNutrientValues,
  source: z.string(),
  importedAt: z.string(),
});
export type TFood = z.infer<typeof ZFood>;

export const ZFoodQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  foodGroup: ZFoodGroup.optional(),
});
export type TFoodQuery = z.infer<typeof ZFoodQuery>;

/** One refusal of an import: 1-based data row (the header is row 1, so the first food is row 2) and column. */
export const ZFoodImportIssue = z.object({ row: z.number().int(), column: z.string(), message: z.string(), messageEn: z.string() });
export type TFoodImportIssue = z.infer<typeof ZFoodImportIssue>;

export const ZFoodImportResult = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Rows whose 4/9/4 energy check was skipped, with the reason. */
  skippedChecks: z.array(ZFoodImportIssue),
});
export type TFoodImportResult = z.infer<typeof ZFoodImportResult>;

// ─── The catalogue's link to the table ───

export const ZIngredientNutrition = z.object({
  ingredientId: z.string(),
  code: z.string(),
  name: z.string(),
  category: ZFoodGroup,
  unit: ZIngredientUnit,
  foodCode: z.string().nullable(),
  foodName: z.string().nullable(),
  /** 食部 of the linked food, %. */
  ediblePercent: z.number().nullable(),
  /** The ingredient's own grams per stock unit, if set. */
  gramsPerUnit: z.number().nullable(),
  /** What conversions use: the own value, else the unit's default (null for piece/box/bag without one). */
  gramsPerStockUnit: z.number().nullable(),
});
export type TIngredientNutrition = z.infer<typeof ZIngredientNutrition>;

export const ZIngredientNutritionQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  /** Only ingredients without a linked food. */
  unlinked: z.enum(['true', 'false']).optional(),
});
export type TIngredientNutritionQuery = z.infer<typeof ZIngredientNutritionQuery>;

export const ZLinkIngredientFood = z.object({
  foodCode: ZFoodCode.nullable(),
  gramsPerUnit: z
    .number({ error: bilingual('每单位克数应为数字', 'Grams per unit must be a number') })
    .positive(bilingual('每单位克数必须大于 0', 'Grams per unit must be greater than 0'))
    .max(1_000_000, bilingual('每单位克数不超过 1000 kg', 'At most 1,000 kg per unit'))
    .nullable(),
});
export type TLinkIngredientFood = z.infer<typeof ZLinkIngredientFood>;

/** Edible grams converted to what is bought and to the ingredient's stock unit. */
export const ZPurchaseConversion = z.object({
  ingredientId: z.string(),
  edibleGrams: z.number(),
  ediblePercent: z.number(),
  /** False when the ingredient has no linked food and 100 % edible is assumed. */
  ediblePercentKnown: z.boolean(),
  purchaseGrams: z.number(),
  unit: ZIngredientUnit,
  /** In the stock unit; null for piece/box/bag without grams per unit. */
  stockQuantity: z.number().nullable(),
});
export type TPurchaseConversion = z.infer<typeof ZPurchaseConversion>;

// ─── Targets (data, editable per unit: the setting 'nutrition.targets') ───

export const ZPercentRange = z
  .object({ min: z.number().min(0).max(1000), max: z.number().min(0).max(1000) })
  .refine((r) => r.min <= r.max, bilingual('下限不能大于上限', 'The minimum may not exceed the maximum'));
export type TPercentRange = z.infer<typeof ZPercentRange>;

/** Grams per student in one meal. A null bound is not checked (oil and salt are limits; eggs, milk, soy a recommended amount at least). */
export const ZGroupRange = z
  .object({
    min: z.number().min(0).max(MAX_GRAMS_PER_STUDENT).nullable(),
    max: z.number().min(0).max(MAX_GRAMS_PER_STUDENT).nullable(),
    /** What a deviation beyond the amber margin gives: red for the staples and the limits, amber elsewhere. */
    severity: z.enum(['red', 'amber']),
  })
  .refine((r) => r.min === null || r.max === null || r.min <= r.max, bilingual('下限不能大于上限', 'The minimum may not exceed the maximum'));
export type TGroupRange = z.infer<typeof ZGroupRange>;

const CHECKED_GROUPS = FOOD_GROUPS.filter((g) => g !== 'condiment');
export type CheckedFoodGroup = Exclude<FoodGroup, 'condiment'>;
const ZGroupRanges = z.object(Object.fromEntries(CHECKED_GROUPS.map((g) => [g, ZGroupRange])) as Record<CheckedFoodGroup, typeof ZGroupRange>);
export type TGroupRanges = z.infer<typeof ZGroupRanges>;

export const ZAgeBandTargets = z.object({
  /** Where the defaults come from (bilingual); an override keeps or rewrites it. */
  basis: z.string().trim().min(1).max(200),
  dailyEnergyKcal: z.number().min(500).max(5000),
  dailyProteinG: z.number().min(5).max(300),
  /** Energy and protein of a meal or day as % of its target (WS/T 554: 90–110 %, 80–120 %). */
  energyPercent: ZPercentRange,
  proteinPercent: ZPercentRange,
  fatPercentEnergy: ZPercentRange,
  carbohydratePercentEnergy: ZPercentRange,
  /** Each meal's share of the day's energy (WS/T 554: 25–30 / 35–40 / 30–35 %). */
  mealSharePercent: z.object({ breakfast: ZPercentRange, lunch: ZPercentRange, dinner: ZPercentRange }),
  /** Food-group grams per student: breakfast, and lunch or dinner ("main"). */
  foodGroups: z.object({ breakfast: ZGroupRanges, main: ZGroupRanges }),
  minGroupsPerMeal: z.number().int().min(1).max(4),
  /**
   * The day's distinct fresh vegetables, at least this many kinds (WS/T 554: 3), of which strictly
   * more than `darkVegetableShareOver` dark-coloured (WS/T 554: over half). Defaults fill values stored
   * before the rule existed.
   */
  minVegetableKindsPerDay: z
    .number({ error: bilingual('每天新鲜蔬菜种数应为整数', 'Fresh vegetable kinds per day must be a whole number') })
    .int(bilingual('每天新鲜蔬菜种数应为整数', 'Fresh vegetable kinds per day must be a whole number'))
    .min(1, bilingual('每天新鲜蔬菜至少 1 种', 'At least 1 kind of fresh vegetable a day'))
    .max(10, bilingual('每天新鲜蔬菜种数不超过 10', 'At most 10 kinds of fresh vegetable a day'))
    .default(3),
  darkVegetableShareOver: z
    .number({ error: bilingual('深色蔬菜占比应为 0 到 1 之间的小数', 'The dark vegetable share is a fraction from 0 to 1') })
    .min(0, bilingual('深色蔬菜占比应为 0 到 1 之间的小数', 'The dark vegetable share is a fraction from 0 to 1'))
    .lt(1, bilingual('深色蔬菜占比须小于 1（要求“超过”该比例）', 'The dark vegetable share must be below 1 (the day must exceed it)'))
    .default(0.5),
  /** Outside a range by at most this % of the bound is amber; further is the check's severity. */
  amberMarginPercent: z.number().min(0).max(100),
});
export type TAgeBandTargets = z.infer<typeof ZAgeBandTargets>;

export const ZNutritionTargets = z.object(Object.fromEntries(AGE_BANDS.map((b) => [b, ZAgeBandTargets])) as Record<AgeBand, typeof ZAgeBandTargets>);
export type TNutritionTargets = z.infer<typeof ZNutritionTargets>;
/** What a unit stores: only the age bands it changes (each band whole); the rest is inherited. */
export const ZNutritionTargetsOverride = ZNutritionTargets.partial().refine(
  (v) => Object.keys(v).length > 0,
  bilingual('至少设置一个年龄段', 'Set at least one age band'),
);
export type TNutritionTargetsOverride = z.infer<typeof ZNutritionTargetsOverride>;

const WST554 = bilingual('WS/T 554-2017 学生餐营养指南', 'WS/T 554-2017 Nutrition guideline for student meals');
const PRESCHOOL = bilingual(
  '中国学龄前儿童膳食指南（2022）与 DRIs 2013，WS/T 554 不覆盖 3–5 岁',
  'Chinese dietary guidelines for preschool children (2022) and DRIs 2013; WS/T 554 does not cover ages 3–5',
);

type Pair = [number, number];
const range = ([min, max]: Pair): TPercentRange => ({ min, max });
const between = ([min, max]: Pair, severity: 'red' | 'amber'): TGroupRange => ({ min, max, severity });
const atLeast = (min: number): TGroupRange => ({ min, max: null, severity: 'amber' });
const atMost = (max: number): TGroupRange => ({ min: null, max, severity: 'red' });

function groupRanges(g: {
  grains: Pair; vegetables: Pair; fruit: Pair; livestock: Pair; fish: Pair;
  eggs: number; milk: number; soy: number; oil: number; salt: number;
}): TGroupRanges {
  return {
    grains: between(g.grains, 'red'),
    vegetables: between(g.vegetables, 'red'),
    fruit: between(g.fruit, 'amber'),
    livestock: between(g.livestock, 'amber'),
    fish: between(g.fish, 'amber'),
    eggs: atLeast(g.eggs),
    milk: atLeast(g.milk),
    soy_nuts: atLeast(g.soy),
    oil: atMost(g.oil),
    salt: atMost(g.salt),
  };
}

const SCHOOL_COMMON = {
  basis: WST554,
  energyPercent: range([90, 110]),
  proteinPercent: range([80, 120]),
  fatPercentEnergy: range([20, 30]),
  carbohydratePercentEnergy: range([50, 65]),
  mealSharePercent: { breakfast: range([25, 30]), lunch: range([35, 40]), dinner: range([30, 35]) },
  minGroupsPerMeal: 3,
  minVegetableKindsPerDay: 3,
  darkVegetableShareOver: 0.5,
  amberMarginPercent: 10,
};

/**
 * Defaults. Daily energy and protein are the mean of boys' and girls' values (classes are mixed;
 * domain.md marks them "check"): 9–11 2100/1900 kcal, 12–14 2450/2100, 15–17 2900/2350, 6–8
 * 1700/1550 (girls from DRIs 2013); protein 6–8 35 g (DRIs 2013, check). Food-group grams per meal
 * are WS/T 554's tables (domain.md § Nutrition).
 */
export const DEFAULT_NUTRITION_TARGETS: TNutritionTargets = {
  '3-5': {
    // 托幼机构: breakfast (with the morning snack) ≈ 30 %, lunch (with the afternoon snack) ≈ 40 %, dinner ≈ 30 %;
    // the day of the 4–5 y pagoda (grains 100–150 g, vegetables 150–300 g, fruit 150–250 g, meat/fish 50–75 g,
    // egg 50 g, milk 350–500 g, soy 15–20 g, oil 20–25 g, salt < 3 g) split by those shares.
    basis: PRESCHOOL,
    dailyEnergyKcal: 1300,
    dailyProteinG: 30,
    energyPercent: range([90, 110]),
    proteinPercent: range([80, 120]),
    fatPercentEnergy: range([20, 35]),
    carbohydratePercentEnergy: range([50, 65]),
    mealSharePercent: { breakfast: range([25, 35]), lunch: range([35, 45]), dinner: range([25, 35]) },
    foodGroups: {
      breakfast: groupRanges({ grains: [30, 45], vegetables: [45, 90], fruit: [30, 60], livestock: [8, 15], fish: [8, 12], eggs: 15, milk: 150, soy: 5, oil: 6, salt: 0.9 }),
      main: groupRanges({ grains: [40, 60], vegetables: [60, 120], fruit: [40, 80], livestock: [10, 20], fish: [10, 15], eggs: 20, milk: 100, soy: 6, oil: 10, salt: 1.2 }),
    },
    minGroupsPerMeal: 3,
    // 中国居民膳食指南 (2022) asks for half the vegetables dark-coloured at every age: WS/T 554's day rule is kept.
    minVegetableKindsPerDay: 3,
    darkVegetableShareOver: 0.5,
    amberMarginPercent: 10,
  },
  '6-8': {
    ...SCHOOL_COMMON,
    dailyEnergyKcal: 1625,
    dailyProteinG: 35,
    foodGroups: {
      breakfast: groupRanges({ grains: [75, 90], vegetables: [90, 105], fruit: [45, 60], livestock: [9, 12], fish: [9, 12], eggs: 15, milk: 60, soy: 9, oil: 5, salt: 1.5 }),
      main: groupRanges({ grains: [100, 120], vegetables: [120, 140], fruit: [60, 80], livestock: [12, 16], fish: [12, 16], eggs: 20, milk: 80, soy: 30, oil: 10, salt: 2 }),
    },
  },
  '9-11': {
    ...SCHOOL_COMMON,
    dailyEnergyKcal: 2000,
    dailyProteinG: 50,
    foodGroups: {
      breakfast: groupRanges({ grains: [90, 105], vegetables: [105, 120], fruit: [60, 75], livestock: [12, 15], fish: [12, 15], eggs: 15, milk: 60, soy: 11, oil: 5, salt: 1.5 }),
      main: groupRanges({ grains: [120, 140], vegetables: [140, 160], fruit: [80, 100], livestock: [16, 20], fish: [16, 20], eggs: 20, milk: 80, soy: 35, oil: 10, salt: 2 }),
    },
  },
  '12-14': {
    ...SCHOOL_COMMON,
    dailyEnergyKcal: 2275,
    dailyProteinG: 62.5,
    foodGroups: {
      breakfast: groupRanges({ grains: [105, 120], vegetables: [120, 135], fruit: [75, 90], livestock: [15, 18], fish: [15, 18], eggs: 25, milk: 75, soy: 12, oil: 5, salt: 1.5 }),
      main: groupRanges({ grains: [140, 160], vegetables: [160, 180], fruit: [100, 120], livestock: [20, 24], fish: [20, 24], eggs: 30, milk: 100, soy: 40, oil: 10, salt: 2 }),
    },
  },
  '15-17': {
    ...SCHOOL_COMMON,
    dailyEnergyKcal: 2625,
    dailyProteinG: 67.5,
    foodGroups: {
      breakfast: groupRanges({ grains: [105, 120], vegetables: [130, 150], fruit: [90, 105], livestock: [18, 21], fish: [15, 18], eggs: 25, milk: 75, soy: 15, oil: 5, salt: 2 }),
      main: groupRanges({ grains: [140, 160], vegetables: [180, 200], fruit: [120, 140], livestock: [24, 28], fish: [20, 24], eggs: 30, milk: 100, soy: 50, oil: 15, salt: 2.5 }),
    },
  },
};

/** Lunch and dinner share WS/T 554's "main meal" gram table. */
export function mealTable(meal: Meal): 'breakfast' | 'main' {
  return meal === 'breakfast' ? 'breakfast' : 'main';
}

/** Where an effective value came from: the unit that set it, or null for the built-in default. */
export const ZSettingSource = z
  .object({ orgUnitId: z.string(), name: z.string(), level: z.string() })
  .nullable();
export type TSettingSource = z.infer<typeof ZSettingSource>;

export const ZNutritionTargetsQuery = z.object({ orgUnitId: ZId, ageBand: ZAgeBand.optional() });
export type TNutritionTargetsQuery = z.infer<typeof ZNutritionTargetsQuery>;

export const ZNutritionTargetsView = z.object({
  orgUnitId: z.string(),
  bands: z.array(z.object({ ageBand: ZAgeBand, targets: ZAgeBandTargets, source: ZSettingSource })),
});
export type TNutritionTargetsView = z.infer<typeof ZNutritionTargetsView>;

// ─── Assessment ───

export const ZAssessMeal = z.object({
  meal: z.enum(MEALS, { error: bilingual('请选择餐次', 'Choose the meal') }),
  items: z.array(z.object({ ingredientId: ZId, grams: ZGramsPerStudent })).max(200),
});
export type TAssessMeal = z.infer<typeof ZAssessMeal>;

export const ZAssessNutrition = z.object({
  canteenId: ZId,
  ageBand: ZAgeBand,
  meals: z
    .array(ZAssessMeal)
    .min(1, bilingual('至少要有一餐', 'Give at least one meal'))
    .max(3)
    .refine((meals) => new Set(meals.map((m) => m.meal)).size === meals.length, bilingual('同一餐次只能出现一次', 'Each meal appears once')),
});
export type TAssessNutrition = z.infer<typeof ZAssessNutrition>;

export const VERDICTS = ['green', 'amber', 'red'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const ZVerdict = z.enum(VERDICTS);

export const GROUP_STATUSES = ['within', 'below', 'above', 'absent'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** One conformity check: its value, the range it is held to, its verdict and (unless green) the bilingual reason. */
export const ZNutritionCheck = z.object({
  key: z.string(),
  value: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  verdict: ZVerdict,
  reason: z.string().nullable(),
});
export type TNutritionCheck = z.infer<typeof ZNutritionCheck>;

const ZRatios = {
  totals: ZNutrientValues,
  energyTargetKcal: z.number(),
  /** % of the target (90–110 % is green by default). */
  energyPercentOfTarget: z.number(),
  proteinTargetG: z.number(),
  proteinPercentOfTarget: z.number(),
  /** % of the energy from fat and from carbohydrate (9 and 4 kcal/g); null without energy. */
  fatPercentEnergy: z.number().nullable(),
  carbohydratePercentEnergy: z.number().nullable(),
  verdict: ZVerdict,
  reasons: z.array(z.string()),
  checks: z.array(ZNutritionCheck),
};

export const ZMealAssessment = z.object({
  meal: z.enum(MEALS),
  ...ZRatios,
  /** % of the day's planned energy; null unless all three meals are planned (the shares are of a whole day). */
  shareOfDayPercent: z.number().nullable(),
  foodGroups: z.array(
    z.object({
      group: ZFoodGroup,
      grams: z.number(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      status: z.enum(GROUP_STATUSES),
    }),
  ),
  groupsPresent: z.array(z.enum(MEAL_GROUPS)),
  /** Ingredients without a linked food (no nutrients counted); their grams still count in their group. */
  unknownIngredientIds: z.array(z.string()),
});
export type TMealAssessment = z.infer<typeof ZMealAssessment>;

/** The day's distinct fresh vegetables (by food), for WS/T 554's daily variety rule. */
export const ZVegetableVariety = z.object({
  kinds: z.number().int(),
  darkKinds: z.number().int(),
  foods: z.array(z.object({ code: z.string(), name: z.string(), colour: ZVegetableColour })),
});
export type TVegetableVariety = z.infer<typeof ZVegetableVariety>;
/** One kind of fresh vegetable: its food, however many ingredients or meals serve it. */
export type TVegetableFood = TVegetableVariety['foods'][number];

export const ZDayAssessment = z.object({ ...ZRatios, vegetables: ZVegetableVariety });
export type TDayAssessment = z.infer<typeof ZDayAssessment>;

export const ZNutritionAssessment = z.object({
  ageBand: ZAgeBand,
  meals: z.array(ZMealAssessment),
  day: ZDayAssessment,
  verdict: ZVerdict,
  targets: ZAgeBandTargets,
  targetsSource: ZSettingSource,
});
export type TNutritionAssessment = z.infer<typeof ZNutritionAssessment>;
