import { bilingual } from './bilingual';

/** WS/T 554-2017 food groups, with the condiments the standard limits separately. */
export const FOOD_GROUPS = [
  'grains',
  'vegetables',
  'fruit',
  'livestock',
  'fish',
  'eggs',
  'milk',
  'soy_nuts',
  'oil',
  'salt',
  'condiment',
] as const;
export type FoodGroup = (typeof FOOD_GROUPS)[number];

export const INGREDIENT_UNITS = ['kg', 'g', 'L', 'mL', 'piece', 'box', 'bag'] as const;
export type IngredientUnit = (typeof INGREDIENT_UNITS)[number];

export const COLD_CHAIN = ['ambient', 'chilled', 'frozen'] as const;
export type ColdChain = (typeof COLD_CHAIN)[number];

/**
 * Items forbidden in school canteens (domain.md; defaults to be confirmed against the province's
 * current list). Matched against ingredient and dish names; each carries the reason it is shown.
 */
export const FORBIDDEN_FOODS: { pattern: RegExp; reason: string }[] = [
  { pattern: /亚硝酸(盐|钠|钾)/, reason: bilingual('学校食堂禁止采购、贮存、使用亚硝酸盐', 'Nitrites are banned from school canteens') },
  { pattern: /四季豆|芸豆角|扁豆角/, reason: bilingual('四季豆加工不彻底易致皂素中毒，学校食堂禁止制售', 'Green beans (四季豆) risk saponin poisoning and are banned') },
  { pattern: /鲜黄花菜|鲜金针菜/, reason: bilingual('鲜黄花菜含秋水仙碱，学校食堂禁止制售', 'Fresh daylily contains colchicine and is banned') },
  { pattern: /野生(菌|蘑菇)|野蘑菇/, reason: bilingual('野生菌可能有毒，学校食堂禁止采购和加工', 'Wild mushrooms may be poisonous and are banned') },
  { pattern: /发芽.{0,2}(土豆|马铃薯)|(土豆|马铃薯).{0,2}发芽/, reason: bilingual('发芽马铃薯含龙葵素，禁止使用', 'Sprouted potatoes contain solanine and are banned') },
  { pattern: /冷荤|卤味凉菜|凉拌熟肉/, reason: bilingual('学校食堂禁止制售冷荤类食品', 'Cold cooked meats (冷荤) are banned') },
  { pattern: /生食|刺身|生鱼片/, reason: bilingual('学校食堂禁止制售生食类食品', 'Raw foods (生食) are banned') },
  { pattern: /裱花蛋糕|奶油蛋糕/, reason: bilingual('学校食堂禁止制售裱花蛋糕', 'Decorated cream cakes (裱花蛋糕) are banned') },
];

/** The reason a name is forbidden in school canteens, or undefined. */
export function forbiddenReason(name: string): string | undefined {
  return FORBIDDEN_FOODS.find((item) => item.pattern.test(name))?.reason;
}

/** Money is integer fen (分); shown as yuan with two decimals. */
export function fenToYuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
