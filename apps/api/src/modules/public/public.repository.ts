import { Injectable } from '@nestjs/common';
import { Prisma } from '@/generated/prisma/client';
import { isUuid } from '@/common/ids';
import { PrismaService } from '@/common/prisma/prisma.service';
import { type Scope, scopeWhere } from '@/common/tenancy/scope';

const MANAGEMENT_LEVELS = ['province', 'city', 'county'];
/** Accounts the page counts as staff: the school's leadership and its canteen workers. */
export const STAFF_ROLES = { managers: ['principal', 'canteen_manager'], kitchenStaff: ['canteen_staff'] } as const;

const CANTEEN_SELECT = {
  id: true,
  code: true,
  name: true,
  path: true,
  parent: { select: { id: true, name: true, kind: true, address: true, enrolment: true, path: true } },
} as const;
export type PublicCanteenRow = Prisma.OrgUnitGetPayload<{ select: typeof CANTEEN_SELECT }>;

export interface LotRow {
  ingredient_id: string;
  lot_code: string;
  received_on: string;
  production_date: string;
  supplier_id: string;
  farm_base_id: string | null;
}

export interface DigestRow {
  day: string;
  root: string;
  payload: string;
  signature: string;
  key_id: string;
}

const SUPPLIER_SELECT = {
  id: true,
  name: true,
  kind: true,
  documents: {
    select: { kind: true, number: true, issuedOn: true, expiresOn: true, farmBase: { select: { name: true } } },
    orderBy: [{ kind: 'asc' }, { expiresOn: 'desc' }],
  },
  farmBases: { select: { id: true, name: true, region: true }, orderBy: { name: 'asc' } },
} as const satisfies Prisma.SupplierSelect;
export type PublicSupplierRow = Prisma.SupplierGetPayload<{ select: typeof SUPPLIER_SELECT }>;

/**
 * What the public pages read. Nobody signs in, so the service hands each method the narrowest scope
 * the question allows: the whole tree to find a connected canteen, then the canteen's, its
 * school's or its county's own subtree.
 */
@Injectable()
export class PublicRepository {
  constructor(readonly prisma: PrismaService) {}

  /** A connected canteen by its code; anything else (unknown, not connected, suspended) is not public. */
  findConnectedCanteen(scope: Scope, code: string): Promise<PublicCanteenRow | null> {
    return this.prisma.orgUnit.findFirst({ where: { code, level: 'canteen', connectionStatus: 'connected', ...scopeWhere(scope) }, select: CANTEEN_SELECT });
  }

  /** A canteen of the scope by id (QR codes for signed-in users). */
  findCanteen(scope: Scope, id: string): Promise<PublicCanteenRow | null> {
    return this.prisma.orgUnit.findFirst({ where: { id, level: 'canteen', ...scopeWhere(scope) }, select: CANTEEN_SELECT });
  }

  /** Names and levels of units by id (the province, city and county on a canteen's path). */
  findUnitNames(scope: Scope, ids: string[]) {
    return this.prisma.orgUnit.findMany({ where: { id: { in: ids }, ...scopeWhere(scope) }, select: { id: true, code: true, name: true, level: true } });
  }

  /** A province, city or county by its code or id. */
  findRegion(scope: Scope, codeOrId: string) {
    const isId = isUuid(codeOrId);
    return this.prisma.orgUnit.findFirst({
      where: { ...(isId ? { id: codeOrId } : { code: codeOrId }), level: { in: MANAGEMENT_LEVELS }, ...scopeWhere(scope) },
      select: { id: true, path: true },
    });
  }

  regions(scope: Scope) {
    return this.prisma.orgUnit.findMany({
      where: { level: { in: MANAGEMENT_LEVELS }, ...scopeWhere(scope) },
      select: { id: true, code: true, name: true, level: true, parentId: true },
      orderBy: [{ depth: 'asc' }, { code: 'asc' }],
    });
  }

  /** Connected canteens counted under every unit on their paths. */
  async connectedCounts(scope: Scope): Promise<Map<string, number>> {
    const rows = await this.prisma.$queryRaw<{ unit_id: string; canteens: number }[]>`
      SELECT unit_id, count(*)::int AS canteens
        FROM org_unit c, unnest(string_to_array(trim(both '/' from c.path), '/')) AS unit_id
       WHERE c.level = 'canteen' AND c.connection_status = 'connected' AND c.path LIKE ${`${scope.path}%`}
       GROUP BY unit_id`;
    return new Map(rows.map((row) => [row.unit_id, row.canteens]));
  }

  async searchCanteens(scope: Scope, underPath: string, q: string | undefined, page: number, pageSize: number) {
    const where: Prisma.OrgUnitWhereInput = {
      level: 'canteen',
      connectionStatus: 'connected',
      AND: [scopeWhere(scope), { path: { startsWith: underPath } }],
      ...(q ? { OR: [{ name: { contains: q } }, { parent: { name: { contains: q } } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.orgUnit.findMany({
        where,
        select: { code: true, name: true, path: true, parent: { select: { name: true, kind: true } } },
        orderBy: [{ parent: { name: 'asc' } }, { code: 'asc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
      this.prisma.orgUnit.count({ where }),
    ]);
    return { rows, total };
  }

  /** Codes of the canteens in a subtree (for cache invalidation). */
  canteenCodesUnder(scope: Scope, path: string) {
    return this.prisma.orgUnit.findMany({ where: { level: 'canteen', AND: [scopeWhere(scope), { path: { startsWith: path } }] }, select: { code: true } });
  }

  /** Suppliers whose contract with the school covers the canteen today. */
  async contractedSupplierIds(scope: Scope, schoolId: string, canteenId: string, day: string): Promise<string[]> {
    const date = new Date(`${day}T00:00:00Z`);
    const rows = await this.prisma.supplyContract.findMany({
      where: {
        schoolId,
        school: scopeWhere(scope),
        canteenIds: { has: canteenId },
        validFrom: { lte: date },
        validTo: { gte: date },
        OR: [{ endedOn: null }, { endedOn: { gte: date } }],
      },
      select: { supplierId: true },
    });
    return [...new Set(rows.map((row) => row.supplierId))];
  }

  /**
   * The newest accepted lots of each ingredient that reached the canteen since `since` (a day),
   * `perIngredient` at most; all ingredients when `ingredientIds` is null.
   */
  recentLots(scope: Scope, canteenId: string, since: string, ingredientIds: string[] | null, perIngredient: number): Promise<LotRow[]> {
    const only = ingredientIds === null ? Prisma.empty : Prisma.sql`AND b.ingredient_id = ANY(${ingredientIds}::uuid[])`;
    return this.prisma.$queryRaw<LotRow[]>`
      SELECT ranked.ingredient_id, ranked.lot_code, ranked.received_on, ranked.production_date, ranked.supplier_id, dl.farm_base_id
        FROM (
          SELECT b.ingredient_id, b.lot_code, b.delivery_line_id, b.supplier_id, b.received_at, b.id,
                 (b.received_at AT TIME ZONE 'Asia/Shanghai')::date::text AS received_on,
                 b.production_date::text AS production_date,
                 row_number() OVER (PARTITION BY b.ingredient_id ORDER BY b.received_at DESC, b.id) AS rank
            FROM stock_batch b
            JOIN org_unit c ON c.id = b.canteen_id
           WHERE b.canteen_id = ${canteenId}::uuid
             AND c.path LIKE ${`${scope.path}%`}
             AND b.delivery_line_id IS NOT NULL
             AND b.supplier_id IS NOT NULL
             AND b.received_at >= (${since}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
             ${only}
        ) ranked
        JOIN delivery_line dl ON dl.id = ranked.delivery_line_id
       WHERE ranked.rank <= ${perIngredient}
       ORDER BY ranked.ingredient_id, ranked.received_at DESC, ranked.id`;
  }

  /** Suppliers with their licences and farm bases: the supplier registry is platform-wide, not tenant data. */
  findSuppliers(ids: string[]): Promise<PublicSupplierRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.prisma.supplier.findMany({ where: { id: { in: ids } }, select: SUPPLIER_SELECT, orderBy: { name: 'asc' } });
  }

  findIngredients(ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.prisma.ingredient.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, category: true } });
  }

  /** When each plan version was published. */
  findPublishedAt(scope: Scope, versionIds: string[]) {
    return this.prisma.mealPlanVersion.findMany({ where: { id: { in: versionIds }, plan: { canteen: scopeWhere(scope) } }, select: { id: true, publishedAt: true } });
  }

  /** Active accounts of the school by role (the page shows counts only). */
  async staffCounts(scope: Scope, schoolId: string): Promise<Map<string, number>> {
    const rows = await this.prisma.user.groupBy({
      by: ['role'],
      where: { orgUnitId: schoolId, orgUnit: scopeWhere(scope), disabledAt: null, role: { in: [...STAFF_ROLES.managers, ...STAFF_ROLES.kitchenStaff] } },
      _count: { _all: true },
    });
    return new Map(rows.map((row) => [row.role, row._count._all]));
  }

  /** Display names of every account in the scope (disabled ones too: replies written before still name them). */
  async accountNames(scope: Scope): Promise<string[]> {
    const rows = await this.prisma.user.findMany({ where: { orgUnit: scopeWhere(scope) }, select: { displayName: true } });
    return rows.map((row) => row.displayName);
  }

  /** The county's most recent signed daily digests. */
  latestDigests(scope: Scope, countyId: string, limit: number): Promise<DigestRow[]> {
    return this.prisma.$queryRaw<DigestRow[]>`
      SELECT d.day::text AS day, d.root, d.payload, d.signature, d.key_id
        FROM ledger_digest d
        JOIN org_unit k ON k.id = d.county_id
       WHERE d.county_id = ${countyId}::uuid AND k.path LIKE ${`${scope.path}%`}
       ORDER BY d.day DESC
       LIMIT ${limit}`;
  }

  /**
   * Whether a file is a dish photo of a published plan of a connected canteen: the only files the
   * public may fetch.
   */
  async isPublicFile(scope: Scope, fileId: string): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ found: number }[]>`
      SELECT 1 AS found
        FROM dish_version dv
        JOIN meal_plan_entry_dish ed ON ed.dish_version_id = dv.id
        JOIN meal_plan_entry e ON e.id = ed.entry_id
        JOIN meal_plan_version v ON v.id = e.version_id AND v.status = 'published'
        JOIN meal_plan p ON p.id = v.plan_id
        JOIN org_unit c ON c.id = p.canteen_id
       WHERE dv.photo_file_id = ${fileId}::uuid
         AND c.connection_status = 'connected'
         AND c.path LIKE ${`${scope.path}%`}
       LIMIT 1`;
    return rows.length > 0;
  }
}
