import { Injectable } from '@nestjs/common';
import type { OrgLevel } from '@canteen/shared';
import { PrismaService } from '@/common/prisma/prisma.service';
import { Coalescer } from '@/common/batching/coalescer';
import { isUuid } from '@/common/ids';
import type { Scope } from '@/common/tenancy/scope';

export interface UnitRef {
  id: string;
  name: string;
  path: string;
}

export interface ReferencePrice {
  ingredientId: string;
  /** Median unit price (fen) of the accepted delivery lines. */
  medianFen: number;
  /** How many accepted lines the median is taken over. */
  samples: number;
}

export interface WriteOffTotals {
  /** Write-off value (fen, positive) of the day, up to and including the movement judged. */
  dayFen: number;
  /** Write-off value (fen, positive) of the `days` days before it. */
  previousFen: number;
}

/**
 * Read-only look-ups that rules may call while they evaluate. Rules run for the system, not for a
 * user: a method that reads tenant data takes a Scope (`systemScope(path)` of the subtree it needs).
 */
@Injectable()
export class RuleQueriesRepository {
  // Every event of a burst asks for its ingredients' names: one query answers a whole turn's worth.
  private readonly names = new Coalescer<string, string>(async (ids) => {
    const rows = await this.prisma.ingredient.findMany({
      where: { id: { in: ids.filter((id) => isUuid(id)) } },
      select: { id: true, name: true },
    });
    return new Map(rows.map((row) => [row.id, row.name]));
  });

  constructor(readonly prisma: PrismaService) {}

  /** Names from the platform-wide ingredient catalogue. */
  async ingredientNames(ids: string[]): Promise<Map<string, string>> {
    const names = await Promise.all(ids.map((id) => this.names.get(id)));
    return new Map(
      ids.flatMap((id, i) => (names[i] === undefined ? [] : [[id, names[i]] as const])),
    );
  }

  /** The unit at `level` on the path of `path` (the unit itself or an ancestor), if it lies in the scope. */
  async ancestorAt(scope: Scope, path: string, level: OrgLevel): Promise<UnitRef | null> {
    const rows = await this.prisma.$queryRaw<UnitRef[]>`
      SELECT id::text, name, path FROM org_unit
       WHERE level = ${level} AND ${path} LIKE path || '%' AND path LIKE ${`${scope.path}%`}
       LIMIT 1`;
    return rows[0] ?? null;
  }

  /**
   * The median unit price of each ingredient over the accepted delivery lines of the canteens in the
   * scope accepted in [since, until), leaving out one manifest (the one being judged).
   */
  async referencePrices(
    scope: Scope,
    ingredientIds: string[],
    since: Date,
    until: Date,
    excludeManifestId: string,
  ): Promise<ReferencePrice[]> {
    if (ingredientIds.length === 0) return [];
    const rows = await this.prisma.$queryRaw<
      { ingredient_id: string; median_fen: number; samples: bigint }[]
    >`
      SELECT dl.ingredient_id::text, percentile_cont(0.5) WITHIN GROUP (ORDER BY dl.unit_price_fen)::float8 AS median_fen, count(*) AS samples
        FROM acceptance a
        JOIN org_unit c ON c.id = a.canteen_id
        JOIN acceptance_line al ON al.acceptance_id = a.id AND al.decision = 'accept'
        JOIN delivery_line dl ON dl.id = al.delivery_line_id
       WHERE c.path LIKE ${`${scope.path}%`}
         AND a.accepted_at >= ${since} AND a.accepted_at < ${until}
         AND a.manifest_id <> ${excludeManifestId}::uuid
         AND dl.ingredient_id = ANY(${ingredientIds}::uuid[])
       GROUP BY dl.ingredient_id`;
    return rows.map((row) => ({
      ingredientId: row.ingredient_id,
      medianFen: row.median_fen,
      samples: Number(row.samples),
    }));
  }

  /**
   * A canteen's write-offs that stand (not reversed) on `day` booked up to ledger sequence `uptoSeq`,
   * and over the `days` days before it: the same answer however late the event is evaluated.
   */
  async writeOffTotals(
    scope: Scope,
    canteenId: string,
    day: string,
    days: number,
    uptoSeq: number,
  ): Promise<WriteOffTotals> {
    const rows = await this.prisma.$queryRaw<
      { day_fen: bigint | null; previous_fen: bigint | null }[]
    >`
      SELECT sum(-m.cost_fen) FILTER (WHERE m.occurred_on = ${day}::date) AS day_fen,
             sum(-m.cost_fen) FILTER (WHERE m.occurred_on < ${day}::date) AS previous_fen
        FROM stock_movement m
        JOIN org_unit c ON c.id = m.canteen_id
       WHERE m.canteen_id = ${canteenId}::uuid AND c.path LIKE ${`${scope.path}%`}
         AND m.kind = 'write_off' AND m.seq <= ${uptoSeq}
         AND m.occurred_on BETWEEN ${day}::date - ${days}::int AND ${day}::date
         AND NOT EXISTS (SELECT 1 FROM stock_movement r WHERE r.canteen_id = m.canteen_id AND r.reverses_id = m.id AND r.seq <= ${uptoSeq})`;
    return {
      dayFen: Number(rows[0]?.day_fen ?? 0),
      previousFen: Number(rows[0]?.previous_fen ?? 0),
    };
  }

  /** Connected canteens in the scope without a published meal plan for the week starting `weekStart`. */
  async canteensWithoutPublishedPlan(scope: Scope, weekStart: string): Promise<UnitRef[]> {
    return this.prisma.$queryRaw<UnitRef[]>`
      SELECT c.id::text, c.name, c.path FROM org_unit c
       WHERE c.level = 'canteen' AND c.connection_status = 'connected' AND c.path LIKE ${`${scope.path}%`}
         AND NOT EXISTS (SELECT 1 FROM meal_plan p WHERE p.canteen_id = c.id AND p.week_start = ${weekStart}::date AND p.status = 'published')
       ORDER BY c.path`;
  }

  /** Schools in the scope holding a contract with the supplier that is in force on `day`. */
  async contractedSchools(scope: Scope, supplierId: string, day: string): Promise<UnitRef[]> {
    return this.prisma.$queryRaw<UnitRef[]>`
      SELECT DISTINCT s.id::text, s.name, s.path FROM supply_contract k
        JOIN org_unit s ON s.id = k.school_id
       WHERE k.supplier_id = ${supplierId}::uuid AND s.path LIKE ${`${scope.path}%`}
         AND k.valid_from <= ${day}::date AND least(k.ended_on, k.valid_to) >= ${day}::date
       ORDER BY s.path`;
  }
}
