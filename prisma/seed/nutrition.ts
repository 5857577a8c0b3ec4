/**
 * Demo data for nutrition: the project's food composition table (food-composition.csv, see its
 * header) and the link of each of the 89 catalogue ingredients to a food, with grams per stock unit
 * where the unit is not a plain weight. Only what is missing is created (or, for the seed's own rows,
 * a missing vegetable colour filled in), so a second run changes nothing and an operator's own import
 * of the same codes is kept.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Prisma, PrismaClient } from '../../apps/api/src/generated/prisma/client';
import { parseCsv } from '../../apps/api/src/common/http/csv';
import { NUTRIENTS, NUTRIENT_INFO } from '../../packages/shared/src/schemas/nutrition';

export const FOOD_TABLE_FILE = path.join(__dirname, 'food-composition.csv');

/** Catalogue code → food code; grams per stock unit where it differs from the unit's default. */
export const CATALOGUE_FOODS: Record<string, { food: string; gramsPerUnit?: number }> = {
  G001: { food: 'GR001' }, G002: { food: 'GR004' }, G003: { food: 'GR006' }, G004: { food: 'GR011' },
  G005: { food: 'GR014' }, G006: { food: 'GR003' }, G007: { food: 'GR008' }, G008: { food: 'GR022' },
  G009: { food: 'GR023' }, G010: { food: 'GR024' }, G011: { food: 'GR025' }, G012: { food: 'GR013' },
  V001: { food: 'VE001' }, V002: { food: 'VE002' }, V003: { food: 'VE003' }, V004: { food: 'VE004' },
  V005: { food: 'VE005' }, V006: { food: 'VE006' }, V007: { food: 'VE007' }, V008: { food: 'VE008' },
  V009: { food: 'VE009' }, V010: { food: 'VE010' }, V011: { food: 'VE011' }, V012: { food: 'VE012' },
  V013: { food: 'VE013' }, V014: { food: 'VE014' }, V015: { food: 'VE015' }, V016: { food: 'VE016' },
  V017: { food: 'VE017' }, V018: { food: 'VE018' }, V019: { food: 'VE019' }, V020: { food: 'VE024' },
  V021: { food: 'VE023' }, V022: { food: 'VE040' }, V023: { food: 'VE041' }, V024: { food: 'VE042' },
  V025: { food: 'VE045' }, V026: { food: 'VE022' }, V027: { food: 'VE025' }, V028: { food: 'CO019' },
  V029: { food: 'CO016' }, V030: { food: 'CO017' }, V031: { food: 'VE026' }, V032: { food: 'VE029' },
  V033: { food: 'VE032' },
  F001: { food: 'FR001' }, F002: { food: 'FR003' }, F003: { food: 'FR004' }, F004: { food: 'FR002' },
  F005: { food: 'FR006' }, F006: { food: 'FR009' }, F007: { food: 'FR012' },
  // The front leg (前腿, 夹心) is the 肥瘦 cut; the hind leg is the leaner 腿.
  M001: { food: 'LV002' }, M002: { food: 'LV003' }, M003: { food: 'LV005' }, M004: { food: 'LV002' },
  M005: { food: 'LV009' }, M006: { food: 'LV013' }, M007: { food: 'LV014' }, M008: { food: 'LV016' },
  A001: { food: 'FI001' }, A002: { food: 'FI002' }, A003: { food: 'FI013' }, A004: { food: 'FI006' },
  A005: { food: 'FI009' },
  E001: { food: 'EG001' }, E002: { food: 'EG003' },
  // 200 mL × 24 cartons of milk at 1.03 g/mL; 100 g × 20 cups of yoghurt.
  D001: { food: 'MI001', gramsPerUnit: 4944 }, D002: { food: 'MI002', gramsPerUnit: 2000 },
  S001: { food: 'SN002' }, S002: { food: 'SN004' }, S003: { food: 'SN001' }, S004: { food: 'SN006' },
  S005: { food: 'SN010' }, S006: { food: 'GR018' },
  // Vegetable oils weigh about 0.92 g/mL.
  O001: { food: 'OI001', gramsPerUnit: 920 }, O002: { food: 'OI002', gramsPerUnit: 920 },
  N001: { food: 'SA001' },
  C001: { food: 'CO003' },
  // Soy sauce about 1.16 g/mL, vinegar about 1.01 g/mL; 料酒 is taken as 1 g/mL.
  C002: { food: 'CO001', gramsPerUnit: 1160 }, C003: { food: 'CO002', gramsPerUnit: 1010 },
  C004: { food: 'CO005' }, C005: { food: 'CO012' }, C006: { food: 'CO013' }, C007: { food: 'CO009' },
  C008: { food: 'CO010' }, C009: { food: 'CO011' }, C010: { food: 'GR031' }, C011: { food: 'CO007' },
};

/**
 * The shipped table as rows. It is trusted data: food-import.validator.spec.ts proves it passes the
 * import validator, which operators' files go through.
 */
export function readFoodTable(): Prisma.FoodCompositionCreateManyInput[] {
  const records = parseCsv(readFileSync(FOOD_TABLE_FILE, 'utf8')).filter((cells) => !cells[0]?.startsWith('#') && cells.some((c) => c !== ''));
  const [header, ...rows] = records;
  const at = (name: string) => header!.indexOf(name);
  const number = (cells: string[], column: string) => Number(cells[at(column)]);
  return rows.map((cells) => ({
    ...(Object.fromEntries(NUTRIENTS.map((n) => [n, number(cells, NUTRIENT_INFO[n].csv)])) as Record<(typeof NUTRIENTS)[number], number>),
    code: cells[at('code')]!,
    name: cells[at('name')]!,
    foodGroup: cells[at('food_group')]!,
    ediblePercent: number(cells, 'edible_percent'),
    vegetableColour: cells[at('vegetable_colour')] || null,
    source: cells[at('source')]!,
    importedBy: 'seed',
  }));
}

export async function seedNutrition(prisma: PrismaClient): Promise<void> {
  const table = readFoodTable();
  await prisma.foodComposition.createMany({ data: table, skipDuplicates: true });
  // A table seeded before vegetables had a colour gets it; an operator's own import is left alone.
  for (const food of table.filter((f) => f.vegetableColour)) {
    await prisma.foodComposition.updateMany({ where: { code: food.code, importedBy: 'seed', vegetableColour: null }, data: { vegetableColour: food.vegetableColour } });
  }
  for (const [code, link] of Object.entries(CATALOGUE_FOODS)) {
    await prisma.ingredient.updateMany({ where: { code, foodCode: null }, data: { foodCode: link.food, gramsPerUnit: link.gramsPerUnit ?? null } });
  }
}
