import { Injectable } from '@nestjs/common';
import type { Meal, MovementKind } from '@canteen/shared';
import { type Prisma, PrismaService } from '@/common/prisma/prisma.service';
import { type Scope, scopeWhere } from '@/common/tenancy/scope';
import { CANTEEN_SELECT } from '@/modules/trace/trace.repository';

/** A canteen with its school and county, as reports name it. */
const REPORT_CANTEEN_SELECT = { ...CANTEEN_SELECT, code: true } as const;
export type ReportCanteenRow = Prisma.OrgUnitGetPayload<{ select: typeof REPORT_CANTEEN_SELECT }>;

/** One cell of the report: an ingredient's opening balance, one kind of the period's movements, or its closing balance. */
export interface ReportCellRow {
  ingredient_id: string;
  ingredient_code: string;
  ingredient_name: string;
  category: string;
  unit: string;
  /** 'opening', a movement kind, or null on the closing (grand total) row of the ingredient. */
  bucket: 'opening' | MovementKind | null;
  quantity: string;
  value_fen: bigint;
}

/** A movement as the auditor's sheet lists it. */
export interface ReportMovementRow {
  seq: number;
  created_at: Date;
  occurred_on: string;
  meal: Meal | null;
  kind: MovementKind;
  ingredient_code: string;
  ingredient_name: string;
  lot_code: string;
  supplier_name: string | null;
  quantity: string;
  unit: string;
  unit_price_fen: number;
  cost_fen: number;
  reason: string | null;
  reverses_seq: number | null;
  reversed_by_seq: number | null;
  created_by: string | null;
  hash: string;
}

export interface ChainState {
  head: { seq: number; hash: string; sealedThrough: string | null } | null;
  /** The latest signed daily digest of the canteen's county, with its text as it was signed. */
  digest: { day: string; root: string; keyId: string; payload: string } | null;
}

export interface MealCostRow {
  day: string;
  meal: Meal;
  cost_fen: bigint;
  headcount: number | null;
  per_student_fen: bigint | null;
}

/**
 * Ledger views read movements through their canteen: the canteen must lie in the actor's subtree.
 * Every figure is summed by PostgreSQL; a year of movements never travels to the application.
 */
@Injectable()
export class LedgerReportsRepository {
  constructor(readonly prisma: PrismaService) {}

  findCanteen(scope: Scope, id: string): Promise<ReportCanteenRow | null> {
    return this.prisma.orgUnit.findFirst({ where: { id, level: 'canteen', ...scopeWhere(scope) }, select: REPORT_CANTEEN_SELECT });
  }

  /**
   * Per ingredient (and unit): the opening balance (everything before `from`), the period's
   * movements per kind, and — on the row whose bucket is null — the closing balance.
   */
  reportCells(scope: Scope, canteenId: string, from: string, to: string): Promise<ReportCellRow[]> {
    return this.prisma.$queryRaw<ReportCellRow[]>`
      SELECT t.ingredient_id, i.code AS ingredient_code, i.name AS ingredient_name, i.category, t.unit, t.bucket,
             sum(t.quantity)::text AS quantity, sum(t.cost_fen)::bigint AS value_fen
        FROM (
          SELECT m.ingredient_id, m.unit, m.quantity, m.cost_fen,
                 CASE WHEN m.occurred_on < ${from}::date THEN 'opening' ELSE m.kind END AS bucket
            FROM stock_movement m
            JOIN org_unit c ON c.id = m.canteen_id
           WHERE m.canteen_id = ${canteenId}::uuid
             AND c.path LIKE ${`${scope.path}%`}
             AND m.occurred_on <= ${to}::date
        ) t
        JOIN ingredient i ON i.id = t.ingredient_id
       GROUP BY GROUPING SETS ((t.ingredient_id, i.code, i.name, i.category, t.unit, t.bucket), (t.ingredient_id, i.code, i.name, i.category, t.unit))`;
  }

  /** Every movement of the period in chain order, with what an auditor needs beside it. */
  periodMovements(scope: Scope, canteenId: string, from: string, to: string): Promise<ReportMovementRow[]> {
    return this.prisma.$queryRaw<ReportMovementRow[]>`
      SELECT m.seq, m.created_at, m.occurred_on::text AS occurred_on, m.meal, m.kind,
             i.code AS ingredient_code, i.name AS ingredient_name, b.lot_code, s.name AS supplier_name,
             m.quantity::text AS quantity, m.unit, m.unit_price_fen, m.cost_fen, m.reason,
             r.seq AS reverses_seq, rb.seq AS reversed_by_seq, u.display_name AS created_by, m.hash
        FROM stock_movement m
        JOIN org_unit c ON c.id = m.canteen_id
        JOIN stock_batch b ON b.id = m.batch_id
        JOIN ingredient i ON i.id = m.ingredient_id
        LEFT JOIN supplier s ON s.id = b.supplier_id
        LEFT JOIN stock_movement r ON r.id = m.reverses_id
        LEFT JOIN stock_movement rb ON rb.reverses_id = m.id
        LEFT JOIN app_user u ON u.id = m.created_by_id
       WHERE m.canteen_id = ${canteenId}::uuid
         AND c.path LIKE ${`${scope.path}%`}
         AND m.occurred_on BETWEEN ${from}::date AND ${to}::date
       ORDER BY m.seq`;
  }

  /** The canteen's chain head and its county's latest signed digest. */
  async chainState(scope: Scope, canteenId: string): Promise<ChainState> {
    const [heads, digests] = await Promise.all([
      this.prisma.$queryRaw<{ seq: number; hash: string; sealed_through: string | null }[]>`
        SELECT h.seq, h.hash, h.sealed_through::text AS sealed_through
          FROM ledger_head h
          JOIN org_unit c ON c.id = h.canteen_id
         WHERE h.canteen_id = ${canteenId}::uuid AND c.path LIKE ${`${scope.path}%`}`,
      // The county sits above a school user's scope: it is reached from the canteen, which is in scope.
      this.prisma.$queryRaw<{ day: string; root: string; key_id: string; payload: string }[]>`
        SELECT d.day::text AS day, d.root, d.key_id, d.payload
          FROM org_unit c
          JOIN org_unit k ON k.level = 'county' AND c.path LIKE k.path || '%'
          JOIN ledger_digest d ON d.county_id = k.id
         WHERE c.id = ${canteenId}::uuid AND c.path LIKE ${`${scope.path}%`}
         ORDER BY d.day DESC
         LIMIT 1`,
    ]);
    const head = heads[0];
    const digest = digests[0];
    return {
      head: head ? { seq: head.seq, hash: head.hash, sealedThrough: head.sealed_through } : null,
      digest: digest ? { day: digest.day, root: digest.root, keyId: digest.key_id, payload: digest.payload } : null,
    };
  }

  /**
   * What was issued to the kitchen per day and meal, valued at batch cost. A reversal of a
   * stock-out counts against the day and meal of the stock-out it undoes, whenever it was booked.
   */
  mealCosts(scope: Scope, canteenId: string, from: string, to: string): Promise<MealCostRow[]> {
    return this.prisma.$queryRaw<MealCostRow[]>`
      WITH issued AS (
        SELECT o.occurred_on AS day, o.meal, o.cost_fen
          FROM stock_movement o
          JOIN org_unit c ON c.id = o.canteen_id
         WHERE o.canteen_id = ${canteenId}::uuid AND c.path LIKE ${`${scope.path}%`}
           AND o.kind = 'stock_out' AND o.occurred_on BETWEEN ${from}::date AND ${to}::date
        UNION ALL
        SELECT o.occurred_on, o.meal, r.cost_fen
          FROM stock_movement o
          JOIN org_unit c ON c.id = o.canteen_id
          JOIN stock_movement r ON r.reverses_id = o.id
         WHERE o.canteen_id = ${canteenId}::uuid AND c.path LIKE ${`${scope.path}%`}
           AND o.kind = 'stock_out' AND o.occurred_on BETWEEN ${from}::date AND ${to}::date
      ),
      per_meal AS (
        SELECT day, meal, -sum(cost_fen)::bigint AS cost_fen FROM issued WHERE meal IS NOT NULL GROUP BY day, meal
      ),
      -- Served headcount: the newest production record of each meal (the menus module's view).
      served AS (
        SELECT day, meal, headcount FROM meal_served WHERE canteen_id = ${canteenId}::uuid
      )
      SELECT p.day::text AS day, p.meal, p.cost_fen, s.headcount,
             CASE WHEN s.headcount > 0 THEN round(p.cost_fen::numeric / s.headcount)::bigint END AS per_student_fen
        FROM per_meal p
        LEFT JOIN served s ON s.day = p.day AND s.meal = p.meal
       ORDER BY p.day, array_position(ARRAY['breakfast', 'lunch', 'dinner'], p.meal)`;
  }
}
