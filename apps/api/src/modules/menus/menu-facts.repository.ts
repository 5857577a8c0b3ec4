import { Injectable } from '@nestjs/common';
import type { FoodGroup } from '@canteen/shared';
import { PrismaService } from '@/common/prisma/prisma.service';
import type { Scope } from '@/common/tenancy/scope';
import { type StockConversion, conversionOf } from './menu-rules';

export interface IngredientFacts extends StockConversion {
  id: string;
  code: string;
  name: string;
  category: FoodGroup;
}

/** What turns recipe grams into stock quantities and money: catalogue facts and recent prices. */
@Injectable()
export class MenuFactsRepository {
  constructor(readonly prisma: PrismaService) {}

  /** Catalogue facts (platform-wide reference data): unit, grams per unit, the linked food's 食部. */
  async ingredients(ids: string[]): Promise<Map<string, IngredientFacts>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.ingredient.findMany({
      where: { id: { in: ids } },
      select: { id: true, code: true, name: true, category: true, unit: true, unitDecimals: true, gramsPerUnit: true, food: { select: { ediblePercent: true } } },
    });
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          code: row.code,
          name: row.name,
          category: row.category as FoodGroup,
          ...conversionOf({ unit: row.unit, unitDecimals: row.unitDecimals, gramsPerUnit: row.gramsPerUnit, ediblePercent: row.food?.ediblePercent ?? null }),
        },
      ]),
    );
  }

  /** The supplier and price of the canteen's most recent batch of each ingredient. */
  async lastSuppliers(scope: Scope, canteenId: string, ingredientIds: string[]): Promise<Map<string, { supplierId: string; unitPriceFen: number }>> {
    if (ingredientIds.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<{ ingredient_id: string; supplier_id: string; unit_price_fen: number }[]>`
      SELECT DISTINCT ON (b.ingredient_id) b.ingredient_id::text, b.supplier_id::text, b.unit_price_fen
        FROM stock_batch b
        JOIN org_unit c ON c.id = b.canteen_id
       WHERE b.canteen_id = ${canteenId}::uuid AND starts_with(c.path, ${scope.path})
         AND b.ingredient_id = ANY(${ingredientIds}::uuid[]) AND b.supplier_id IS NOT NULL
       ORDER BY b.ingredient_id, b.received_at DESC`;
    return new Map(rows.map((row) => [row.ingredient_id, { supplierId: row.supplier_id, unitPriceFen: row.unit_price_fen }]));
  }

  /**
   * The price per stock unit of each ingredient: the canteen's most recent batch, else the most
   * recent one anywhere in the asker's subtree (a school planning its first week).
   */
  async latestPrices(scope: Scope, canteenId: string, ingredientIds: string[], onOrBefore: string): Promise<Map<string, number>> {
    if (ingredientIds.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<{ ingredient_id: string; unit_price_fen: number }[]>`
      SELECT DISTINCT ON (b.ingredient_id) b.ingredient_id::text, b.unit_price_fen
        FROM stock_batch b
        JOIN org_unit c ON c.id = b.canteen_id
       WHERE b.ingredient_id = ANY(${ingredientIds}::uuid[])
         AND starts_with(c.path, ${scope.path})
         AND (b.received_at AT TIME ZONE 'Asia/Shanghai')::date <= ${onOrBefore}::date
       ORDER BY b.ingredient_id, (b.canteen_id = ${canteenId}::uuid) DESC, b.received_at DESC`;
    const prices = new Map(rows.map((row) => [row.ingredient_id, row.unit_price_fen]));
    const missing = ingredientIds.filter((id) => !prices.has(id));
    if (missing.length > 0) {
      // A plan for next week may be priced before anything arrived: the latest price at any day.
      const later = await this.prisma.$queryRaw<{ ingredient_id: string; unit_price_fen: number }[]>`
        SELECT DISTINCT ON (b.ingredient_id) b.ingredient_id::text, b.unit_price_fen
          FROM stock_batch b
          JOIN org_unit c ON c.id = b.canteen_id
         WHERE b.ingredient_id = ANY(${missing}::uuid[]) AND starts_with(c.path, ${scope.path})
         ORDER BY b.ingredient_id, (b.canteen_id = ${canteenId}::uuid) DESC, b.received_at DESC`;
      for (const row of later) prices.set(row.ingredient_id, row.unit_price_fen);
    }
    return prices;
  }
}
