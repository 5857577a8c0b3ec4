import {
  type AgeBand,
  type CheckedFoodGroup,
  FOOD_GROUPS,
  FOOD_GROUP_NAMES,
  type FoodGroup,
  type GroupStatus,
  KCAL_PER_G,
  MEALS,
  MEAL_GROUPS,
  MEAL_GROUP_NAMES,
  MEAL_GROUP_OF,
  type Meal,
  NUTRIENTS,
  type TAgeBandTargets,
  type TDayAssessment,
  type TGroupRange,
  type TMealAssessment,
  type TNutrientValues,
  type TNutritionAssessment,
  type TNutritionCheck,
  type TPercentRange,
  type TSettingSource,
  type TVegetableFood,
  type TVegetableVariety,
  type Verdict,
  bilingual,
  mealTable,
} from '@canteen/shared';

/** One ingredient of a meal: raw edible grams per student, its group, and its nutrients per 100 g (null: not linked to a food). */
export interface AssessItem {
  ingredientId: string;
  grams: number;
  foodGroup: FoodGroup;
  per100g: TNutrientValues | null;
  /** The fresh vegetable it is, by food; null for anything else. */
  vegetable: TVegetableFood | null;
}

export interface AssessMealInput {
  meal: Meal;
  items: AssessItem[];
}

const MEAL_NAMES: Record<Meal, { zh: string; en: string }> = {
  breakfast: { zh: '早餐', en: 'Breakfast' },
  lunch: { zh: '午餐', en: 'Lunch' },
  dinner: { zh: '晚餐', en: 'Dinner' },
};
const DAY_NAME = { zh: '全天', en: 'The day' };

/** Every meal needs grains and vegetables; oil and salt are limits, so none is within them. */
const ALWAYS_WEIGHED = new Set<FoodGroup>(['grains', 'vegetables', 'oil', 'salt']);

const RANK: Record<Verdict, number> = { green: 0, amber: 1, red: 2 };
export const worstVerdict = (verdicts: Verdict[]): Verdict => verdicts.reduce<Verdict>((worst, v) => (RANK[v] > RANK[worst] ? v : worst), 'green');

const round = (value: number, places: number) => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};
const mid = (range: TPercentRange) => (range.min + range.max) / 2;
const zeroNutrients = (): TNutrientValues => Object.fromEntries(NUTRIENTS.map((n) => [n, 0])) as TNutrientValues;
const roundNutrients = (values: TNutrientValues): TNutrientValues =>
  Object.fromEntries(NUTRIENTS.map((n) => [n, round(values[n], 2)])) as TNutrientValues;

/**
 * The share of the day's targets a meal is held to: the midpoints of the meal shares, normalised so
 * that three meals make the whole day (default 28.2 / 38.5 / 33.3 %). A canteen serving only lunch
 * is held to lunch's share, not to the whole day.
 */
export function mealTargetShare(targets: TAgeBandTargets, meal: Meal): number {
  const total = MEALS.reduce((sum, m) => sum + mid(targets.mealSharePercent[m]), 0);
  return mid(targets.mealSharePercent[meal]) / total;
}

/**
 * Green inside [min, max]; amber when outside by at most `margin` % of the bound it crossed;
 * beyond that, `far` (red unless the check is advisory).
 */
export function rangeVerdict(value: number, min: number | null, max: number | null, marginPercent: number, far: Verdict = 'red'): Verdict {
  const margin = marginPercent / 100;
  if (min !== null && value < min) return value >= min * (1 - margin) ? 'amber' : far;
  if (max !== null && value > max) return value <= max * (1 + margin) ? 'amber' : far;
  return 'green';
}

function totalsOf(items: AssessItem[]): { totals: TNutrientValues; unknown: string[] } {
  const totals = zeroNutrients();
  const unknown = new Set<string>();
  for (const item of items) {
    if (!item.per100g) {
      unknown.add(item.ingredientId);
      continue;
    }
    for (const nutrient of NUTRIENTS) totals[nutrient] += (item.grams / 100) * item.per100g[nutrient];
  }
  return { totals, unknown: [...unknown] };
}

interface Who {
  zh: string;
  en: string;
}

const pct = (value: number) => `${round(value, 1)}%`;
const span = (range: TPercentRange) => `${range.min}–${range.max}%`;

function percentCheck(key: string, who: Who, label: Who, value: number | null, range: TPercentRange, margin: number): TNutritionCheck {
  if (value === null) {
    return {
      key,
      value: null,
      min: range.min,
      max: range.max,
      verdict: 'red',
      reason: bilingual(`${who.zh}没有能量，无法计算${label.zh}`, `${who.en} has no energy: ${label.en} cannot be computed`),
    };
  }
  const verdict = rangeVerdict(value, range.min, range.max, margin);
  const direction = value < range.min ? { zh: '偏低', en: 'low' } : { zh: '偏高', en: 'high' };
  return {
    key,
    value: round(value, 1),
    min: range.min,
    max: range.max,
    verdict,
    reason:
      verdict === 'green'
        ? null
        : bilingual(
            `${who.zh}${label.zh}${direction.zh}：${pct(value)}（应为 ${span(range)}）`,
            `${who.en}: ${label.en} too ${direction.en}, ${pct(value)} (should be ${span(range)})`,
          ),
  };
}

interface Ratios {
  totals: TNutrientValues;
  energyTargetKcal: number;
  proteinTargetG: number;
}

function ratioChecks(who: Who, r: Ratios, targets: TAgeBandTargets) {
  const energy = r.totals.energyKcal;
  const energyPercent = r.energyTargetKcal > 0 ? (energy / r.energyTargetKcal) * 100 : 0;
  const proteinPercent = r.proteinTargetG > 0 ? (r.totals.proteinG / r.proteinTargetG) * 100 : 0;
  const fatPercent = energy > 0 ? ((KCAL_PER_G.fat * r.totals.fatG) / energy) * 100 : null;
  const carbohydratePercent = energy > 0 ? ((KCAL_PER_G.carbohydrate * r.totals.carbohydrateG) / energy) * 100 : null;
  const margin = targets.amberMarginPercent;
  const checks = [
    percentCheck('energy', who, { zh: '能量占目标', en: 'energy vs target' }, energyPercent, targets.energyPercent, margin),
    percentCheck('protein', who, { zh: '蛋白质占目标', en: 'protein vs target' }, proteinPercent, targets.proteinPercent, margin),
    percentCheck('fat', who, { zh: '脂肪供能比', en: 'fat share of energy' }, fatPercent, targets.fatPercentEnergy, margin),
    percentCheck('carbohydrate', who, { zh: '碳水化合物供能比', en: 'carbohydrate share of energy' }, carbohydratePercent, targets.carbohydratePercentEnergy, margin),
  ];
  return {
    totals: roundNutrients(r.totals),
    energyTargetKcal: round(r.energyTargetKcal, 1),
    energyPercentOfTarget: round(energyPercent, 1),
    proteinTargetG: round(r.proteinTargetG, 1),
    proteinPercentOfTarget: round(proteinPercent, 1),
    fatPercentEnergy: fatPercent === null ? null : round(fatPercent, 1),
    carbohydratePercentEnergy: carbohydratePercent === null ? null : round(carbohydratePercent, 1),
    checks,
  };
}

function groupCheck(who: Who, group: CheckedFoodGroup, grams: number, range: TGroupRange, margin: number): { status: GroupStatus; check: TNutritionCheck } {
  const verdict = rangeVerdict(grams, range.min, range.max, margin, range.severity);
  const below = range.min !== null && grams < range.min;
  const status: GroupStatus = verdict === 'green' ? 'within' : below ? 'below' : 'above';
  const bounds = range.min !== null && range.max !== null ? `${range.min}–${range.max} g` : range.min !== null ? `≥ ${range.min} g` : `≤ ${range.max} g`;
  const name = FOOD_GROUP_NAMES[group];
  return {
    status,
    check: {
      key: `group.${group}`,
      value: round(grams, 1),
      min: range.min,
      max: range.max,
      verdict,
      reason:
        verdict === 'green'
          ? null
          : bilingual(
              `${who.zh}${name.zh}${below ? '不足' : '过多'}：${round(grams, 1)} g（建议 ${bounds}）`,
              `${who.en}: ${below ? 'too little' : 'too much'} ${name.en}, ${round(grams, 1)} g (recommended ${bounds})`,
            ),
    },
  };
}

const shareText = (share: number) => (share === 0.5 ? { zh: '一半', en: 'half' } : { zh: pct(share * 100), en: pct(share * 100) });

/**
 * WS/T 554: at least three fresh vegetables a day, over half of them dark-coloured, both counted in
 * kinds as the standard counts them. The kinds are amber within the margin like any bound; the dark
 * share too, bound excluded ("exactly half" is not over half), except that no dark kind at all is red.
 */
function vegetableChecks(who: Who, meals: AssessMealInput[], targets: TAgeBandTargets): { vegetables: TVegetableVariety; checks: TNutritionCheck[] } {
  const foods = new Map<string, TVegetableFood>();
  for (const meal of meals) for (const item of meal.items) if (item.vegetable) foods.set(item.vegetable.code, item.vegetable);
  const kinds = foods.size;
  const darkKinds = [...foods.values()].filter((f) => f.colour === 'dark').length;
  const vegetables = { kinds, darkKinds, foods: [...foods.values()] };

  const min = targets.minVegetableKindsPerDay;
  const kindsVerdict = rangeVerdict(kinds, min, null, targets.amberMarginPercent);
  const checks: TNutritionCheck[] = [
    {
      key: 'vegetableKinds',
      value: kinds,
      min,
      max: null,
      verdict: kindsVerdict,
      reason:
        kindsVerdict === 'green'
          ? null
          : bilingual(`${who.zh}新鲜蔬菜 ${kinds} 种（应至少 ${min} 种）`, `${who.en}: ${kinds} kind(s) of fresh vegetable (at least ${min})`),
    },
  ];
  if (kinds === 0) return { vegetables, checks };

  const over = targets.darkVegetableShareOver;
  const share = darkKinds / kinds;
  const shareVerdict: Verdict = share > over ? 'green' : darkKinds > 0 && share >= over * (1 - targets.amberMarginPercent / 100) ? 'amber' : 'red';
  const bound = shareText(over);
  checks.push({
    key: 'darkVegetableShare',
    value: round(share * 100, 1),
    min: round(over * 100, 1),
    max: null,
    verdict: shareVerdict,
    reason:
      shareVerdict === 'green'
        ? null
        : bilingual(
            `${who.zh}深色蔬菜 ${darkKinds}/${kinds} 种（应超过${bound.zh}）`,
            `${who.en}: ${darkKinds} of ${kinds} fresh vegetables dark-coloured (should be over ${bound.en})`,
          ),
  });
  return { vegetables, checks };
}

function assessMeal(input: AssessMealInput, targets: TAgeBandTargets, dayEnergy: number | null): TMealAssessment {
  const who = MEAL_NAMES[input.meal];
  const share = mealTargetShare(targets, input.meal);
  const { totals, unknown } = totalsOf(input.items);
  const ratios = ratioChecks(who, { totals, energyTargetKcal: targets.dailyEnergyKcal * share, proteinTargetG: targets.dailyProteinG * share }, targets);
  const checks = [...ratios.checks];

  let shareOfDayPercent: number | null = null;
  if (dayEnergy !== null && dayEnergy > 0) {
    shareOfDayPercent = (totals.energyKcal / dayEnergy) * 100;
    checks.push(percentCheck('mealShare', who, { zh: '占全天能量', en: 'share of the day’s energy' }, shareOfDayPercent, targets.mealSharePercent[input.meal], targets.amberMarginPercent));
  }

  const grams = new Map<FoodGroup, number>();
  for (const item of input.items) grams.set(item.foodGroup, (grams.get(item.foodGroup) ?? 0) + item.grams);
  const present = MEAL_GROUPS.filter((g) => FOOD_GROUPS.some((fg) => MEAL_GROUP_OF[fg] === g && (grams.get(fg) ?? 0) > 0));
  const missing = MEAL_GROUPS.filter((g) => !present.includes(g));
  checks.push({
    key: 'groups',
    value: present.length,
    min: targets.minGroupsPerMeal,
    max: null,
    verdict: present.length >= targets.minGroupsPerMeal ? 'green' : 'red',
    reason:
      present.length >= targets.minGroupsPerMeal
        ? null
        : bilingual(
            `${who.zh}只有 ${present.length} 类食物（应至少 ${targets.minGroupsPerMeal} 类），缺少${missing.map((g) => MEAL_GROUP_NAMES[g].zh).join('、')}`,
            `${who.en} has ${present.length} of the 4 food groups (at least ${targets.minGroupsPerMeal}); missing ${missing.map((g) => MEAL_GROUP_NAMES[g].en).join(', ')}`,
          ),
  });

  const table = targets.foodGroups[mealTable(input.meal)];
  const foodGroups: TMealAssessment['foodGroups'] = [];
  for (const group of Object.keys(table) as CheckedFoodGroup[]) {
    const range = table[group];
    const amount = grams.get(group) ?? 0;
    // A group the meal leaves out is judged by the "≥ 3 of 4 groups" rule and the energy and protein
    // checks (fish, meat and eggs stand in for one another), not gram by gram; staples are always weighed.
    if (amount === 0 && !ALWAYS_WEIGHED.has(group)) {
      foodGroups.push({ group, grams: 0, min: range.min, max: range.max, status: 'absent' });
      continue;
    }
    const { status, check } = groupCheck(who, group, amount, range, targets.amberMarginPercent);
    foodGroups.push({ group, grams: round(amount, 1), min: range.min, max: range.max, status });
    checks.push(check);
  }
  const condiments = grams.get('condiment');
  if (condiments !== undefined) foodGroups.push({ group: 'condiment', grams: round(condiments, 1), min: null, max: null, status: 'within' });

  if (unknown.length > 0) {
    checks.push({
      key: 'unknownIngredients',
      value: unknown.length,
      min: null,
      max: 0,
      verdict: 'amber',
      reason: bilingual(
        `${who.zh}有 ${unknown.length} 种食材未关联食物成分，营养素未计入`,
        `${who.en}: ${unknown.length} ingredient(s) have no food composition link; their nutrients are not counted`,
      ),
    });
  }

  const verdict = worstVerdict(checks.map((c) => c.verdict));
  return {
    meal: input.meal,
    ...ratios,
    checks,
    verdict,
    reasons: checks.flatMap((c) => (c.reason ? [c.reason] : [])),
    shareOfDayPercent: shareOfDayPercent === null ? null : round(shareOfDayPercent, 1),
    foodGroups,
    groupsPresent: present,
    unknownIngredientIds: unknown,
  };
}

/**
 * WS/T 554-2017 assessment of one day's meals for one age band: per meal and for the day, nutrient
 * totals, energy and protein against the targets, fat and carbohydrate shares of energy, the meal's
 * share of the day, food-group grams and the "≥ 3 of 4 groups" rule, and for the day the fresh
 * vegetables' kinds and dark share, each with a verdict and reason.
 * Pure: the caller resolves ingredients, targets and where they came from.
 */
export function assessNutrition(ageBand: AgeBand, targets: TAgeBandTargets, targetsSource: TSettingSource, input: AssessMealInput[]): TNutritionAssessment {
  const ordered = MEALS.flatMap((meal) => input.filter((m) => m.meal === meal));
  const dayTotals = zeroNutrients();
  const perMeal = ordered.map((m) => totalsOf(m.items).totals);
  for (const totals of perMeal) for (const nutrient of NUTRIENTS) dayTotals[nutrient] += totals[nutrient];

  // Meal shares describe a whole day's supply, so they are checked only when all three meals are planned.
  const wholeDay = MEALS.every((meal) => ordered.some((m) => m.meal === meal));
  const meals = ordered.map((m) => assessMeal(m, targets, wholeDay ? dayTotals.energyKcal : null));

  const servedShare = ordered.reduce((sum, m) => sum + mealTargetShare(targets, m.meal), 0);
  const dayRatios = ratioChecks(DAY_NAME, { totals: dayTotals, energyTargetKcal: targets.dailyEnergyKcal * servedShare, proteinTargetG: targets.dailyProteinG * servedShare }, targets);
  const { vegetables, checks: vegetableRules } = vegetableChecks(DAY_NAME, ordered, targets);
  const checks = [...dayRatios.checks, ...vegetableRules];
  const dayVerdict = worstVerdict(checks.map((c) => c.verdict));
  const day: TDayAssessment = { ...dayRatios, checks, vegetables, verdict: dayVerdict, reasons: checks.flatMap((c) => (c.reason ? [c.reason] : [])) };

  return {
    ageBand,
    meals,
    day,
    verdict: worstVerdict([dayVerdict, ...meals.map((m) => m.verdict)]),
    targets,
    targetsSource,
  };
}
