// Contracts of meal plans and quantified recipes (膳食计划 / 带量食谱): dishes, plans, production
// records, execution truthfulness (执行真实性), demand to purchase and meal costs.
import { z } from 'zod';
import { bilingual } from '../bilingual';
import { FOOD_GROUPS } from '../food';
import { ORG_LEVELS, type OrgKind } from '../org-levels';
import { ZDay, ZId, ZPageQuery, ZReason } from './common';
import { ZCreatePurchaseOrder } from './deliveries';
import { MEALS, periodDays } from './ledger';
import { AGE_BANDS, type AgeBand, ZAgeBand, ZGramsPerStudent, ZNutritionAssessment, ZSettingSource, ZVerdict } from './nutrition';
import { ZExecutionTolerance } from './settings';

// ─── Rules with numbers (defaults kept in one place) ───

export const DISH_MAX_LINES = 40;
export const PLAN_MAX_DISHES_PER_ENTRY = 12;
/** A week has 7 days × 3 meals × 5 age bands entries at most. */
export const PLAN_MAX_ENTRIES = 7 * MEALS.length * AGE_BANDS.length;
/** Production records are entered for today or late, up to a week back (as ledger movements are). */
export const PRODUCTION_DAYS_BACK = 7;
/** Execution, cost and purchase views cover at most this many days at once. */
export const MENU_PERIOD_MAX_DAYS = 62;
/** No canteen serves more than this many students one meal (the largest schools have ~10 000). */
export const HEADCOUNT_MAX = 20_000;

/**
 * The age bands a school of each kind serves by default (WS/T 554 bands, 3–5 for kindergartens):
 * a 12-year-old is still in primary school, a 15-year-old may be in a nine-year school.
 */
export const SCHOOL_KIND_AGE_BANDS: Record<string, readonly AgeBand[]> = {
  kindergarten: ['3-5'],
  primary: ['6-8', '9-11', '12-14'],
  middle: ['12-14', '15-17'],
  high: ['15-17'],
  nine_year: ['6-8', '9-11', '12-14', '15-17'],
  complete: ['12-14', '15-17'],
  vocational: ['15-17'],
} satisfies Partial<Record<OrgKind, readonly AgeBand[]>>;

/** The age bands a school of `kind` serves; every band when the kind is not known. */
export function servedAgeBands(kind: string | null | undefined): readonly AgeBand[] {
  return (kind && SCHOOL_KIND_AGE_BANDS[kind]) || AGE_BANDS;
}

export const COOKING_METHODS = ['stir_fry', 'braise', 'stew', 'steam', 'boil', 'bake', 'deep_fry', 'mix', 'other'] as const;
export type CookingMethod = (typeof COOKING_METHODS)[number];
export const COOKING_METHOD_NAMES: Record<CookingMethod, { zh: string; en: string }> = {
  stir_fry: { zh: '炒', en: 'Stir-fried' },
  braise: { zh: '烧', en: 'Braised' },
  stew: { zh: '炖', en: 'Stewed' },
  steam: { zh: '蒸', en: 'Steamed' },
  boil: { zh: '煮', en: 'Boiled' },
  bake: { zh: '烤', en: 'Baked' },
  deep_fry: { zh: '炸', en: 'Deep-fried' },
  mix: { zh: '拌（熟制）', en: 'Tossed (cooked)' },
  other: { zh: '其他', en: 'Other' },
};

/** GB 7718-2011 4.4.3.2: the allergen groups a label may declare. */
export const ALLERGENS = ['gluten', 'crustacean', 'fish', 'egg', 'peanut', 'soy', 'milk', 'tree_nut', 'sesame'] as const;
export type Allergen = (typeof ALLERGENS)[number];
export const ALLERGEN_NAMES: Record<Allergen, { zh: string; en: string }> = {
  gluten: { zh: '含麸质谷物', en: 'Gluten' },
  crustacean: { zh: '甲壳类', en: 'Crustaceans' },
  fish: { zh: '鱼类', en: 'Fish' },
  egg: { zh: '蛋类', en: 'Eggs' },
  peanut: { zh: '花生', en: 'Peanuts' },
  soy: { zh: '大豆', en: 'Soy' },
  milk: { zh: '乳及乳制品', en: 'Milk' },
  tree_nut: { zh: '坚果', en: 'Tree nuts' },
  sesame: { zh: '芝麻', en: 'Sesame' },
};

export const PLAN_STATUSES = ['draft', 'published'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Monday of the ISO week of a 'YYYY-MM-DD' day. */
export function weekStartOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

export const isMonday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() === 1;

// ─── Pieces ───

const ZMeal = z.enum(MEALS, { error: bilingual('请选择餐次', 'Choose the meal') });

export const ZHeadcount = z
  .number({ error: bilingual('请填写人数', 'Give the headcount') })
  .int(bilingual('人数须为整数', 'The headcount is a whole number'))
  .min(0, bilingual('人数不能为负数', 'The headcount cannot be negative'))
  .max(HEADCOUNT_MAX, bilingual(`人数不能超过 ${HEADCOUNT_MAX}`, `The headcount cannot exceed ${HEADCOUNT_MAX}`));

const ZName = (what: { zh: string; en: string }, max: number) =>
  z
    .string({ error: bilingual(`请填写${what.zh}`, `Give the ${what.en}`) })
    .trim()
    .min(1, bilingual(`请填写${what.zh}`, `Give the ${what.en}`))
    .max(max, bilingual(`${what.zh}不能超过 ${max} 个字`, `The ${what.en} is at most ${max} characters`));

const ref = z.object({ id: z.string(), name: z.string() });
const ingredientRef = z.object({ id: z.string(), code: z.string(), name: z.string(), category: z.enum(FOOD_GROUPS), unit: z.string() });

// ─── Dishes (菜品, 带量食谱) ───

/** One ingredient of a dish: edible grams per student for each age band the dish is made for. */
export const ZDishLineInput = z.object({
  ingredientId: ZId,
  grams: z
    .partialRecord(ZAgeBand, ZGramsPerStudent)
    .refine((grams) => Object.keys(grams).length > 0, bilingual('至少填写一个年龄段的克数', 'Give the grams for at least one age band')),
});
export type TDishLineInput = z.infer<typeof ZDishLineInput>;

const dishFields = z.object({
  name: ZName({ zh: '菜品名称', en: 'dish name' }, 40),
  cookingMethod: z.enum(COOKING_METHODS, { error: bilingual('请选择烹饪方式', 'Choose the cooking method') }),
  /** An image uploaded first (POST /api/menus/dishes/photos). */
  photoFileId: ZId.nullable().optional(),
  allergens: z.array(z.enum(ALLERGENS)).max(ALLERGENS.length).default([]),
  lines: z
    .array(ZDishLineInput)
    .min(1, bilingual('菜品至少要有一种食材', 'A dish needs at least one ingredient'))
    .max(DISH_MAX_LINES, bilingual(`菜品最多 ${DISH_MAX_LINES} 种食材`, `A dish has at most ${DISH_MAX_LINES} ingredients`)),
});

const sameBands = (dish: { lines: TDishLineInput[] }) => {
  const key = (line: TDishLineInput) => Object.keys(line.grams).sort().join(',');
  return dish.lines.every((line) => key(line) === key(dish.lines[0]!));
};
const distinctIngredients = (dish: { lines: TDishLineInput[] }) => new Set(dish.lines.map((l) => l.ingredientId)).size === dish.lines.length;
const dishRefinements = <T extends z.ZodType<{ lines: TDishLineInput[] }>>(schema: T) =>
  schema
    .refine(sameBands, { message: bilingual('每种食材须填写相同的年龄段', 'Every ingredient gives grams for the same age bands'), path: ['lines'] })
    .refine(distinctIngredients, { message: bilingual('同一食材只能出现一次', 'Each ingredient appears once'), path: ['lines'] });

export const ZCreateDish = dishRefinements(
  dishFields.extend({
    /** The unit that owns the dish: a canteen or school (its own), or a county or city (a standard dish its schools reuse). Default: the actor's unit. */
    ownerUnitId: ZId.optional(),
  }),
);
export type TCreateDish = z.infer<typeof ZCreateDish>;

/** A change is a new version; plans keep the version they were made with. */
export const ZReviseDish = dishRefinements(dishFields.extend({ reason: ZReason.optional() }));
export type TReviseDish = z.infer<typeof ZReviseDish>;

export const ZSetDishActive = z.object({ active: z.boolean(), reason: ZReason });
export type TSetDishActive = z.infer<typeof ZSetDishActive>;

export const ZDishQuery = ZPageQuery.extend({
  /** Only the dishes this canteen may plan with (its own, its school's and its ancestors' standard dishes). */
  canteenId: ZId.optional(),
  q: z.string().trim().max(40).optional(),
  ageBand: ZAgeBand.optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
});
export type TDishQuery = z.infer<typeof ZDishQuery>;

export const ZDishLine = z.object({
  ingredient: ingredientRef,
  grams: z.partialRecord(z.enum(AGE_BANDS), z.number()),
});
export type TDishLine = z.infer<typeof ZDishLine>;

export const ZDish = z.object({
  id: z.string(),
  owner: z.object({ id: z.string(), name: z.string(), level: z.enum(ORG_LEVELS) }),
  /** Owned by a management unit (county, city, province): a standard dish schools reuse. */
  standard: z.boolean(),
  active: z.boolean(),
  versionId: z.string(),
  version: z.number().int(),
  name: z.string(),
  cookingMethod: z.enum(COOKING_METHODS),
  photoFileId: z.string().nullable(),
  allergens: z.array(z.enum(ALLERGENS)),
  ageBands: z.array(z.enum(AGE_BANDS)),
  lines: z.array(ZDishLine),
  reason: z.string().nullable(),
  createdBy: ref,
  createdAt: z.string(),
});
export type TDish = z.infer<typeof ZDish>;

// ─── Meal plans (膳食计划) ───

export const ZPlanAgeBand = z.object({ ageBand: ZAgeBand, headcount: ZHeadcount });

export const ZPlanEntryInput = z.object({
  day: ZDay,
  meal: ZMeal,
  ageBand: ZAgeBand,
  headcount: ZHeadcount,
  /** Dish ids; the plan keeps each dish's current version. */
  dishIds: z
    .array(ZId)
    .min(1, bilingual('每餐至少一道菜', 'A meal needs at least one dish'))
    .max(PLAN_MAX_DISHES_PER_ENTRY, bilingual(`每餐最多 ${PLAN_MAX_DISHES_PER_ENTRY} 道菜`, `At most ${PLAN_MAX_DISHES_PER_ENTRY} dishes a meal`)),
});
export type TPlanEntryInput = z.infer<typeof ZPlanEntryInput>;

const planContent = z.object({
  /** The age bands the canteen serves this week, each with its enrolled diners. */
  ageBands: z
    .array(ZPlanAgeBand)
    .min(1, bilingual('请至少选择一个年龄段', 'Choose at least one age band'))
    .refine((bands) => new Set(bands.map((b) => b.ageBand)).size === bands.length, bilingual('年龄段不能重复', 'Each age band appears once')),
  entries: z
    .array(ZPlanEntryInput)
    .max(PLAN_MAX_ENTRIES, bilingual(`每周最多 ${PLAN_MAX_ENTRIES} 个餐次安排`, `At most ${PLAN_MAX_ENTRIES} entries a week`))
    .refine(
      (entries) => new Set(entries.map((e) => `${e.day}/${e.meal}/${e.ageBand}`)).size === entries.length,
      bilingual('同一天同一餐次同一年龄段只能安排一次', 'Each day, meal and age band appears once'),
    ),
});

export const ZCreatePlan = planContent.extend({
  canteenId: ZId,
  /** Monday of the ISO week. */
  weekStart: ZDay,
});
export type TCreatePlan = z.infer<typeof ZCreatePlan>;

/** A draft is changed in place; a published plan gets a new version, and the change needs a reason. */
export const ZRevisePlan = planContent.extend({ reason: ZReason.optional() });
export type TRevisePlan = z.infer<typeof ZRevisePlan>;

export const ZPlanQuery = ZPageQuery.extend({
  canteenId: ZId.optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  /** Weeks starting from / to these days. */
  from: ZDay.optional(),
  to: ZDay.optional(),
});
export type TPlanQuery = z.infer<typeof ZPlanQuery>;

export const ZPlanDish = z.object({
  id: z.string(),
  versionId: z.string(),
  version: z.number().int(),
  name: z.string(),
  cookingMethod: z.enum(COOKING_METHODS),
  allergens: z.array(z.enum(ALLERGENS)),
  photoFileId: z.string().nullable(),
});

export const ZPlanEntry = z.object({
  day: z.string(),
  meal: z.enum(MEALS),
  ageBand: z.enum(AGE_BANDS),
  headcount: z.number().int(),
  dishes: z.array(ZPlanDish),
  /** Ingredient cost per student at the canteen's latest purchase prices; null when a price is unknown. */
  costPerStudentFen: z.number().int().nullable(),
});
export type TPlanEntry = z.infer<typeof ZPlanEntry>;

/** What a planned cost cannot be worked out without: a purchase price, or grams per stock unit. */
export const COST_GAPS = ['price', 'conversion'] as const;

/** The meal-fund standard against the planned cost, per day and meal (all age bands together). */
export const ZPlanCost = z.object({
  day: z.string(),
  meal: z.enum(MEALS),
  headcount: z.number().int(),
  /** Headcount-weighted planned cost per student; null when a price or a conversion is missing (see `uncosted`). */
  plannedPerStudentFen: z.number().int().nullable(),
  /** The meal's ingredients that leave its cost unknown, and what each lacks; empty when it is known. */
  uncosted: z.array(z.object({ id: z.string(), name: z.string(), missing: z.enum(COST_GAPS) })),
  fundStandardFen: z.number().int().nullable(),
  overStandard: z.boolean(),
});
export type TPlanCost = z.infer<typeof ZPlanCost>;

export const ZPlanSummary = z.object({
  id: z.string(),
  canteen: ref,
  school: z.object({ id: z.string(), name: z.string(), enrolment: z.number().int().nullable() }),
  weekStart: z.string(),
  status: z.enum(PLAN_STATUSES),
  version: z.number().int(),
  versionId: z.string(),
  reason: z.string().nullable(),
  ageBands: z.array(z.object({ ageBand: z.enum(AGE_BANDS), headcount: z.number().int() })),
  createdBy: ref,
  createdAt: z.string(),
  publishedBy: ref.nullable(),
  publishedAt: z.string().nullable(),
});
export type TPlanSummary = z.infer<typeof ZPlanSummary>;

export const ZPlan = ZPlanSummary.extend({
  entries: z.array(ZPlanEntry),
  costs: z.array(ZPlanCost),
  /** Where the fund standard came from (the unit that set it, or null for the default). */
  fundStandardSource: ZSettingSource,
  /** One assessment per age band and day that has entries. */
  nutrition: z.array(z.object({ day: z.string(), ageBand: z.enum(AGE_BANDS), assessment: ZNutritionAssessment })),
});
export type TPlan = z.infer<typeof ZPlan>;

export const ZPlanVersionSummary = z.object({
  versionId: z.string(),
  version: z.number().int(),
  status: z.enum(PLAN_STATUSES),
  reason: z.string().nullable(),
  createdBy: ref,
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type TPlanVersionSummary = z.infer<typeof ZPlanVersionSummary>;

// ─── Production records (生产记录) ───

export const ZRecordProduction = z.object({
  canteenId: ZId,
  day: ZDay,
  meal: ZMeal,
  served: z
    .array(z.object({ ageBand: ZAgeBand, headcount: ZHeadcount }))
    .min(1, bilingual('请填写就餐人数', 'Give the headcount served'))
    .refine((rows) => new Set(rows.map((r) => r.ageBand)).size === rows.length, bilingual('年龄段不能重复', 'Each age band appears once')),
  /** Leftover and waste per dish of the meal, in grams (whole grams). */
  leftovers: z
    .array(
      z.object({
        dishId: ZId,
        grams: z
          .number({ error: bilingual('请填写剩余克数', 'Give the leftover grams') })
          .int(bilingual('剩余量以克为单位，须为整数', 'Leftovers are whole grams'))
          .min(0, bilingual('剩余量不能为负数', 'Leftovers cannot be negative'))
          .max(10_000_000, bilingual('剩余量过大', 'The leftover weight is too large')),
      }),
    )
    .max(PLAN_MAX_DISHES_PER_ENTRY * AGE_BANDS.length)
    .default([])
    .refine((rows) => new Set(rows.map((r) => r.dishId)).size === rows.length, bilingual('同一菜品只能填写一次', 'Each dish appears once')),
  note: z.string().trim().max(500).optional(),
  /** Required for a correction (a second or later version). */
  reason: ZReason.optional(),
});
export type TRecordProduction = z.infer<typeof ZRecordProduction>;

export const ZProductionQuery = z
  .object({ canteenId: ZId, from: ZDay, to: ZDay })
  .refine((q) => q.from <= q.to, { message: bilingual('开始日期不能晚于结束日期', 'The start cannot be after the end'), path: ['to'] })
  .refine((q) => q.from > q.to || periodDays(q.from, q.to) <= MENU_PERIOD_MAX_DAYS, {
    message: bilingual(`查询期间最长 ${MENU_PERIOD_MAX_DAYS} 天`, `A period spans at most ${MENU_PERIOD_MAX_DAYS} days`),
    path: ['to'],
  });
export type TProductionQuery = z.infer<typeof ZProductionQuery>;
/** The same period query serves execution, costs and the mass balance. */
export const ZMenuPeriodQuery = ZProductionQuery;
export type TMenuPeriodQuery = TProductionQuery;

export const ZProductionHistoryQuery = z.object({ canteenId: ZId, day: ZDay, meal: ZMeal });
export type TProductionHistoryQuery = z.infer<typeof ZProductionHistoryQuery>;

/** unplanned: issued but in no recipe of the meal; unknown: no grams-per-unit to convert the recipe's grams (piece, box, bag). */
export const DEVIATION_STATUSES = ['ok', 'over', 'under', 'unplanned', 'unknown'] as const;
export type DeviationStatus = (typeof DEVIATION_STATUSES)[number];

/** Expected against issued for one ingredient of one meal. */
export const ZExecutionLine = z.object({
  ingredient: ingredientRef,
  /** Raw edible grams the recipes ask for: grams per student × headcount, over the age bands. */
  expectedEdibleGrams: z.number(),
  /** The same in the ingredient's stock unit (edible portion and grams per unit applied), decimal string; null without a conversion. */
  expected: z.string().nullable(),
  /** Stock-outs for the meal net of reversals, decimal string, positive. */
  issued: z.string(),
  issuedFen: z.number().int(),
  /** (issued − expected) / expected; null when nothing was expected. */
  deviation: z.number().nullable(),
  status: z.enum(DEVIATION_STATUSES),
});
export type TExecutionLine = z.infer<typeof ZExecutionLine>;

export const ZProductionRecord = z.object({
  id: z.string(),
  canteen: ref,
  day: z.string(),
  meal: z.enum(MEALS),
  version: z.number().int(),
  reason: z.string().nullable(),
  plan: z.object({ id: z.string(), version: z.number().int(), versionId: z.string() }),
  served: z.array(z.object({ ageBand: z.enum(AGE_BANDS), headcount: z.number().int() })),
  servedTotal: z.number().int(),
  leftovers: z.array(z.object({ dish: z.object({ id: z.string(), versionId: z.string(), name: z.string() }), grams: z.number().int() })),
  note: z.string().nullable(),
  createdBy: ref,
  createdAt: z.string(),
});
export type TProductionRecord = z.infer<typeof ZProductionRecord>;

/** A saved record answers with the execution check made when it was saved. */
export const ZProductionResult = ZProductionRecord.extend({
  execution: z.object({
    lines: z.array(ZExecutionLine),
    deviation: z.number().nullable(),
    outOfTolerance: z.boolean(),
  }),
});
export type TProductionResult = z.infer<typeof ZProductionResult>;

// ─── Execution truthfulness (执行真实性) and mass balance ───

export const ZExecutionMeal = z.object({
  day: z.string(),
  meal: z.enum(MEALS),
  plan: z.object({ id: z.string(), version: z.number().int() }).nullable(),
  /** Served when a production record exists, else the plan's headcount (not yet judged). */
  headcountSource: z.enum(['served', 'planned']),
  headcount: z.number().int(),
  record: z.object({ id: z.string(), version: z.number().int() }).nullable(),
  lines: z.array(ZExecutionLine),
  expectedFen: z.number().int(),
  issuedFen: z.number().int(),
  /** Value-weighted deviation of the meal: (issued − expected) / expected at the issue prices. */
  deviation: z.number().nullable(),
  outOfTolerance: z.boolean(),
});
export type TExecutionMeal = z.infer<typeof ZExecutionMeal>;

/** One day of delivered → stocked in → issued → served → leftover. */
export const ZMassBalanceDay = z.object({
  day: z.string(),
  deliveredFen: z.number().int(),
  stockedInFen: z.number().int(),
  issuedFen: z.number().int(),
  /** Raw edible kilograms the recipes put on the plates (served headcount × grams). */
  servedKg: z.number(),
  /** Edible kilograms that the issued quantities correspond to (for ingredients with a known conversion). */
  issuedEdibleKg: z.number(),
  leftoverKg: z.number(),
  headcount: z.number().int(),
  ingredients: z.array(
    z.object({
      ingredient: ingredientRef,
      delivered: z.string(),
      stockedIn: z.string(),
      issued: z.string(),
      expected: z.string().nullable(),
    }),
  ),
});
export type TMassBalanceDay = z.infer<typeof ZMassBalanceDay>;

export const ZExecution = z.object({
  canteen: ref,
  from: z.string(),
  to: z.string(),
  tolerance: ZExecutionTolerance,
  meals: z.array(ZExecutionMeal),
  massBalance: z.array(ZMassBalanceDay),
});
export type TExecution = z.infer<typeof ZExecution>;

// ─── Demand to purchase ───

export const ZPurchaseSuggestionQuery = z
  .object({ from: ZDay, to: ZDay, deliveryDate: ZDay.optional() })
  .refine((q) => q.from <= q.to, { message: bilingual('开始日期不能晚于结束日期', 'The start cannot be after the end'), path: ['to'] });
export type TPurchaseSuggestionQuery = z.infer<typeof ZPurchaseSuggestionQuery>;

const ZSuggestedLine = z.object({
  ingredient: ingredientRef,
  /** Planned headcount × grams, in the stock unit. */
  demand: z.string(),
  onHand: z.string(),
  /** demand − on hand, rounded up to the unit's decimals. */
  quantity: z.string(),
  unitPriceFen: z.number().int(),
  amountFen: z.number().int(),
});

export const ZPurchaseSuggestion = z.object({
  plan: z.object({ id: z.string(), weekStart: z.string(), version: z.number().int() }),
  canteen: ref,
  from: z.string(),
  to: z.string(),
  deliveryDate: z.string(),
  /** One group per contracted supplier; `order` is ready for POST /api/purchase-orders. */
  groups: z.array(
    z.object({
      supplier: ref,
      contract: z.object({ id: z.string(), code: z.string() }),
      lines: z.array(ZSuggestedLine),
      totalFen: z.number().int(),
      order: ZCreatePurchaseOrder,
    }),
  ),
  /**
   * Needed but not orderable here: no supplier under contract for its food group on the delivery
   * day, or no grams per unit to turn the recipes' grams into pieces, boxes or bags.
   */
  uncovered: z.array(
    z.object({
      ingredient: ingredientRef,
      demand: z.string().nullable(),
      onHand: z.string(),
      quantity: z.string().nullable(),
      reason: z.enum(['no_contract', 'no_conversion']),
    }),
  ),
  /** Enough on hand already. */
  covered: z.array(ZSuggestedLine.pick({ ingredient: true, demand: true, onHand: true })),
});
export type TPurchaseSuggestion = z.infer<typeof ZPurchaseSuggestion>;

// ─── Costs ───

export const ZMenuCosts = z.object({
  canteen: ref,
  from: z.string(),
  to: z.string(),
  fundStandardSource: ZSettingSource,
  meals: z.array(
    z.object({
      day: z.string(),
      meal: z.enum(MEALS),
      /** Stock-out cost of the meal net of reversals. */
      issuedFen: z.number().int(),
      servedHeadcount: z.number().int().nullable(),
      actualPerStudentFen: z.number().int().nullable(),
      plannedPerStudentFen: z.number().int().nullable(),
      fundStandardFen: z.number().int().nullable(),
    }),
  ),
  totals: z.object({ issuedFen: z.number().int(), servedMeals: z.number().int(), actualPerStudentFen: z.number().int().nullable() }),
});
export type TMenuCosts = z.infer<typeof ZMenuCosts>;

// ─── Events (outbox) ───

/** `menus.plan-published`: a plan (or a new version of it) was published. */
export const ZPlanPublishedEvent = z.object({
  planId: z.string(),
  versionId: z.string(),
  canteenId: z.string(),
  weekStart: z.string(),
  version: z.number().int(),
  reason: z.string().nullable(),
  verdicts: z.array(z.object({ day: z.string(), ageBand: z.enum(AGE_BANDS), verdict: ZVerdict })),
});
export type TPlanPublishedEvent = z.infer<typeof ZPlanPublishedEvent>;

/** `menus.execution-deviation`: the ingredients of a production record issued other than its recipes ask (every difference; the rule judges it against its thresholds); once per record version. */
export const ZExecutionDeviationEvent = z.object({
  canteenId: z.string(),
  day: z.string(),
  meal: z.enum(MEALS),
  recordId: z.string(),
  recordVersion: z.number().int(),
  tolerance: ZExecutionTolerance,
  deviation: z.number().nullable(),
  lines: z.array(
    z.object({
      ingredientId: z.string(),
      ingredientName: z.string(),
      unit: z.string(),
      expected: z.string().nullable(),
      issued: z.string(),
      deviation: z.number().nullable(),
      status: z.enum(DEVIATION_STATUSES),
    }),
  ),
});
export type TExecutionDeviationEvent = z.infer<typeof ZExecutionDeviationEvent>;
