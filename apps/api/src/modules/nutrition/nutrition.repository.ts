import { Injectable } from '@nestjs/common';
import type { TFoodQuery, TIngredientNutritionQuery } from '@canteen/shared';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import type { FoodRow } from './food-import.validator';

export const FOOD_SELECT = {
  code: true,
  name: true,
  foodGroup: true,
  ediblePercent: true,
  vegetableColour: true,
  energyKcal: true,
  proteinG: true,
  fatG: true,
  carbohydrateG: true,
  fibreG: true,
  calciumMg: true,
  ironMg: true,
  zincMg: true,
  vitaminAUg: true,
  vitaminCMg: true,
  sodiumMg: true,
  source: true,
  importedAt: true,
} as const;
export type FoodCompositionRow = Prisma.FoodCompositionGetPayload<{ select: typeof FOOD_SELECT }>;

export const INGREDIENT_FOOD_SELECT = {
  id: true,
  code: true,
  name: true,
  category: true,
  unit: true,
  gramsPerUnit: true,
  food: { select: FOOD_SELECT },
} as const;
export type IngredientFoodRow = Prisma.IngredientGetPayload<{ select: typeof INGREDIENT_FOOD_SELECT }>;

const UPSERT_CHUNK = 1000;

/** The food composition table and the catalogue's link to it: platform-wide reference data, no tenant rows. */
@Injectable()
export class NutritionRepository {
  constructor(readonly prisma: PrismaService) {}

  async listFoods(query: TFoodQuery): Promise<{ rows: FoodCompositionRow[]; total: number }> {
    const where: Prisma.FoodCompositionWhereInput = {
      ...(query.foodGroup ? { foodGroup: query.foodGroup } : {}),
      ...(query.q ? { OR: [{ name: { contains: query.q } }, { code: { startsWith: query.q, mode: 'insensitive' } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.foodComposition.findMany({ where, select: FOOD_SELECT, orderBy: [{ foodGroup: 'asc' }, { code: 'asc' }], skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
      this.prisma.foodComposition.count({ where }),
    ]);
    return { rows, total };
  }

  findFood(code: string): Promise<FoodCompositionRow | null> {
    return this.prisma.foodComposition.findUnique({ where: { code }, select: FOOD_SELECT });
  }

  /**
   * Inserts new codes and overwrites existing ones, one statement per chunk; counts both. A row
   * without a vegetable colour (the file had no such column) keeps the stored one while it stays a vegetable.
   */
  async upsertFoods(tx: Tx, rows: FoodRow[], importedBy: string): Promise<{ created: number; updated: number }> {
    let created = 0;
    for (let start = 0; start < rows.length; start += UPSERT_CHUNK) {
      const chunk = rows.slice(start, start + UPSERT_CHUNK).map((row) => ({
        code: row.code,
        name: row.name,
        food_group: row.foodGroup,
        edible_percent: row.ediblePercent,
        vegetable_colour: row.vegetableColour ?? null,
        colour_given: row.vegetableColour !== undefined,
        source: row.source,
        ...row.per100g,
      }));
      const result = await tx.$queryRaw<{ inserted: boolean }[]>`
        INSERT INTO "food_composition" ("code", "name", "food_group", "edible_percent", "vegetable_colour", "energy_kcal", "protein_g", "fat_g", "carbohydrate_g", "fibre_g",
          "calcium_mg", "iron_mg", "zinc_mg", "vitamin_a_ug", "vitamin_c_mg", "sodium_mg", "source", "imported_at", "imported_by")
        SELECT r.code, r.name, r.food_group, r.edible_percent,
          CASE WHEN r.colour_given THEN r.vegetable_colour
               WHEN r.food_group = 'vegetables' THEN (SELECT f."vegetable_colour" FROM "food_composition" f WHERE f."code" = r.code) END,
          r."energyKcal", r."proteinG", r."fatG", r."carbohydrateG", r."fibreG",
          r."calciumMg", r."ironMg", r."zincMg", r."vitaminAUg", r."vitaminCMg", r."sodiumMg", r.source, now(), ${importedBy}
        FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r(code text, name text, food_group text, edible_percent numeric,
          vegetable_colour text, colour_given boolean, source text,
          "energyKcal" numeric, "proteinG" numeric, "fatG" numeric, "carbohydrateG" numeric, "fibreG" numeric, "calciumMg" numeric,
          "ironMg" numeric, "zincMg" numeric, "vitaminAUg" numeric, "vitaminCMg" numeric, "sodiumMg" numeric)
        ON CONFLICT ("code") DO UPDATE SET
          "name" = EXCLUDED."name", "food_group" = EXCLUDED."food_group", "edible_percent" = EXCLUDED."edible_percent",
          "vegetable_colour" = EXCLUDED."vegetable_colour",
          "energy_kcal" = EXCLUDED."energy_kcal", "protein_g" = EXCLUDED."protein_g", "fat_g" = EXCLUDED."fat_g",
          "carbohydrate_g" = EXCLUDED."carbohydrate_g", "fibre_g" = EXCLUDED."fibre_g", "calcium_mg" = EXCLUDED."calcium_mg",
          "iron_mg" = EXCLUDED."iron_mg", "zinc_mg" = EXCLUDED."zinc_mg", "vitamin_a_ug" = EXCLUDED."vitamin_a_ug",
          "vitamin_c_mg" = EXCLUDED."vitamin_c_mg", "sodium_mg" = EXCLUDED."sodium_mg", "source" = EXCLUDED."source",
          "imported_at" = EXCLUDED."imported_at", "imported_by" = EXCLUDED."imported_by"
        RETURNING (xmax = 0) AS inserted`;
      created += result.filter((r) => r.inserted).length;
    }
    return { created, updated: rows.length - created };
  }

  ingredientsWithFood(ids: string[]): Promise<IngredientFoodRow[]> {
    return this.prisma.ingredient.findMany({ where: { id: { in: ids } }, select: INGREDIENT_FOOD_SELECT });
  }

  findIngredient(id: string, tx: Tx = this.prisma): Promise<IngredientFoodRow | null> {
    return tx.ingredient.findUnique({ where: { id }, select: INGREDIENT_FOOD_SELECT });
  }

  async listIngredients(query: TIngredientNutritionQuery): Promise<{ rows: IngredientFoodRow[]; total: number }> {
    const where: Prisma.IngredientWhereInput = {
      ...(query.unlinked === 'true' ? { foodCode: null } : {}),
      ...(query.q ? { OR: [{ name: { contains: query.q } }, { code: { contains: query.q, mode: 'insensitive' } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.ingredient.findMany({ where, select: INGREDIENT_FOOD_SELECT, orderBy: [{ category: 'asc' }, { code: 'asc' }], skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
      this.prisma.ingredient.count({ where }),
    ]);
    return { rows, total };
  }

  linkIngredient(tx: Tx, id: string, data: { foodCode: string | null; gramsPerUnit: number | null }): Promise<IngredientFoodRow> {
    return tx.ingredient.update({ where: { id }, data: { foodCode: data.foodCode, gramsPerUnit: data.gramsPerUnit }, select: INGREDIENT_FOOD_SELECT });
  }
}
