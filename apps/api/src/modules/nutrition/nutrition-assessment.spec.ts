import {
  DEFAULT_NUTRITION_TARGETS,
  type FoodGroup,
  NUTRIENTS,
  type TNutrientValues,
  type VegetableColour,
  ZNutritionTargetsOverride,
  pickLanguage,
} from '@canteen/shared';
import { type AssessItem, assessNutrition, mealTargetShare, rangeVerdict } from './nutrition-assessment';

/** Test foods with round values per 100 g, so that every figure below can be checked by hand. */
const per100 = (values: Partial<TNutrientValues>): TNutrientValues => ({ ...(Object.fromEntries(NUTRIENTS.map((n) => [n, 0])) as TNutrientValues), ...values });
const FOODS = {
  rice: { group: 'grains', per100g: per100({ energyKcal: 350, proteinG: 8, fatG: 1, carbohydrateG: 77, fibreG: 1, calciumMg: 10, ironMg: 1, zincMg: 1, sodiumMg: 2 }) },
  pork: { group: 'livestock', per100g: per100({ energyKcal: 150, proteinG: 20, fatG: 8, calciumMg: 6, ironMg: 3, zincMg: 3, vitaminAUg: 40, sodiumMg: 60 }) },
  cabbage: { group: 'vegetables', per100g: per100({ energyKcal: 20, proteinG: 1.5, fatG: 0.2, carbohydrateG: 4, fibreG: 1, calciumMg: 50, ironMg: 0.8, zincMg: 0.3, vitaminAUg: 10, vitaminCMg: 30, sodiumMg: 50 }) },
  tofu: { group: 'soy_nuts', per100g: per100({ energyKcal: 80, proteinG: 8, fatG: 4, carbohydrateG: 4, fibreG: 0.4, calciumMg: 160, ironMg: 2, zincMg: 1, sodiumMg: 10 }) },
  oil: { group: 'oil', per100g: per100({ energyKcal: 900, fatG: 100 }) },
  salt: { group: 'salt', per100g: per100({ sodiumMg: 39000 }) },
  bread: { group: 'grains', per100g: per100({ energyKcal: 300, proteinG: 8, fatG: 5, carbohydrateG: 55 }) },
  milk: { group: 'milk', per100g: per100({ energyKcal: 65, proteinG: 3.3, fatG: 3.6, carbohydrateG: 4.9 }) },
  egg: { group: 'eggs', per100g: per100({ energyKcal: 140, proteinG: 13, fatG: 9, carbohydrateG: 2 }) },
} satisfies Record<string, { group: FoodGroup; per100g: TNutrientValues }>;
/** The shipped table's colours of the foods above that are fresh vegetables. */
const COLOURS: Partial<Record<keyof typeof FOODS, VegetableColour>> = { cabbage: 'light' };

const item = (food: keyof typeof FOODS, grams: number): AssessItem => ({
  ingredientId: food,
  grams,
  foodGroup: FOODS[food].group,
  per100g: FOODS[food].per100g,
  vegetable: COLOURS[food] ? { code: food, name: food, colour: COLOURS[food] } : null,
});

/** A 9–11 lunch: rice 130 g, pork 40 g, cabbage 150 g, tofu 40 g, oil 10 g, salt 2 g (raw edible grams per student). */
const LUNCH = [item('rice', 130), item('pork', 40), item('cabbage', 150), item('tofu', 40), item('oil', 10), item('salt', 2)];
const targets = DEFAULT_NUTRITION_TARGETS['9-11'];
const en = (reasons: string[]) => reasons.map((r) => pickLanguage(r, 'en'));

describe('nutrition arithmetic on a hand-computed meal', () => {
  const result = assessNutrition('9-11', targets, null, [{ meal: 'lunch', items: LUNCH }]);
  const lunch = result.meals[0]!;

  it('adds nutrients as grams / 100 × value per 100 g', () => {
    // energy 455 + 60 + 30 + 32 + 90 + 0 = 667 kcal
    // protein 10.4 + 8 + 2.25 + 3.2 = 23.85 g; fat 1.3 + 3.2 + 0.3 + 1.6 + 10 = 16.4 g
    // carbohydrate 100.1 + 6 + 1.6 = 107.7 g; fibre 1.3 + 1.5 + 0.16 = 2.96 g
    // calcium 13 + 2.4 + 75 + 64 = 154.4 mg; iron 1.3 + 1.2 + 1.2 + 0.8 = 4.5 mg; zinc 1.3 + 1.2 + 0.45 + 0.4 = 3.35 mg
    // vitamin A 16 + 15 = 31 μg; vitamin C 45 mg; sodium 2.6 + 24 + 75 + 4 + 780 = 885.6 mg
    expect(lunch.totals).toEqual({
      energyKcal: 667,
      proteinG: 23.85,
      fatG: 16.4,
      carbohydrateG: 107.7,
      fibreG: 2.96,
      calciumMg: 154.4,
      ironMg: 4.5,
      zincMg: 3.35,
      vitaminAUg: 31,
      vitaminCMg: 45,
      sodiumMg: 885.6,
    });
  });

  it('holds lunch to its normalised share of the day: 37.5 / (27.5 + 37.5 + 32.5) of 2000 kcal and 50 g', () => {
    expect(mealTargetShare(targets, 'lunch')).toBeCloseTo(37.5 / 97.5, 10);
    expect(lunch.energyTargetKcal).toBe(769.2); // 2000 × 0.384615
    expect(lunch.proteinTargetG).toBe(19.2); // 50 × 0.384615 = 19.23
    expect(lunch.energyPercentOfTarget).toBe(86.7); // 667 / 769.23
    expect(lunch.proteinPercentOfTarget).toBe(124); // 23.85 / 19.23
  });

  it('computes fat and carbohydrate as % of energy with 9 and 4 kcal/g', () => {
    expect(lunch.fatPercentEnergy).toBe(22.1); // 9 × 16.4 / 667 = 22.13 %
    expect(lunch.carbohydratePercentEnergy).toBe(64.6); // 4 × 107.7 / 667 = 64.59 %
  });

  it('weighs the food groups against the lunch table and counts the four groups', () => {
    const groups = Object.fromEntries(lunch.foodGroups.map((g) => [g.group, [g.grams, g.status]]));
    expect(groups).toEqual({
      grains: [130, 'within'], // 120–140
      vegetables: [150, 'within'], // 140–160
      fruit: [0, 'absent'],
      livestock: [40, 'above'], // 16–20
      fish: [0, 'absent'],
      eggs: [0, 'absent'],
      milk: [0, 'absent'],
      soy_nuts: [40, 'within'], // ≥ 35
      oil: [10, 'within'], // ≤ 10
      salt: [2, 'within'], // ≤ 2
    });
    expect(lunch.groupsPresent).toEqual(['grains_tubers', 'vegetables_fruit', 'meat_fish_eggs', 'milk_soy']);
  });

  it('is amber: energy 86.7 % is within 10 % below 90 %, protein 124 % within 10 % above 120 %, pork twice the range but an advisory group', () => {
    expect(lunch.verdict).toBe('amber');
    expect(en(lunch.reasons)).toEqual([
      'Lunch: energy vs target too low, 86.7% (should be 90–110%)',
      'Lunch: protein vs target too high, 124% (should be 80–120%)',
      'Lunch: too much livestock & poultry, 40 g (recommended 16–20 g)',
    ]);
    expect(lunch.shareOfDayPercent).toBeNull();
    // A day of one lunch is held to lunch's share, so it repeats the meal's ratios.
    expect(result.day.energyTargetKcal).toBe(769.2);
    expect(result.day.energyPercentOfTarget).toBe(86.7);
    // The day as a whole is red only by the daily vegetable rule (below): cabbage, light, is its one fresh vegetable.
    expect(result.day.checks.filter((c) => c.verdict === 'red').map((c) => c.key)).toEqual(['vegetableKinds', 'darkVegetableShare']);
    expect(result.verdict).toBe('red');
  });

  it('checks each meal\'s share of the day only when all three meals are planned', () => {
    // breakfast: bread 100 g (300 kcal), milk 200 g (130 kcal), egg 50 g (70 kcal) = 500 kcal; day = 500 + 667 + 667 = 1834 kcal
    const breakfast = [item('bread', 100), item('milk', 200), item('egg', 50), item('cabbage', 100)];
    const day = assessNutrition('9-11', targets, null, [
      { meal: 'dinner', items: LUNCH },
      { meal: 'breakfast', items: breakfast },
      { meal: 'lunch', items: LUNCH },
    ]);
    expect(day.meals.map((m) => m.meal)).toEqual(['breakfast', 'lunch', 'dinner']);
    expect(day.day.totals.energyKcal).toBe(1854); // breakfast 520 with the cabbage
    expect(day.meals.map((m) => m.shareOfDayPercent)).toEqual([28, 36, 36]); // 520/1854, 667/1854
    const share = (meal: number) => day.meals[meal]!.checks.find((c) => c.key === 'mealShare')!;
    expect(share(0).verdict).toBe('green'); // 25–30 %
    expect(share(1).verdict).toBe('green'); // 35–40 %
    expect(share(2).verdict).toBe('amber'); // 30–35 %: 36 % is within 10 % above
    expect(day.day.energyTargetKcal).toBe(2000);
    expect(day.day.energyPercentOfTarget).toBe(92.7); // 1854 / 2000
  });

  it('is red with fewer than three groups, no vegetables, and names the missing groups', () => {
    const poor = assessNutrition('9-11', targets, null, [{ meal: 'lunch', items: [item('rice', 130), item('oil', 5)] }]);
    const meal = poor.meals[0]!;
    expect(meal.verdict).toBe('red');
    expect(meal.groupsPresent).toEqual(['grains_tubers']);
    expect(en(meal.reasons)).toContain('Lunch has 1 of the 4 food groups (at least 3); missing vegetables & fruit, fish, poultry, meat & eggs, milk & soy');
    expect(meal.checks.find((c) => c.key === 'group.vegetables')?.verdict).toBe('red');
  });

  it('flags too much salt red (a limit), and ingredients without nutrient data amber', () => {
    const salty = assessNutrition('9-11', targets, null, [
      { meal: 'lunch', items: [...LUNCH.filter((i) => i.ingredientId !== 'salt'), item('salt', 3), { ingredientId: 'mystery', grams: 20, foodGroup: 'vegetables', per100g: null, vegetable: null }] },
    ]);
    const meal = salty.meals[0]!;
    expect(meal.checks.find((c) => c.key === 'group.salt')).toMatchObject({ value: 3, max: 2, verdict: 'red' });
    expect(meal.unknownIngredientIds).toEqual(['mystery']);
    expect(meal.checks.find((c) => c.key === 'unknownIngredients')?.verdict).toBe('amber');
    // Its grams still count in its group: 150 + 20 g of vegetables.
    expect(meal.foodGroups.find((g) => g.group === 'vegetables')?.grams).toBe(170);
  });

  it('answers a meal without food with red checks, never a division by zero', () => {
    const empty = assessNutrition('6-8', DEFAULT_NUTRITION_TARGETS['6-8'], null, [{ meal: 'breakfast', items: [] }]);
    expect(empty.meals[0]!.fatPercentEnergy).toBeNull();
    expect(empty.meals[0]!.energyPercentOfTarget).toBe(0);
    expect(empty.verdict).toBe('red');
  });
});

describe('the daily fresh vegetable rule (≥ 3 kinds, over half dark-coloured)', () => {
  const veg = (code: string, colour: VegetableColour, grams = 40, ingredientId = code): AssessItem => ({
    ingredientId,
    grams,
    foodGroup: 'vegetables',
    per100g: FOODS.cabbage.per100g,
    vegetable: { code, name: code, colour },
  });
  const SPINACH = veg('spinach', 'dark');
  const CARROT = veg('carrot', 'dark');
  const TOMATO = veg('tomato', 'dark');
  const CUCUMBER = veg('cucumber', 'light');
  const WAX_GOURD = veg('wax-gourd', 'light');
  const STAPLES = [item('rice', 130), item('pork', 18), item('tofu', 40), item('oil', 10), item('salt', 2)];
  const dayOf = (vegetables: AssessItem[], bandTargets = targets) => assessNutrition('9-11', bandTargets, null, [{ meal: 'lunch', items: [...STAPLES, ...vegetables] }]).day;
  const check = (day: ReturnType<typeof dayOf>, key: string) => day.checks.find((c) => c.key === key);
  const zh = (day: ReturnType<typeof dayOf>) => day.reasons.map((r) => pickLanguage(r, 'zh'));

  it('passes with three kinds, two of them dark', () => {
    const day = dayOf([SPINACH, CARROT, CUCUMBER]);
    expect(day.vegetables).toEqual({
      kinds: 3,
      darkKinds: 2,
      foods: [
        { code: 'spinach', name: 'spinach', colour: 'dark' },
        { code: 'carrot', name: 'carrot', colour: 'dark' },
        { code: 'cucumber', name: 'cucumber', colour: 'light' },
      ],
    });
    expect(check(day, 'vegetableKinds')).toEqual({ key: 'vegetableKinds', value: 3, min: 3, max: null, verdict: 'green', reason: null });
    expect(check(day, 'darkVegetableShare')).toEqual({ key: 'darkVegetableShare', value: 66.7, min: 50, max: null, verdict: 'green', reason: null });
  });

  it('fires red with two kinds, in both languages, and makes the day red', () => {
    const day = dayOf([SPINACH, CARROT]);
    expect(check(day, 'vegetableKinds')).toMatchObject({ value: 2, verdict: 'red' });
    expect(zh(day)).toContain('全天新鲜蔬菜 2 种（应至少 3 种）');
    expect(en(day.reasons)).toContain('The day: 2 kind(s) of fresh vegetable (at least 3)');
    expect(day.verdict).toBe('red');
  });

  it('holds that exactly half is not over half: 2 of 4 dark is amber, 1 of 3 is red, 3 of 5 is green', () => {
    const half = dayOf([SPINACH, CARROT, CUCUMBER, WAX_GOURD]);
    expect(check(half, 'darkVegetableShare')).toMatchObject({ value: 50, verdict: 'amber' });
    expect(zh(half)).toContain('全天深色蔬菜 2/4 种（应超过一半）');
    expect(check(half, 'vegetableKinds')?.verdict).toBe('green');

    const third = dayOf([SPINACH, CUCUMBER, WAX_GOURD]);
    expect(check(third, 'darkVegetableShare')).toMatchObject({ value: 33.3, verdict: 'red' });
    expect(zh(third)).toContain('全天深色蔬菜 1/3 种（应超过一半）');
    expect(en(third.reasons)).toContain('The day: 1 of 3 fresh vegetables dark-coloured (should be over half)');

    expect(check(dayOf([SPINACH, CARROT, TOMATO, CUCUMBER, WAX_GOURD]), 'darkVegetableShare')).toMatchObject({ value: 60, verdict: 'green' });
  });

  it('counts kinds of food: one food from two ingredients or in two meals is one kind; tubers and unlinked vegetables are none', () => {
    const potato: AssessItem = { ingredientId: 'potato', grams: 50, foodGroup: 'grains', per100g: FOODS.rice.per100g, vegetable: null };
    const unlinked: AssessItem = { ingredientId: 'mystery', grams: 30, foodGroup: 'vegetables', per100g: null, vegetable: null };
    const result = assessNutrition('9-11', targets, null, [
      { meal: 'lunch', items: [...STAPLES, SPINACH, veg('spinach', 'dark', 20, 'spinach-from-another-supplier'), CUCUMBER, potato, unlinked] },
      { meal: 'dinner', items: [...STAPLES, veg('cucumber', 'light', 60)] },
    ]);
    expect(result.day.vegetables).toMatchObject({ kinds: 2, darkKinds: 1 });
    expect(check(result.day, 'vegetableKinds')?.verdict).toBe('red');
    expect(check(result.day, 'darkVegetableShare')).toMatchObject({ value: 50, verdict: 'amber' });
  });

  it('without any fresh vegetable gives only the kinds check, and no dark kind at all is red whatever the share asked', () => {
    const none = dayOf([]);
    expect(none.vegetables).toEqual({ kinds: 0, darkKinds: 0, foods: [] });
    expect(none.checks.filter((c) => c.key.includes('egetable')).map((c) => [c.key, c.verdict])).toEqual([['vegetableKinds', 'red']]);
    const lenient = { ...targets, darkVegetableShareOver: 0 };
    expect(check(dayOf([CUCUMBER, WAX_GOURD, veg('cabbage', 'light')], lenient), 'darkVegetableShare')?.verdict).toBe('red');
    expect(check(dayOf([SPINACH, WAX_GOURD, CUCUMBER], lenient), 'darkVegetableShare')?.verdict).toBe('green');
  });

  it('follows the targets a county sets: four kinds asked, and over 60 % dark', () => {
    const strict = { ...targets, minVegetableKindsPerDay: 4, darkVegetableShareOver: 0.6 };
    const day = dayOf([SPINACH, CARROT, TOMATO, CUCUMBER, WAX_GOURD], strict);
    expect(check(day, 'vegetableKinds')).toMatchObject({ value: 5, min: 4, verdict: 'green' });
    expect(check(day, 'darkVegetableShare')).toMatchObject({ value: 60, min: 60, verdict: 'amber' });
    expect(zh(day)).toContain('全天深色蔬菜 3/5 种（应超过60%）');
    expect(check(dayOf([SPINACH, CARROT, TOMATO], strict), 'vegetableKinds')).toMatchObject({ value: 3, verdict: 'red' });
  });
});

describe('rangeVerdict', () => {
  it.each([
    [90, 'green'],
    [110, 'green'],
    [81, 'amber'],
    [80.9, 'red'],
    [121, 'amber'],
    [121.1, 'red'],
  ] as const)('%s %% against 90–110 %% with a 10 %% margin is %s', (value, verdict) => {
    expect(rangeVerdict(value, 90, 110, 10)).toBe(verdict);
  });

  it('gives a group\'s own severity beyond the margin', () => {
    expect(rangeVerdict(0, 80, 100, 10, 'amber')).toBe('amber');
    expect(rangeVerdict(5, null, 2, 10)).toBe('red');
  });
});

describe('default targets', () => {
  it('mark kindergarten targets as the preschool guidelines, outside WS/T 554', () => {
    expect(pickLanguage(DEFAULT_NUTRITION_TARGETS['3-5'].basis, 'en')).toMatch(/preschool.*does not cover ages 3–5/);
    expect(pickLanguage(DEFAULT_NUTRITION_TARGETS['12-14'].basis, 'en')).toMatch(/^WS\/T 554-2017/);
  });

  it('carry WS/T 554’s daily vegetable rule, and fill it into a band stored before the rule existed', () => {
    expect(DEFAULT_NUTRITION_TARGETS['9-11']).toMatchObject({ minVegetableKindsPerDay: 3, darkVegetableShareOver: 0.5 });
    const { minVegetableKindsPerDay: _kinds, darkVegetableShareOver: _share, ...stored } = DEFAULT_NUTRITION_TARGETS['12-14'];
    expect(ZNutritionTargetsOverride.parse({ '12-14': stored })['12-14']).toMatchObject({ minVegetableKindsPerDay: 3, darkVegetableShareOver: 0.5 });
  });

  it('refuse a vegetable rule that cannot be met or means nothing, in both languages', () => {
    const band = (change: object) => ZNutritionTargetsOverride.safeParse({ '9-11': { ...targets, ...change } });
    const messages = (change: object) => band(change).error?.issues.map((i) => i.message) ?? [];
    expect(messages({ minVegetableKindsPerDay: 0 })).toEqual(['每天新鲜蔬菜至少 1 种||At least 1 kind of fresh vegetable a day']);
    expect(messages({ minVegetableKindsPerDay: 2.5 })).toEqual(['每天新鲜蔬菜种数应为整数||Fresh vegetable kinds per day must be a whole number']);
    expect(messages({ darkVegetableShareOver: 1 })).toEqual(['深色蔬菜占比须小于 1（要求“超过”该比例）||The dark vegetable share must be below 1 (the day must exceed it)']);
    expect(messages({ darkVegetableShareOver: -0.1 })).toHaveLength(1);
    expect(messages({ darkVegetableShareOver: '0.5' })).toHaveLength(1);
    expect(band({ minVegetableKindsPerDay: 4, darkVegetableShareOver: 0.6 }).success).toBe(true);
  });

  it('carry the WS/T 554 lunch ranges of domain.md', () => {
    expect(DEFAULT_NUTRITION_TARGETS['12-14'].foodGroups.main.vegetables).toEqual({ min: 160, max: 180, severity: 'red' });
    expect(DEFAULT_NUTRITION_TARGETS['15-17'].foodGroups.breakfast.salt).toEqual({ min: null, max: 2, severity: 'red' });
  });
});
