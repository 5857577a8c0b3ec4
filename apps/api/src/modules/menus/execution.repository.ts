import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '@/common/prisma/prisma.service';
import type { Scope } from '@/common/tenancy/scope';

export interface IssuedRow {
  day: string;
  meal: string;
  ingredient_id: string;
  /** Net issued quantity (positive), decimal text. */
  quantity: string;
  cost_fen: number;
}

export interface DayQuantityRow {
  day: string;
  ingredient_id: string;
  quantity: string;
  value_fen: number;
}

export interface OnHandRow {
  ingredient_id: string;
  quantity: string;
}

/** The ledger and the deliveries as the execution check reads them (SQL; the canteen's path bounds every row). */
@Injectable()
export class ExecutionRepository {
  constructor(readonly prisma: PrismaService) {}

  /**
   * Stock-outs to the kitchen per day, meal and ingredient, net of their reversals: a reversal counts
   * against the day and meal of the stock-out it undoes, whenever it was booked.
   */
  issued(scope: Scope, canteenId: string, from: string, to: string, tx: Tx = this.prisma): Promise<IssuedRow[]> {
    return tx.$queryRaw<IssuedRow[]>`
      WITH outs AS (
        SELECT o.id, o.occurred_on, o.meal, o.ingredient_id, o.quantity, o.cost_fen
          FROM stock_movement o
          JOIN org_unit c ON c.id = o.canteen_id
         WHERE o.canteen_id = ${canteenId}::uuid AND starts_with(c.path, ${scope.path})
           AND o.kind = 'stock_out' AND o.meal IS NOT NULL
           AND o.occurred_on BETWEEN ${from}::date AND ${to}::date
      ),
      net AS (
        SELECT occurred_on, meal, ingredient_id, -quantity AS quantity, -cost_fen AS cost_fen FROM outs
        UNION ALL
        SELECT o.occurred_on, o.meal, o.ingredient_id, -r.quantity, -r.cost_fen
          FROM outs o JOIN stock_movement r ON r.reverses_id = o.id AND r.kind = 'reversal'
      )
      SELECT occurred_on::text AS day, meal, ingredient_id::text AS ingredient_id,
             sum(quantity)::text AS quantity, sum(cost_fen)::int AS cost_fen
        FROM net
       GROUP BY occurred_on, meal, ingredient_id
      HAVING sum(quantity) <> 0`;
  }

  /** What deliveries brought per day and ingredient: the accepted quantities, at the delivery price. */
  delivered(scope: Scope, canteenId: string, from: string, to: string): Promise<DayQuantityRow[]> {
    return this.prisma.$queryRaw<DayQuantityRow[]>`
      SELECT m.delivery_date::text AS day, l.ingredient_id::text AS ingredient_id,
             sum(a.accepted_quantity)::text AS quantity, sum(round(a.accepted_quantity * l.unit_price_fen))::int AS value_fen
        FROM delivery_manifest m
        JOIN org_unit c ON c.id = m.canteen_id
        JOIN delivery_line l ON l.manifest_id = m.id
        JOIN acceptance_line a ON a.delivery_line_id = l.id
       WHERE m.canteen_id = ${canteenId}::uuid AND starts_with(c.path, ${scope.path})
         AND m.delivery_date BETWEEN ${from}::date AND ${to}::date
         AND a.decision = 'accept' AND a.accepted_quantity > 0
       GROUP BY m.delivery_date, l.ingredient_id`;
  }

  /** What was booked into the store per day and ingredient. */
  stockedIn(scope: Scope, canteenId: string, from: string, to: string): Promise<DayQuantityRow[]> {
    return this.prisma.$queryRaw<DayQuantityRow[]>`
      SELECT o.occurred_on::text AS day, o.ingredient_id::text AS ingredient_id,
             sum(o.quantity)::text AS quantity, sum(o.cost_fen)::int AS value_fen
        FROM stock_movement o
        JOIN org_unit c ON c.id = o.canteen_id
       WHERE o.canteen_id = ${canteenId}::uuid AND starts_with(c.path, ${scope.path})
         AND o.kind = 'stock_in' AND o.occurred_on BETWEEN ${from}::date AND ${to}::date
       GROUP BY o.occurred_on, o.ingredient_id`;
  }

  /** On hand per ingredient now, counting only batches that keep until `usableOn`. */
  onHand(scope: Scope, canteenId: string, usableOn: string): Promise<OnHandRow[]> {
    return this.prisma.$queryRaw<OnHandRow[]>`
      SELECT s.ingredient_id::text AS ingredient_id, sum(s.quantity)::text AS quantity
        FROM stock_balance s
        JOIN stock_batch b ON b.id = s.batch_id
        JOIN org_unit c ON c.id = s.canteen_id
       WHERE s.canteen_id = ${canteenId}::uuid AND starts_with(c.path, ${scope.path})
         AND s.quantity > 0 AND b.expiry_date >= ${usableOn}::date
       GROUP BY s.ingredient_id`;
  }
}
