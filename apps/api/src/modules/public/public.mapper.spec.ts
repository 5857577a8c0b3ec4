import { DEFAULT_NUTRITION_TARGETS, NUTRIENTS, type TNutrientValues, type VegetableColour, ZPublicNutritionCard } from '@canteen/shared';
import { type AssessItem, assessNutrition } from '@/modules/nutrition/nutrition-assessment';
import { nutritionCard } from './public.mapper';

const per100g = Object.fromEntries(NUTRIENTS.map((n) => [n, 10])) as TNutrientValues;
const veg = (code: string, name: string, colour: VegetableColour, ingredientId = code): AssessItem => ({
  ingredientId,
  grams: 50,
  foodGroup: 'vegetables',
  per100g,
  vegetable: { code, name, colour },
});
const rice: AssessItem = { ingredientId: 'rice', grams: 130, foodGroup: 'grains', per100g, vegetable: null };
const targets = DEFAULT_NUTRITION_TARGETS['9-11'];
const cardOf = (lunch: AssessItem[], dinner: AssessItem[] = [], bandTargets = targets) =>
  nutritionCard(
    '9-11',
    assessNutrition('9-11', bandTargets, null, [
      { meal: 'lunch', items: [rice, ...lunch] },
      ...(dinner.length > 0 ? [{ meal: 'dinner' as const, items: [rice, ...dinner] }] : []),
    ]),
  );

describe('the public nutrition card’s fresh vegetables', () => {
  it('carries the day’s kinds across meals, by food name, with the targets and a green verdict', () => {
    const card = cardOf([veg('V1', '菠菜', 'dark'), veg('V2', '大白菜', 'light')], [veg('V3', '胡萝卜', 'dark'), veg('V1', '菠菜', 'dark', 'spinach-2')]);
    expect(card.vegetables).toEqual({
      kinds: 3,
      darkKinds: 2,
      minKinds: 3,
      darkShareOverPercent: 50,
      foods: [
        { name: '菠菜', colour: 'dark' },
        { name: '大白菜', colour: 'light' },
        { name: '胡萝卜', colour: 'dark' },
      ],
      verdict: 'green',
    });
    // The contract the API parses every public response with accepts it, and no food code travels.
    expect(ZPublicNutritionCard.parse(card).vegetables).toEqual(card.vegetables);
    expect(JSON.stringify(card.vegetables)).not.toContain('V1');
  });

  it('takes the worse of the two checks: enough kinds but exactly half dark is amber; two kinds is red', () => {
    const half = cardOf([veg('V1', '菠菜', 'dark'), veg('V2', '番茄', 'dark'), veg('V3', '黄瓜', 'light'), veg('V4', '冬瓜', 'light')]);
    expect(half.vegetables).toMatchObject({ kinds: 4, darkKinds: 2, verdict: 'amber' });
    const two = cardOf([veg('V1', '菠菜', 'dark'), veg('V2', '胡萝卜', 'dark')]);
    expect(two.vegetables).toMatchObject({ kinds: 2, darkKinds: 2, verdict: 'red' });
    expect(two.reasons).toContain('全天新鲜蔬菜 2 种（应至少 3 种）');
  });

  it('is red with no fresh vegetable at all, and shows the targets a county set', () => {
    expect(cardOf([]).vegetables).toEqual({ kinds: 0, darkKinds: 0, minKinds: 3, darkShareOverPercent: 50, foods: [], verdict: 'red' });
    const lenient = { ...targets, minVegetableKindsPerDay: 2, darkVegetableShareOver: 1 / 3 };
    expect(cardOf([veg('V1', '菠菜', 'dark'), veg('V2', '大白菜', 'light')], [], lenient).vegetables).toMatchObject({
      minKinds: 2,
      darkShareOverPercent: 33.3,
      verdict: 'green',
    });
  });
});
