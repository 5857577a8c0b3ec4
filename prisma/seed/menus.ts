/**
 * Demo menus for 通川区 and 达川区: each county's standard dishes (带量食谱 per age band), weekly plans
 * of the lunch its schools' student canteens serve (day schools: kindergartens add their 午点 milk to
 * it), published, from the first delivered day to the end of the coming week, and a production
 * record for every past school day's lunch.
 *
 * The supply seed orders for these recipes: each canteen's deliveries are sized per pupil by
 * `servingsPerDiner`, and a dish's grams are what a 9–11-year-old is planned to eat of them. Past
 * days' menus are composed from what each canteen really had in store that day (the demo
 * deliveries, followed batch by batch first-expiry-first-out as the ledger does), so that what
 * arrives fresh is cooked and the ledger can issue it. `planIssues` hands the ledger seed what to
 * issue for a canteen and day: fresh food as it arrived (the kitchen cooks for the planned
 * headcount), the store's staples for the served headcount with ±3 % noise, now and then a tenth
 * of one vegetable kept back (it expires and is written off), and on a few days the cooking oil
 * over-issued (+30 %), which the execution view flags.
 */
import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '../../apps/api/src/generated/prisma/client';
import { type StockConversion, conversionOf, stockQuantity } from '../../apps/api/src/modules/menus/menu-rules';
import { addDays, shanghaiDay } from '../../packages/shared/src/dates';
import type { Allergen, CookingMethod } from '../../packages/shared/src/schemas/menus';
import { SCHOOL_KIND_AGE_BANDS, weekStartOf } from '../../packages/shared/src/schemas/menus';
import type { AgeBand } from '../../packages/shared/src/schemas/nutrition';
import type { IssuePlanner } from './ledger';
import { DEMO_SCHOOL_CODE } from './tree';

type Db = PrismaClient;
type Meal = 'lunch';

const COUNTIES = [
  { code: '511702', admin: 'county_admin_tongchuan' },
  { code: '511703', admin: 'county_admin_dachuan' },
];

/**
 * Grams per student relative to a 9–11-year-old's, by food group (the catalogue category) or, where
 * one ingredient differs from its group, by catalogue code: WS/T 554's lunch table grows group by
 * group at different steps (3–5 from the preschool guideline). The 6–8-year-olds' protein target is
 * low against the groups' minimum grams, so they get about those minimums, their meat mostly as the
 * fattier pork, their soy and nuts mostly as tofu, and milder seasoning.
 */
const PORTIONS: Record<AgeBand, Partial<Record<string, number>>> = {
  '3-5': { grains: 0.48, vegetables: 0.6, fruit: 0.92, livestock: 0.57, fish: 0.6, eggs: 0.4, soy_nuts: 0.25, S005: 0.1, oil: 0.8, salt: 0.6, condiment: 0.6 },
  '6-8': { grains: 0.825, vegetables: 0.84, fruit: 0.71, livestock: 0.68, M007: 0.58, M003: 0.64, fish: 0.69, eggs: 0.64, soy_nuts: 0.98, S005: 0.32, condiment: 0.3 },
  '9-11': {},
  '12-14': { grains: 1.15, vegetables: 1.13, fruit: 1.21, livestock: 1.2, fish: 1.3, eggs: 1.2, soy_nuts: 1.5, S005: 1.3 },
  '15-17': { grains: 1.3, vegetables: 1.24, fruit: 1.45, livestock: 1.4, fish: 1.3, eggs: 1.3, soy_nuts: 1.5, S005: 1.2, oil: 1.25, salt: 1.2, condiment: 1.2 },
};
const portionOf = (band: AgeBand, category: string, code?: string) => (code === undefined ? undefined : PORTIONS[band][code]) ?? PORTIONS[band][category] ?? 1;
/** Milk is the kindergartens' 午点; in a school lunch it would take the 6–11-year-olds far above their protein target. */
const DAIRY_BANDS: readonly AgeBand[] = ['3-5'];

/** How a school's pupils split over the age bands (each inside SCHOOL_KIND_AGE_BANDS). */
const BAND_SHARES: Record<string, Partial<Record<AgeBand, number>>> = {
  kindergarten: { '3-5': 1 },
  primary: { '6-8': 0.5, '9-11': 0.5 },
  middle: { '12-14': 1 },
  high: { '15-17': 1 },
  complete: { '12-14': 0.5, '15-17': 0.5 },
  nine_year: { '6-8': 0.34, '9-11': 0.33, '12-14': 0.33 },
  vocational: { '15-17': 1 },
};

const bandsOf = (schoolKind: string): AgeBand[] =>
  (Object.keys(BAND_SHARES[schoolKind] ?? {}) as AgeBand[]).filter((band) => SCHOOL_KIND_AGE_BANDS[schoolKind]?.includes(band));

/**
 * What a pupil of a school of this kind eats of a food group (or of one ingredient, by its code), in
 * 9–11-year-old servings: the supply seed sizes each canteen's orders with it, so that deliveries
 * match the recipes (1 for a kind without a known age mix).
 */
export function servingsPerDiner(schoolKind: string, category: string, code?: string): number {
  const bands = bandsOf(schoolKind);
  if (bands.length === 0) return 1;
  return bands.reduce((sum, band) => sum + BAND_SHARES[schoolKind]![band]! * (category === 'milk' ? (DAIRY_BANDS.includes(band) ? 1 : 0) : portionOf(band, category, code)), 0);
}

/**
 * Share of the enrolment planned for a meal. A dish's grams are the supply seed's order per pupil
 * divided by it, so that the planned headcount's demand is what arrives.
 */
const PLANNED_SHARE = 0.96;
/** A dish is planned when the store holds at least this share of what the plan needs (a delivery a little short is still cooked). */
const STOCK_MARGIN = 0.9;
/** Fresh food is cooked as it arrived, for the planned headcount, but never above this multiple of what the served pupils need. */
const MAX_COOKED = 1.095;
/** Fresh food is cooked as it arrived; of these groups, what keeps for months (frozen chicken, peanuts) is drawn as needed. */
const FRESH_GROUPS = new Set(['vegetables', 'fruit', 'livestock', 'fish', 'soy_nuts']);
const cookedAsDelivered = (ingredient: Ingredient) => FRESH_GROUPS.has(ingredient.category) && ingredient.shelfLifeDays !== null && ingredient.shelfLifeDays <= 60;
/** The deliberate over-issue: the day's cooking oil, 30 % above the recipes (用油超标). */
const OVER_ISSUED = 'O001';
const OVER_ISSUE = 1.3;

interface DishSpec {
  key: string;
  name: string;
  cookingMethod: CookingMethod;
  allergens: Allergen[];
  /** Catalogue code and grams as bought for a planned 9–11-year-old; edible grams per band follow 食部 and PORTIONS. */
  lines: [code: string, grams: number][];
  /** Edible grams per band where a portion is fixed (a cup of milk). */
  fixed?: Partial<Record<AgeBand, number>>;
  /** The bands the dish is made for; every band when absent. */
  bands?: readonly AgeBand[];
  /** Grams are of the edible part (fruit, ordered by what is eaten of it). */
  edibleGrams?: boolean;
}

const FRUITS: [code: string, name: string][] = [
  ['F001', '苹果'],
  ['F002', '香蕉'],
  ['F003', '脐橙'],
  ['F004', '雪梨'],
  ['F005', '西瓜'],
  ['F006', '猕猴桃'],
  ['F007', '柚子'],
];

/**
 * The counties' standard dishes. Grams are the supply seed's order per pupil ÷ PLANNED_SHARE. WS/T
 * 554 holds a lunch's fat to 20–30 % of its energy with at most 10 g of oil, so the fat comes with
 * the protein foods: 肥瘦 pork (the front leg) every day, alone or beside chicken legs, ribs or fish,
 * within the lunch's 16–20 g of meat (for 9–11), eggs or tofu, and peanuts in the 宫保 dishes. The
 * staples (二米饭, rice with millet, or on Tuesdays rice with a 花卷), oil, seasoning and peanuts draw
 * on the week's delivery and leave some in store. 酱油 and 豆瓣 bring soy and wheat.
 */
const STANDARD_DISHES: DishSpec[] = [
  { key: 'rice', name: '米饭', cookingMethod: 'steam', allergens: [], lines: [['G001', 122]] },
  { key: 'rice-millet', name: '二米饭', cookingMethod: 'steam', allergens: [], lines: [['G001', 92], ['G005', 30]] },
  { key: 'rice-huajuan', name: '米饭、花卷', cookingMethod: 'steam', allergens: ['gluten'], lines: [['G001', 87], ['G002', 35]] },
  { key: 'milk', name: '学生奶（午点）', cookingMethod: 'other', allergens: ['milk'], lines: [['D001', 128.8]], fixed: { '3-5': 128.8 }, bands: DAIRY_BANDS },
  { key: 'yoghurt', name: '酸奶（午点）', cookingMethod: 'other', allergens: ['milk'], lines: [['D002', 100]], fixed: { '3-5': 100 }, bands: DAIRY_BANDS },
  { key: 'kungpao-chicken', name: '宫保鸡丁', cookingMethod: 'stir_fry', allergens: ['peanut', 'soy', 'gluten'], lines: [['M007', 10], ['S005', 10], ['O001', 3.5], ['C002', 1], ['C001', 0.5], ['C010', 0.5], ['N001', 0.3]] },
  { key: 'mapo-tofu', name: '麻婆豆腐（微辣）', cookingMethod: 'braise', allergens: ['soy', 'gluten'], lines: [['S001', 28], ['M001', 12], ['O001', 2.8], ['C004', 1.5], ['C010', 0.5], ['N001', 0.2]] },
  { key: 'twice-cooked-pork', name: '回锅肉', cookingMethod: 'stir_fry', allergens: ['soy', 'gluten'], lines: [['M001', 19.5], ['O001', 2.8], ['C004', 1], ['C001', 0.3], ['N001', 0.2]] },
  { key: 'tomato-egg', name: '番茄炒蛋', cookingMethod: 'stir_fry', allergens: ['egg'], lines: [['V011', 15], ['E001', 36], ['O001', 3.5], ['C001', 0.5], ['N001', 0.3]] },
  { key: 'steamed-egg', name: '蒸水蛋', cookingMethod: 'steam', allergens: ['egg'], lines: [['E001', 36], ['O001', 2], ['N001', 0.2]] },
  { key: 'kungpao-pork', name: '宫保肉丁', cookingMethod: 'stir_fry', allergens: ['peanut', 'soy', 'gluten'], lines: [['M001', 18], ['S005', 10], ['O001', 3.5], ['C002', 1.2], ['C001', 0.5], ['C010', 0.5], ['N001', 0.3]] },
  { key: 'homestyle-tofu', name: '家常豆腐', cookingMethod: 'braise', allergens: ['soy', 'gluten'], lines: [['S001', 28], ['O001', 2.8], ['C004', 1], ['N001', 0.2]] },
  { key: 'fish', name: '红烧鱼块', cookingMethod: 'braise', allergens: ['fish', 'soy', 'gluten'], lines: [['A001', 30], ['O001', 3.3], ['C002', 1.2], ['N001', 0.3]] },
  { key: 'minced-pork-egg', name: '肉末蒸蛋', cookingMethod: 'steam', allergens: ['egg', 'soy', 'gluten'], lines: [['E001', 36], ['M001', 18], ['O001', 3], ['C002', 0.5], ['N001', 0.3]] },
  { key: 'peanut-ribs', name: '花生烧排骨', cookingMethod: 'braise', allergens: ['peanut', 'soy', 'gluten'], lines: [['M003', 10], ['S005', 10], ['O001', 3.5], ['C002', 1.2], ['C001', 0.5], ['N001', 0.3]] },
  // The vegetable dishes of the days ahead, two a lunch at about 75 g edible each (WS/T 554: 140–160 g for 9–11).
  { key: 'spinach', name: '蒜蓉菠菜', cookingMethod: 'stir_fry', allergens: [], lines: [['V004', 85], ['V030', 2], ['O001', 1.8], ['N001', 0.3]] },
  { key: 'wax-gourd', name: '清炒冬瓜', cookingMethod: 'stir_fry', allergens: [], lines: [['V015', 90], ['O001', 1.8], ['N001', 0.3]] },
  { key: 'mushroom-greens', name: '香菇小白菜', cookingMethod: 'stir_fry', allergens: [], lines: [['V022', 20], ['V002', 70], ['O001', 1.8], ['N001', 0.3]] },
  { key: 'broccoli', name: '清炒西兰花', cookingMethod: 'stir_fry', allergens: [], lines: [['V017', 92], ['O001', 1.8], ['N001', 0.3]] },
  { key: 'shanghai-greens', name: '清炒上海青', cookingMethod: 'stir_fry', allergens: [], lines: [['V003', 88], ['O001', 1.8], ['N001', 0.3]] },
  { key: 'pak-choi', name: '清炒小白菜', cookingMethod: 'stir_fry', allergens: [], lines: [['V002', 95], ['O001', 1.8], ['N001', 0.3]] },
  { key: 'lettuce', name: '清炒油麦菜', cookingMethod: 'stir_fry', allergens: [], lines: [['V006', 88], ['V030', 2], ['O001', 1.8], ['N001', 0.3]] },
  { key: 'pepper-eggplant', name: '青椒茄子', cookingMethod: 'stir_fry', allergens: [], lines: [['V013', 60], ['V014', 25], ['O001', 1.8], ['N001', 0.3]] },
  { key: 'loofah', name: '清炒丝瓜', cookingMethod: 'stir_fry', allergens: [], lines: [['V032', 90], ['O001', 1.8], ['N001', 0.3]] },
  { key: 'cabbage-carrot', name: '莲白炒胡萝卜', cookingMethod: 'stir_fry', allergens: [], lines: [['V019', 55], ['V010', 30], ['O001', 1.8], ['N001', 0.3]] },
  ...FRUITS.map(([code, name]): DishSpec => ({ key: `fruit-${code}`, name: `时令水果（${name}）`, cookingMethod: 'other', allergens: [], lines: [[code, 85.4]], edibleGrams: true })),
];

/** Oil and salt of a canteen's own 时蔬小炒 (for 9–11); its vegetables are what arrived that day. */
const OWN_SEASONING: [code: string, grams: number][] = [['O001', 1.8], ['N001', 0.3]];
/**
 * Each weekday's staple, meat dish and egg or tofu dish; in a slot, the first dish the store can
 * make (番茄炒蛋 needs the day's tomatoes). Tuesdays have a 花卷 beside less rice.
 */
const MENU_OF_WEEKDAY: Record<number, string[][]> = {
  1: [['rice-millet', 'rice'], ['kungpao-chicken'], ['mapo-tofu']],
  2: [['rice-huajuan', 'rice'], ['twice-cooked-pork'], ['tomato-egg', 'steamed-egg']],
  3: [['rice-millet', 'rice'], ['kungpao-pork'], ['homestyle-tofu']],
  4: [['rice-millet', 'rice'], ['fish'], ['minced-pork-egg']],
  5: [['rice-millet', 'rice'], ['peanut-ribs'], ['mapo-tofu']],
};
/**
 * The vegetables of the days ahead, planned before anything is delivered: three kinds a day, two
 * of them dark (WS/T 554: over half), 番茄 of Tuesday's 番茄炒蛋 besides.
 */
const VEGETABLES_OF_WEEKDAY: Record<number, string[]> = {
  1: ['pak-choi', 'cabbage-carrot'],
  2: ['lettuce', 'wax-gourd'],
  3: ['spinach', 'pepper-eggplant'],
  4: ['shanghai-greens', 'cabbage-carrot'],
  5: ['lettuce', 'mushroom-greens'],
};

export interface MenuSeedResult {
  dishesCreated: number;
  plansCreated: number;
  recordsCreated: number;
  /** What the ledger seed issues per canteen and school day; null for canteens and days without a menu. */
  planIssues: IssuePlanner;
}

interface Ingredient extends StockConversion {
  id: string;
  code: string;
  name: string;
  category: string;
  shelfLifeDays: number | null;
}

/** Deterministic numbers in [0, 1) from a key (a menu must not change between two seed runs). */
function jitter(...parts: (string | number)[]): number {
  let seed = 0;
  for (const ch of parts.join('/')) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
const isSchoolDay = (day: string) => weekday(day) >= 1 && weekday(day) <= 5;
const asDate = (day: string) => new Date(`${day}T00:00:00Z`);
const shanghaiAt = (day: string, hour: number, minute = 0) => new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);
const shortName = (name: string) => name.replace(/（.*?）/g, '');

/** Edible grams per student of each line for each age band. */
function recipe(spec: DishSpec, ingredients: Map<string, Ingredient>, bands: readonly AgeBand[]) {
  return spec.lines.flatMap(([code, grams]) => {
    const ingredient = ingredients.get(code);
    if (!ingredient) return [];
    return bands.map((band) => ({
      ingredient,
      band,
      edible: spec.fixed?.[band] ?? Math.max(0.1, Math.round((grams * portionOf(band, ingredient.category, ingredient.code) * (spec.edibleGrams ? 100 : ingredient.ediblePercent)) / 10) / 10),
    }));
  });
}

interface StockBatch {
  code: string;
  receivedOn: string;
  receivedAt: number;
  expiry: string;
  decimals: number;
  /** Thousandths of the stock unit, as received and still in store. */
  quantity: number;
  left: number;
}

/** A canteen's store as the ledger will keep it: FIFO by expiry, whole steps of the unit's decimals. */
class Store {
  constructor(private readonly batches: StockBatch[]) {}

  available(code: string, day: string): number {
    return this.usable(code, day).reduce((sum, b) => sum + b.left, 0) / 1000;
  }

  receivedOn(day: string): Set<string> {
    return new Set(this.batches.filter((b) => b.receivedOn === day).map((b) => b.code));
  }

  /** What arrived of an ingredient on the day, in the stock unit. */
  arrived(code: string, day: string): number {
    return this.batches.filter((b) => b.code === code && b.receivedOn === day).reduce((sum, b) => sum + b.quantity, 0) / 1000;
  }

  take(code: string, quantity: number, day: string): void {
    let left = Math.round(quantity * 1000);
    for (const batch of this.usable(code, day)) {
      if (left <= 0) break;
      const step = 10 ** (3 - Math.min(3, batch.decimals));
      const taken = Math.floor(Math.min(left, batch.left) / step) * step;
      batch.left -= taken;
      left -= taken;
    }
  }

  private usable(code: string, day: string) {
    return this.batches
      .filter((b) => b.code === code && b.left > 0 && b.receivedOn <= day && b.expiry >= day)
      .sort((a, b) => a.expiry.localeCompare(b.expiry) || a.receivedAt - b.receivedAt);
  }
}

interface ChosenDish {
  key: string;
  versionId: string;
  dishId: string;
  lines: ReturnType<typeof recipe>;
}

interface MealPlanDay {
  day: string;
  meals: Map<Meal, ChosenDish[]>;
  /** Past days: issues per meal and the served headcount. */
  served?: Map<AgeBand, number>;
  issues?: { meal: Meal; ingredientId: string; quantity: number }[];
}

export async function seedMenus(prisma: Db, options: { today?: string } = {}): Promise<MenuSeedResult> {
  const today = options.today ?? shanghaiDay();
  const result: MenuSeedResult = { dishesCreated: 0, plansCreated: 0, recordsCreated: 0, planIssues: () => null };
  const counties = await prisma.orgUnit.findMany({ where: { code: { in: COUNTIES.map((c) => c.code) } }, select: { id: true, code: true, path: true } });
  if (counties.length === 0) return result;
  if ((await prisma.dish.count({ where: { ownerUnitId: { in: counties.map((c) => c.id) } } })) > 0) return result;

  const ingredientRows = await prisma.ingredient.findMany({
    select: { id: true, code: true, name: true, category: true, shelfLifeDays: true, unit: true, unitDecimals: true, gramsPerUnit: true, food: { select: { ediblePercent: true } } },
  });
  const ingredients = new Map<string, Ingredient>(
    ingredientRows.map((row) => [
      row.code,
      { id: row.id, code: row.code, name: row.name, category: row.category, shelfLifeDays: row.shelfLifeDays, ...conversionOf({ unit: row.unit, unitDecimals: row.unitDecimals, gramsPerUnit: row.gramsPerUnit, ediblePercent: row.food?.ediblePercent ?? null }) },
    ]),
  );
  if (!ingredients.has('G001')) return result;
  const users = new Map((await prisma.user.findMany({ where: { role: { in: ['official_admin', 'canteen_manager', 'canteen_staff'] } }, select: { id: true, username: true, role: true, orgUnitId: true } })).map((u) => [u.username, u]));
  const dishVersionRows: Prisma.DishVersionCreateManyInput[] = [];
  const dishLineRows: Prisma.DishLineCreateManyInput[] = [];
  const dishRows: Prisma.DishCreateManyInput[] = [];
  const allBands = Object.keys(PORTIONS) as AgeBand[];

  const addVersion = (dishId: string, version: number, spec: DishSpec, createdById: string, createdAt: Date, reason: string | null) => {
    const id = randomUUID();
    const bands = spec.bands ?? allBands;
    const lines = recipe(spec, ingredients, bands);
    dishVersionRows.push({ id, dishId, version, name: spec.name, cookingMethod: spec.cookingMethod, allergens: spec.allergens, ageBands: [...bands], reason, createdById, createdAt });
    spec.lines.forEach(([code], position) => {
      for (const line of lines.filter((l) => l.ingredient.code === code)) {
        dishLineRows.push({ dishVersionId: id, ingredientId: line.ingredient.id, ageBand: line.band, grams: line.edible.toFixed(1), position });
      }
    });
    return { versionId: id, lines };
  };

  // ─── Standard dishes, per county ───
  const standard = new Map<string, Map<string, ChosenDish>>(); // county id → dish key → dish
  const firstDay = addDays(today, -35);
  for (const county of counties) {
    const author = users.get(COUNTIES.find((c) => c.code === county.code)!.admin);
    if (!author) continue;
    const dishes = new Map<string, ChosenDish>();
    for (const spec of STANDARD_DISHES) {
      if (spec.lines.some(([code]) => !ingredients.has(code))) continue;
      const dishId = randomUUID();
      dishRows.push({ id: dishId, ownerUnitId: county.id, createdById: author.id, createdAt: shanghaiAt(firstDay, 9), currentVersion: 1 });
      const { versionId, lines } = addVersion(dishId, 1, spec, author.id, shanghaiAt(firstDay, 9), null);
      dishes.set(spec.key, { key: spec.key, dishId, versionId, lines });
    }
    standard.set(county.id, dishes);
  }

  // ─── Student canteens of the two counties, each with its store ───
  const schools = await prisma.orgUnit.findMany({
    where: { level: 'school', parentId: { in: counties.map((c) => c.id) } },
    select: { id: true, code: true, kind: true, enrolment: true, parentId: true, children: { where: { level: 'canteen' }, select: { id: true, code: true, name: true, path: true }, orderBy: { code: 'asc' } } },
    orderBy: { code: 'asc' },
  });
  const issuesByCanteen = new Map<string, Map<string, { meal: Meal; ingredientId: string; quantity: number }[]>>();
  const planRows: Prisma.MealPlanCreateManyInput[] = [];
  const versionRows: Prisma.MealPlanVersionCreateManyInput[] = [];
  const entryRows: Prisma.MealPlanEntryCreateManyInput[] = [];
  const entryDishRows: Prisma.MealPlanEntryDishCreateManyInput[] = [];
  const recordRows: Prisma.ProductionRecordCreateManyInput[] = [];
  const servedRows: Prisma.ProductionServedCreateManyInput[] = [];
  const leftoverRows: Prisma.ProductionLeftoverCreateManyInput[] = [];

  for (const school of schools) {
    const dishes = standard.get(school.parentId!);
    const shares = BAND_SHARES[school.kind];
    if (!dishes || !shares || !school.enrolment) continue;
    const bands = bandsOf(school.kind);
    const slug = school.code.toLowerCase().replace('-', '_');
    const isDemo = school.code === DEMO_SCHOOL_CODE;
    const manager = users.get(isDemo ? 'canteen_manager_demo' : `cm_${slug}`);
    const staff = users.get(isDemo ? 'canteen_staff_demo' : `cs_${slug}`) ?? manager;
    if (!manager || !staff) continue;
    const diners = new Map(bands.map((band) => [band, Math.round(school.enrolment! * shares[band]!)]));
    const planned = new Map(bands.map((band) => [band, Math.round(diners.get(band)! * PLANNED_SHARE)]));
    const hasDairy = bands.some((band) => DAIRY_BANDS.includes(band));

    for (const canteen of school.children.filter((c) => !c.name.includes('教师'))) {
      const batchRows = await prisma.stockBatch.findMany({
        where: { canteenId: canteen.id, deliveryLineId: { not: null } },
        select: { quantity: true, receivedAt: true, expiryDate: true, ingredient: { select: { code: true, unitDecimals: true } } },
        orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
      });
      if (batchRows.length === 0) continue;
      const store = new Store(
        batchRows.map((b) => ({
          code: b.ingredient.code,
          receivedOn: shanghaiDay(b.receivedAt),
          receivedAt: b.receivedAt.getTime(),
          expiry: b.expiryDate.toISOString().slice(0, 10),
          decimals: b.ingredient.unitDecimals,
          quantity: Math.round(Number(b.quantity) * 1000),
          left: Math.round(Number(b.quantity) * 1000),
        })),
      );
      const start = shanghaiDay(batchRows[0]!.receivedAt);
      const demand = (dish: ChosenDish, headcount: Map<AgeBand, number>, code: string) => {
        const lines = dish.lines.filter((l) => l.ingredient.code === code);
        const grams = lines.reduce((sum, l) => sum + l.edible * (headcount.get(l.band) ?? 0), 0);
        return lines.length === 0 ? 0 : (stockQuantity(grams, lines[0]!.ingredient) ?? Infinity);
      };
      const feasible = (dish: ChosenDish | undefined, day: string): dish is ChosenDish =>
        !!dish && [...new Set(dish.lines.map((l) => l.ingredient.code))].every((code) => demand(dish, planned, code) * STOCK_MARGIN <= store.available(code, day));
      // 9–11-year-old servings in the planned headcount, per food group.
      const servings = (category: string) => bands.reduce((sum, band) => sum + planned.get(band)! * portionOf(band, category), 0);

      // The canteen's own 时蔬小炒, a new version whenever the day's vegetables change.
      const ownDishes = [0, 1].map((i) => ({ id: randomUUID(), name: `时蔬小炒（${['一', '二'][i]}）`, version: 0, key: '', current: null as ChosenDish | null }));
      const vegetableDish = (slot: number, vegetables: { code: string; grams: number }[], day: string): ChosenDish => {
        const own = ownDishes[slot]!;
        const key = vegetables.map((v) => `${v.code}:${v.grams}`).join(',');
        if (own.key === key && own.current) return own.current;
        own.version++;
        own.key = key;
        if (own.version === 1) dishRows.push({ id: own.id, ownerUnitId: canteen.id, createdById: manager.id, createdAt: shanghaiAt(addDays(day, -3), 16), currentVersion: 1 });
        const names = vegetables.map((v) => shortName(ingredients.get(v.code)!.name));
        const spec: DishSpec = { key: `own-${slot}`, name: `${names.join('、')}小炒`, cookingMethod: 'stir_fry', allergens: [], lines: [...vegetables.map((v): [string, number] => [v.code, v.grams]), ...OWN_SEASONING] };
        const { versionId, lines } = addVersion(own.id, own.version, spec, manager.id, shanghaiAt(addDays(day, -3), 16), own.version === 1 ? null : '按当天到货的时令蔬菜调整');
        own.current = { key: spec.key, dishId: own.id, versionId, lines };
        return own.current;
      };

      const days: MealPlanDay[] = [];
      const lastDay = addDays(weekStartOf(today), 11); // Friday of the coming week
      let dayIndex = 0;
      for (let day = start; day <= lastDay; day = addDays(day, 1)) {
        if (!isSchoolDay(day)) continue;
        const past = day < today;
        const wd = weekday(day);
        const meals = new Map<Meal, ChosenDish[]>();
        const pick = (keys: (string | null)[]) => keys.flatMap((key) => (key && dishes.get(key) ? [dishes.get(key)!] : []));
        if (past) {
          const arrived = store.receivedOn(day);
          const lunch: ChosenDish[] = [];
          const tryAdd = (key: string) => {
            const dish = dishes.get(key);
            if (feasible(dish, day) && !lunch.includes(dish)) {
              lunch.push(dish);
              return true;
            }
            return false;
          };
          // A dish with vegetables in it is made only when they came that day.
          const madeToday = (key: string) => !!dishes.get(key)?.lines.every((l) => l.ingredient.category !== 'vegetables' || arrived.has(l.ingredient.code));
          for (const slot of MENU_OF_WEEKDAY[wd]!) slot.find((key) => madeToday(key) && tryAdd(key));
          if (hasDairy && !(wd === 4 && tryAdd('yoghurt'))) tryAdd('milk');

          // What arrived of the day's vegetables, less what the dishes above use, goes into the two 时蔬小炒.
          const vegetables = [...arrived]
            .filter((code) => ingredients.get(code)?.category === 'vegetables')
            .sort()
            .flatMap((code) => {
              const ingredient = ingredients.get(code)!;
              const left = store.arrived(code, day) - lunch.reduce((sum, dish) => sum + demand(dish, planned, code), 0);
              const grams = Math.floor(((left * (ingredient.gramsPerUnit ?? 0)) / servings('vegetables')) * 10) / 10;
              return grams >= 1 ? [{ code, grams }] : [];
            });
          [vegetables.slice(0, 3), vegetables.slice(3)].forEach((group, slot) => {
            if (group.length > 0) lunch.push(vegetableDish(slot, group, day));
          });
          const fruit = [...arrived].find((code) => code.startsWith('F'));
          if (fruit) tryAdd(`fruit-${fruit}`);
          if (lunch.length) meals.set('lunch', lunch);

          // Served, and what the kitchen drew from the store for it.
          const served = new Map(bands.map((band) => [band, Math.round(planned.get(band)! * (0.95 + 0.04 * jitter(canteen.code, day, band)))]));
          const overIssue = isDemo ? [3, 8, 12].includes(dayIndexFromEnd(day, today)) : jitter(canteen.code, day, 'over') < 0.06;
          // Now and then a tenth of the day's most perishable vegetable is kept back and forgotten: it expires and is written off.
          const keptBack =
            jitter(canteen.code, day, 'kept') < 0.1
              ? vegetables.map((v) => ingredients.get(v.code)!).sort((a, b) => (a.shelfLifeDays ?? 999) - (b.shelfLifeDays ?? 999) || a.code.localeCompare(b.code))[0]?.code
              : undefined;
          const issues: MealPlanDay['issues'] = [];
          for (const [meal, chosen] of meals) {
            const totals = new Map<string, number>();
            for (const dish of chosen) {
              for (const code of new Set(dish.lines.map((l) => l.ingredient.code))) totals.set(code, (totals.get(code) ?? 0) + demand(dish, served, code));
            }
            for (const [code, needed] of totals) {
              const ingredient = ingredients.get(code)!;
              const onHand = store.available(code, day);
              const wanted =
                overIssue && code === OVER_ISSUED
                  ? needed * OVER_ISSUE
                  : cookedAsDelivered(ingredient)
                    ? Math.min(onHand, needed * MAX_COOKED) * (code === keptBack ? 0.9 : 1)
                    : needed * (0.97 + 0.06 * jitter(canteen.code, day, meal, code));
              const step = 10 ** -Math.min(3, ingredient.unitDecimals);
              const issued = Math.round(Math.floor(Math.min(wanted, onHand) / step + 1e-9) * step * 1000) / 1000;
              if (issued <= 0) continue;
              store.take(code, issued, day);
              issues.push({ meal, ingredientId: ingredient.id, quantity: issued });
            }
          }
          days.push({ day, meals, served, issues });
        } else {
          // Days ahead follow the counties' weekly rotation, vegetables included.
          const fruit = FRUITS[(dayIndex + wd) % FRUITS.length]![0];
          const lunch = pick([...MENU_OF_WEEKDAY[wd]!.map((slot) => slot[0]!), hasDairy ? (wd === 4 ? 'yoghurt' : 'milk') : null]);
          meals.set('lunch', [...lunch, ...pick(VEGETABLES_OF_WEEKDAY[wd]!), ...pick([`fruit-${fruit}`])]);
          days.push({ day, meals });
        }
        dayIndex++;
      }
      issuesByCanteen.set(canteen.id, new Map(days.filter((d) => d.issues).map((d) => [d.day, d.issues!])));

      // ─── One published plan per week; the demo canteen's last week was revised once ───
      const weeks = new Map<string, MealPlanDay[]>();
      for (const d of days) weeks.set(weekStartOf(d.day), [...(weeks.get(weekStartOf(d.day)) ?? []), d]);
      const revisedWeek = isDemo ? addDays(weekStartOf(today), -7) : null;
      for (const [weekStart, weekDays] of weeks) {
        const planId = randomUUID();
        const publishedAt = new Date(Math.min(shanghaiAt(addDays(weekStart, -3), 16).getTime(), Date.now() - 3_600_000));
        const revised = weekStart === revisedWeek;
        planRows.push({ id: planId, canteenId: canteen.id, weekStart: asDate(weekStart), status: 'published', currentVersion: revised ? 2 : 1, createdById: manager.id, createdAt: publishedAt });
        const ageBands = bands.map((band) => ({ ageBand: band, headcount: diners.get(band)! }));
        const addPlanVersion = (version: number, at: Date, reason: string | null, swapFridayFruit: boolean) => {
          const versionId = randomUUID();
          versionRows.push({ id: versionId, planId, version, status: 'published', ageBands, reason, createdById: manager.id, createdAt: at, publishedById: manager.id, publishedAt: at });
          for (const d of weekDays) {
            for (const [meal, chosen] of d.meals) {
              const list = swapFridayFruit && weekday(d.day) === 5 ? chosen.map((dish) => (dish.key.startsWith('fruit-') ? (dishes.get('fruit-F005') ?? dish) : dish)) : chosen;
              for (const band of bands) {
                const entryId = randomUUID();
                entryRows.push({ id: entryId, versionId, day: asDate(d.day), meal, ageBand: band, headcount: planned.get(band)! });
                list.forEach((dish, position) => entryDishRows.push({ entryId, dishVersionId: dish.versionId, position }));
              }
            }
          }
          return versionId;
        };
        const first = addPlanVersion(1, publishedAt, null, revised);
        const revisedAt = revised ? shanghaiAt(addDays(weekStart, 2), 15) : null;
        const second = revised ? addPlanVersion(2, revisedAt!, '供应商通知周五西瓜断货，改为当日到货的水果', false) : null;
        result.plansCreated++;

        // ─── Production records of the past days (one corrected at the demo school) ───
        for (const d of weekDays.filter((x) => x.served)) {
          for (const [meal, chosen] of d.meals) {
            const at = shanghaiAt(d.day, 13, 30);
            const planVersionId = second && revisedAt && at > revisedAt ? second : first;
            const correct = isDemo && meal === 'lunch' && dayIndexFromEnd(d.day, today) === 5;
            const versions = correct ? [1, 2] : [1];
            for (const version of versions) {
              const served = version === 1 ? d.served! : new Map([...d.served!].map(([band, n], i) => [band, i === 0 ? n + 15 : n]));
              const recordId = randomUUID();
              const servedTotal = [...served.values()].reduce((a, b) => a + b, 0);
              recordRows.push({
                id: recordId,
                canteenId: canteen.id,
                day: asDate(d.day),
                meal,
                version,
                planVersionId,
                servedTotal,
                note: null,
                reason: version === 1 ? null : '午餐人数漏计走读生，按班主任报数更正',
                createdById: staff.id,
                createdAt: new Date(at.getTime() + (version - 1) * 3 * 3_600_000),
              });
              for (const [band, headcount] of served) servedRows.push({ recordId, ageBand: band, headcount });
              for (const dish of chosen) {
                const grams = dish.lines.reduce((sum, l) => sum + l.edible * (served.get(l.band) ?? 0), 0);
                const share = dish.key === 'milk' || dish.key === 'yoghurt' ? 0.01 : 0.03 + 0.06 * jitter(canteen.code, d.day, dish.key);
                leftoverRows.push({ recordId, dishVersionId: dish.versionId, grams: Math.round(grams * share) });
              }
              result.recordsCreated++;
            }
          }
        }
      }
    }
  }

  await prisma.$transaction(
    async (tx) => {
      await tx.dish.createMany({ data: dishRows });
      for (let i = 0; i < dishVersionRows.length; i += 1000) await tx.dishVersion.createMany({ data: dishVersionRows.slice(i, i + 1000) });
      for (let i = 0; i < dishLineRows.length; i += 2000) await tx.dishLine.createMany({ data: dishLineRows.slice(i, i + 2000) });
      // A dish's current version is its last one.
      await tx.$executeRaw`UPDATE dish d SET current_version = v.version FROM (SELECT dish_id, max(version) AS version FROM dish_version GROUP BY dish_id) v WHERE v.dish_id = d.id`;
      await tx.mealPlan.createMany({ data: planRows });
      await tx.mealPlanVersion.createMany({ data: versionRows });
      for (let i = 0; i < entryRows.length; i += 2000) await tx.mealPlanEntry.createMany({ data: entryRows.slice(i, i + 2000) });
      for (let i = 0; i < entryDishRows.length; i += 5000) await tx.mealPlanEntryDish.createMany({ data: entryDishRows.slice(i, i + 5000) });
      for (let i = 0; i < recordRows.length; i += 2000) await tx.productionRecord.createMany({ data: recordRows.slice(i, i + 2000) });
      for (let i = 0; i < servedRows.length; i += 5000) await tx.productionServed.createMany({ data: servedRows.slice(i, i + 5000) });
      for (let i = 0; i < leftoverRows.length; i += 5000) await tx.productionLeftover.createMany({ data: leftoverRows.slice(i, i + 5000) });
    },
    { timeout: 120_000 },
  );
  result.dishesCreated = dishRows.length;
  result.planIssues = (canteen, day) => issuesByCanteen.get(canteen.id)?.get(day) ?? null;
  return result;
}

/** School days from `day` to yesterday (yesterday is 1): where the demo school's deliberate deviations fall. */
function dayIndexFromEnd(day: string, today: string): number {
  let n = 0;
  for (let d = day; d < today; d = addDays(d, 1)) if (isSchoolDay(d)) n++;
  return n;
}
