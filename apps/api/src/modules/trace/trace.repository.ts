import { Injectable } from '@nestjs/common';
import { Prisma } from '@/generated/prisma/client';
import { PrismaService } from '@/common/prisma/prisma.service';
import { type Scope, scopeWhere } from '@/common/tenancy/scope';

/** A delivery line with its manifest, acceptance and stock batch, as both traces read it. */
export interface TraceLineRow {
  line_id: string;
  line_no: number;
  lot_code: string;
  ingredient_id: string;
  quantity: string;
  unit: string;
  unit_price_fen: number;
  production_date: string;
  expiry_date: string;
  farm_base_id: string | null;
  certificate_ids: string[] | null;
  manifest_id: string;
  manifest_code: string;
  delivery_date: string;
  status: string;
  source: string;
  purchase_order_id: string | null;
  supplier_id: string;
  acceptance_id: string | null;
  accepted_at: Date | null;
  inspector_ids: string[] | null;
  decision: string | null;
  accepted_quantity: string | null;
  temperature_c: number | null;
  reason: string | null;
  photo_ids: string[] | null;
  batch_id: string | null;
  /** In stock: the ledger's balance, or the accepted quantity while not booked in. */
  batch_quantity: string | null;
  batch_booked: boolean | null;
  batch_unit: string | null;
  received_at: Date | null;
  batch_expiry_date: string | null;
}

export interface BackwardRow extends TraceLineRow {
  batch_id: string;
  batch_quantity: string;
  batch_booked: boolean;
  batch_unit: string;
  received_at: Date;
  batch_expiry_date: string;
  received_that_day: boolean;
}

/** A forward-trace line with where it went: the canteen, its school and county. */
export interface ForwardRow extends TraceLineRow {
  canteen_id: string;
  canteen_name: string;
  canteen_contact_name: string | null;
  canteen_contact_phone: string | null;
  school_id: string;
  school_name: string;
  school_address: string | null;
  school_contact_name: string | null;
  school_contact_phone: string | null;
  county_id: string;
  county_name: string;
}

const LINE_COLUMNS = Prisma.sql`
  dl.id AS line_id, dl.line_no, dl.lot_code, dl.ingredient_id, dl.quantity::text AS quantity, dl.unit, dl.unit_price_fen,
  dl.production_date::text AS production_date, dl.expiry_date::text AS expiry_date, dl.farm_base_id, dl.certificate_ids,
  dm.id AS manifest_id, dm.code AS manifest_code, dm.delivery_date::text AS delivery_date, dm.status, dm.source,
  dm.purchase_order_id, dm.supplier_id,
  a.id AS acceptance_id, a.accepted_at, a.inspector_ids,
  al.decision, al.accepted_quantity::text AS accepted_quantity, al.temperature_c::float8 AS temperature_c, al.reason, al.photo_ids,
  b.id AS batch_id, coalesce(sb.quantity, b.quantity)::text AS batch_quantity, (sb.batch_id IS NOT NULL) AS batch_booked,
  b.unit AS batch_unit, b.received_at, b.expiry_date::text AS batch_expiry_date`;

/** A ledger movement of a traced batch. */
export interface TraceMovementRow {
  id: string;
  canteen_id: string;
  seq: number;
  batch_id: string;
  kind: string;
  occurred_on: string;
  meal: string | null;
  quantity: string;
  unit: string;
  reason: string | null;
  reverses_id: string | null;
  /** Undone by a later reversal (which may be dated outside the rows read). */
  reversed: boolean;
}

export const CANTEEN_SELECT = {
  id: true,
  name: true,
  parent: { select: { id: true, name: true, parent: { select: { id: true, name: true } } } },
} as const;
export type CanteenRow = Prisma.OrgUnitGetPayload<{ select: typeof CANTEEN_SELECT }>;

export const SUPPLIER_SELECT = {
  id: true,
  name: true,
  creditCode: true,
  contactName: true,
  contactPhone: true,
  blacklistedAt: true,
  blacklistReason: true,
  documents: {
    select: { id: true, kind: true, number: true, expiresOn: true, fileId: true },
    orderBy: [{ kind: 'asc' }, { expiresOn: 'desc' }],
  },
} as const satisfies Prisma.SupplierSelect;
export type SupplierRow = Prisma.SupplierGetPayload<{ select: typeof SUPPLIER_SELECT }>;

export interface ContactRow {
  orgUnitId: string | null;
  role: string;
  displayName: string;
  phone: string | null;
}

/** What the trace rows refer to by id, loaded in one round of look-ups. */
export interface TraceReferences {
  ingredients: Map<string, { id: string; code: string; name: string; category: string; unit: string }>;
  farmBases: Map<string, { id: string; name: string; region: string; address: string | null }>;
  files: Map<string, { id: string; originalName: string; contentType: string }>;
  inspectors: Map<string, { id: string; displayName: string }>;
  orderCodes: Map<string, string>;
  suppliers: Map<string, SupplierRow>;
  corrections: Map<string, CorrectionRow[]>;
}

export interface CorrectionRow {
  deliveryLineId: string | null;
  field: string;
  oldValue: string | null;
  newValue: string;
  reason: string;
  createdAt: Date;
}

export interface ReferenceIds {
  ingredientIds: string[];
  farmBaseIds: string[];
  fileIds: string[];
  inspectorIds: string[];
  orderIds: string[];
  supplierIds: string[];
  /** Lines already read through the scope. */
  lineIds: string[];
}

/** Traces read deliveries through the canteen they went to: the actor's subtree bounds them. */
@Injectable()
export class TraceRepository {
  constructor(readonly prisma: PrismaService) {}

  findCanteen(scope: Scope, id: string): Promise<CanteenRow | null> {
    return this.prisma.orgUnit.findFirst({ where: { id, level: 'canteen', ...scopeWhere(scope) }, select: CANTEEN_SELECT });
  }

  findSupplier(id: string): Promise<SupplierRow | null> {
    return this.prisma.supplier.findUnique({ where: { id }, select: SUPPLIER_SELECT });
  }

  /**
   * The batches a canteen received on `day` (Asia/Shanghai) or held then: received before, not yet
   * expired, and not used up before the day by the ledger. A batch with no movement dated before
   * the day was not booked in yet, so it was still in the store.
   */
  backwardRows(scope: Scope, canteenId: string, day: string): Promise<BackwardRow[]> {
    return this.prisma.$queryRaw<BackwardRow[]>`
      SELECT ${LINE_COLUMNS},
             (b.received_at >= (${day}::date::timestamp AT TIME ZONE 'Asia/Shanghai')) AS received_that_day
        FROM stock_batch b
        JOIN org_unit c ON c.id = b.canteen_id
        JOIN delivery_line dl ON dl.id = b.delivery_line_id
        JOIN delivery_manifest dm ON dm.id = dl.manifest_id
        LEFT JOIN acceptance_line al ON al.delivery_line_id = dl.id
        LEFT JOIN acceptance a ON a.id = al.acceptance_id
        LEFT JOIN stock_balance sb ON sb.batch_id = b.id
       WHERE b.canteen_id = ${canteenId}::uuid
         AND c.path LIKE ${`${scope.path}%`}
         AND b.received_at < ((${day}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND b.expiry_date >= ${day}::date
         AND (b.received_at >= (${day}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
              -- no movement before the day (a null sum) means not booked in yet: still in the store
              OR coalesce((SELECT sum(m.quantity) FROM stock_movement m WHERE m.batch_id = b.id AND m.occurred_on < ${day}::date), 1) > 0)
       ORDER BY received_that_day DESC, b.received_at DESC, dm.code, dl.line_no`;
  }

  /** The ledger movements of batches (read through their canteen's path), in chain order; `day` keeps those dated then. */
  movements(scope: Scope, batchIds: string[], day?: string): Promise<TraceMovementRow[]> {
    if (batchIds.length === 0) return Promise.resolve([]);
    return this.prisma.$queryRaw<TraceMovementRow[]>`
      SELECT m.id, m.canteen_id, m.seq, m.batch_id, m.kind, m.occurred_on::text AS occurred_on, m.meal,
             m.quantity::text AS quantity, m.unit, m.reason, m.reverses_id,
             EXISTS (SELECT 1 FROM stock_movement r WHERE r.reverses_id = m.id) AS reversed
        FROM stock_movement m
        JOIN org_unit c ON c.id = m.canteen_id
       WHERE m.batch_id = ANY(${batchIds}::uuid[])
         AND c.path LIKE ${`${scope.path}%`}
         ${day === undefined ? Prisma.empty : Prisma.sql`AND m.occurred_on = ${day}::date`}
       ORDER BY m.canteen_id, m.seq`;
  }

  /** Every delivery line of one supplier lot (as recorded, or as corrected) that went to a canteen inside the scope. */
  forwardRows(scope: Scope, supplierId: string, lotCode: string): Promise<ForwardRow[]> {
    // The lot's lines come first, by index; planned as one join, the lot filter came last, after
    // scanning every delivery (see docs/benchmarks.md).
    return this.prisma.$queryRaw<ForwardRow[]>`
      WITH lot_lines AS MATERIALIZED (
        SELECT id FROM delivery_line WHERE lot_code = ${lotCode}
        UNION
        SELECT delivery_line_id FROM delivery_correction WHERE field = 'lotCode' AND new_value = ${lotCode}
      )
      SELECT ${LINE_COLUMNS},
             c.id AS canteen_id, c.name AS canteen_name, c.contact_name AS canteen_contact_name, c.contact_phone AS canteen_contact_phone,
             s.id AS school_id, s.name AS school_name, s.address AS school_address,
             s.contact_name AS school_contact_name, s.contact_phone AS school_contact_phone,
             k.id AS county_id, k.name AS county_name
        FROM lot_lines
        JOIN delivery_line dl ON dl.id = lot_lines.id
        JOIN delivery_manifest dm ON dm.id = dl.manifest_id
        JOIN org_unit c ON c.id = dm.canteen_id
        JOIN org_unit s ON s.id = c.parent_id
        JOIN org_unit k ON k.id = s.parent_id
        LEFT JOIN acceptance_line al ON al.delivery_line_id = dl.id
        LEFT JOIN acceptance a ON a.id = al.acceptance_id
        LEFT JOIN stock_batch b ON b.delivery_line_id = dl.id
        LEFT JOIN stock_balance sb ON sb.batch_id = b.id
       WHERE dm.supplier_id = ${supplierId}::uuid
         AND c.path LIKE ${`${scope.path}%`}
       ORDER BY k.name, s.name, c.name, dm.delivery_date, dm.code, dl.line_no`;
  }

  /** The principal and canteen manager accounts of the schools, for a recall's phone list. */
  findSchoolContacts(scope: Scope, schoolIds: string[]): Promise<ContactRow[]> {
    return this.prisma.user.findMany({
      where: { orgUnitId: { in: schoolIds }, orgUnit: scopeWhere(scope), role: { in: ['principal', 'canteen_manager'] }, disabledAt: null },
      select: { orgUnitId: true, role: true, displayName: true, phone: true },
      orderBy: [{ role: 'desc' }, { displayName: 'asc' }],
    });
  }

  /** Everything the rows name by id; suppliers' licence files come in a second step, once the suppliers are known. */
  async references(scope: Scope, ids: ReferenceIds): Promise<TraceReferences> {
    const [ingredients, farmBases, inspectors, orders, suppliers, corrections] = await Promise.all([
      this.prisma.ingredient.findMany({ where: { id: { in: ids.ingredientIds } }, select: { id: true, code: true, name: true, category: true, unit: true } }),
      this.prisma.farmBase.findMany({ where: { id: { in: ids.farmBaseIds } }, select: { id: true, name: true, region: true, address: true } }),
      // Inspectors are accounts of the canteen's school, so inside any scope that holds the canteen.
      this.prisma.user.findMany({ where: { id: { in: ids.inspectorIds }, orgUnit: scopeWhere(scope) }, select: { id: true, displayName: true } }),
      this.prisma.purchaseOrder.findMany({ where: { id: { in: ids.orderIds } }, select: { id: true, code: true } }),
      this.prisma.supplier.findMany({ where: { id: { in: ids.supplierIds } }, select: SUPPLIER_SELECT }),
      this.prisma.deliveryCorrection.findMany({
        where: { deliveryLineId: { in: ids.lineIds } },
        select: { deliveryLineId: true, field: true, oldValue: true, newValue: true, reason: true, createdAt: true },
        orderBy: { createdAt: 'asc' },
      }),
    ]);
    const fileIds = [...ids.fileIds, ...suppliers.flatMap((s) => s.documents.map((d) => d.fileId))];
    const files = await this.prisma.storedFile.findMany({ where: { id: { in: fileIds } }, select: { id: true, originalName: true, contentType: true } });
    const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
    return {
      ingredients: byId(ingredients),
      farmBases: byId(farmBases),
      files: byId(files),
      inspectors: byId(inspectors),
      orderCodes: new Map(orders.map((order) => [order.id, order.code])),
      suppliers: byId(suppliers),
      corrections: corrections.reduce((byLine, c) => byLine.set(c.deliveryLineId ?? '', [...(byLine.get(c.deliveryLineId ?? '') ?? []), c]), new Map<string, CorrectionRow[]>()),
    };
  }
}
