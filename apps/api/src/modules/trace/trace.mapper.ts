import {
  MEALS,
  type Meal,
  type MovementKind,
  NO_SHELF_LIFE_EXPIRY,
  type TBackwardTrace,
  type TForwardTrace,
  type TRecall,
  type TRecallCanteen,
  type TTraceCanteen,
  type TTraceDelivery,
  type TTraceFarmBase,
  type TTraceFile,
  type TTraceGraph,
  type TTraceIngredient,
  type TTraceLot,
  type TTraceMeal,
  type TTraceStockMovement,
  type TTraceSupplier,
  type TraceNodeKind,
  weekStartOf,
} from '@canteen/shared';
import type { EntryRow } from '@/modules/menus/plans.repository';
import type { RecordRow } from '@/modules/menus/production.repository';
import type { BackwardRow, CanteenRow, ContactRow, ForwardRow, ReferenceIds, SupplierRow, TraceLineRow, TraceMovementRow, TraceReferences } from './trace.repository';

const day = (date: Date) => date.toISOString().slice(0, 10);
const expiry = (stored: string | null) => (stored === null || stored === NO_SHELF_LIFE_EXPIRY ? null : stored);

// Quantities are Decimal(14,3): summed exactly as integer thousandths.
const toMilli = (quantity: string): bigint => {
  const [whole = '0', fraction = ''] = quantity.replace('-', '').split('.');
  const milli = BigInt(whole) * 1000n + BigInt((fraction + '000').slice(0, 3));
  return quantity.startsWith('-') ? -milli : milli;
};
const fromMilli = (milli: bigint): string => {
  const sign = milli < 0n ? '-' : '';
  const abs = milli < 0n ? -milli : milli;
  return `${sign}${abs / 1000n}.${String(abs % 1000n).padStart(3, '0')}`;
};
export function sumQuantities(quantities: (string | null)[]): string {
  return fromMilli(quantities.reduce((sum, q) => sum + (q === null ? 0n : toMilli(q)), 0n));
}

/** The one unit of the lines, or null when they disagree (then the sums are not comparable). */
function commonUnit(units: string[]): string | null {
  const distinct = new Set(units);
  return distinct.size === 1 ? units[0]! : null;
}

export function referenceIds(rows: TraceLineRow[], supplierIds: string[] = []): ReferenceIds {
  const unique = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];
  return {
    ingredientIds: unique(rows.map((r) => r.ingredient_id)),
    farmBaseIds: unique(rows.map((r) => r.farm_base_id)),
    fileIds: unique(rows.flatMap((r) => [...(r.certificate_ids ?? []), ...(r.photo_ids ?? [])])),
    inspectorIds: unique(rows.flatMap((r) => r.inspector_ids ?? [])),
    orderIds: unique(rows.map((r) => r.purchase_order_id)),
    supplierIds: unique([...rows.map((r) => r.supplier_id), ...supplierIds]),
    lineIds: unique(rows.map((r) => r.line_id)),
  };
}

function toFile(refs: TraceReferences, id: string): TTraceFile | null {
  const file = refs.files.get(id);
  return file ? { id: file.id, name: file.originalName, contentType: file.contentType } : null;
}
const toFiles = (refs: TraceReferences, ids: string[] | null) => (ids ?? []).flatMap((id) => toFile(refs, id) ?? []);

export function toSupplier(row: SupplierRow, refs: TraceReferences, onDay: string): TTraceSupplier {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.creditCode,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    blacklisted: row.blacklistedAt !== null,
    blacklistReason: row.blacklistReason,
    documents: row.documents.map((doc) => {
      const expiresOn = doc.expiresOn ? day(doc.expiresOn) : null;
      return { id: doc.id, kind: doc.kind, number: doc.number, expiresOn, valid: expiresOn === null || expiresOn >= onDay, file: toFile(refs, doc.fileId) };
    }),
  };
}

function toIngredient(refs: TraceReferences, row: TraceLineRow): TTraceIngredient {
  return refs.ingredients.get(row.ingredient_id) ?? { id: row.ingredient_id, code: '', name: '（未知食材）', category: '', unit: row.unit };
}

function toFarmBase(refs: TraceReferences, row: TraceLineRow): TTraceFarmBase | null {
  return (row.farm_base_id && refs.farmBases.get(row.farm_base_id)) || null;
}

function toDelivery(row: TraceLineRow, refs: TraceReferences): TTraceDelivery {
  return {
    manifestId: row.manifest_id,
    manifestCode: row.manifest_code,
    purchaseOrderCode: row.purchase_order_id ? (refs.orderCodes.get(row.purchase_order_id) ?? null) : null,
    deliveryDate: row.delivery_date,
    status: row.status,
    source: row.source,
    lineId: row.line_id,
    lineNo: row.line_no,
    lotCode: row.lot_code,
    quantity: row.quantity,
    unit: row.unit,
    unitPriceFen: row.unit_price_fen,
    productionDate: row.production_date,
    expiryDate: expiry(row.expiry_date),
    certificates: toFiles(refs, row.certificate_ids),
    corrections: (refs.corrections.get(row.line_id) ?? []).map((c) => ({ field: c.field, oldValue: c.oldValue, newValue: c.newValue, reason: c.reason, createdAt: c.createdAt.toISOString() })),
    acceptance:
      row.acceptance_id && row.accepted_at && row.decision !== null
        ? {
            id: row.acceptance_id,
            acceptedAt: row.accepted_at.toISOString(),
            inspectors: (row.inspector_ids ?? []).map((id) => refs.inspectors.get(id) ?? { id, displayName: '—' }),
            decision: row.decision,
            acceptedQuantity: row.accepted_quantity ?? '0.000',
            temperatureC: row.temperature_c,
            reason: row.reason,
            photos: toFiles(refs, row.photo_ids),
          }
        : null,
  };
}

function toBatch(row: TraceLineRow) {
  if (!row.batch_id || !row.batch_quantity || !row.received_at) return null;
  return {
    id: row.batch_id,
    quantityInStock: row.batch_quantity,
    booked: row.batch_booked ?? false,
    unit: row.batch_unit ?? row.unit,
    receivedAt: row.received_at.toISOString(),
    expiryDate: expiry(row.batch_expiry_date),
  };
}

function toMovement(row: TraceMovementRow): TTraceStockMovement {
  return {
    id: row.id,
    seq: row.seq,
    batchId: row.batch_id,
    kind: row.kind as MovementKind,
    occurredOn: row.occurred_on,
    meal: row.meal as Meal | null,
    quantity: row.quantity,
    unit: row.unit,
    reason: row.reason,
    reversesId: row.reverses_id,
  };
}

/** A meal the batches were issued to, before its menu is known. */
export interface IssuedMeal {
  day: string;
  meal: Meal;
  batchIds: string[];
}

/** The meals that stock-outs of these movements went to; a stock-out that was reversed fed none. */
export function issuedMeals(movements: TraceMovementRow[]): IssuedMeal[] {
  const meals = new Map<string, IssuedMeal>();
  for (const m of movements) {
    if (m.kind !== 'stock_out' || m.meal === null || m.reversed) continue;
    const key = `${m.occurred_on}/${m.meal}`;
    const meal = meals.get(key) ?? { day: m.occurred_on, meal: m.meal as Meal, batchIds: [] };
    if (!meal.batchIds.includes(m.batch_id)) meal.batchIds.push(m.batch_id);
    meals.set(key, meal);
  }
  return [...meals.values()].sort((a, b) => a.day.localeCompare(b.day) || MEALS.indexOf(a.meal) - MEALS.indexOf(b.meal));
}

/** An issued meal with the plan version that says what was on it, and its served headcount. */
export interface PlannedMeal extends IssuedMeal {
  versionId: string | null;
  servedTotal: number | null;
}

/**
 * Which plan version tells each issued meal's dishes: the one its production record names (what
 * was served), else the week's published plan; the headcount comes from the record alone.
 */
export function planMeals(
  issued: IssuedMeal[],
  records: Pick<RecordRow, 'day' | 'meal' | 'planVersionId' | 'servedTotal'>[],
  published: { id: string; plan: { weekStart: Date } }[],
): PlannedMeal[] {
  return issued.map((meal) => {
    const record = records.find((r) => day(r.day) === meal.day && r.meal === meal.meal);
    const versionId = record?.planVersionId ?? published.find((p) => day(p.plan.weekStart) === weekStartOf(meal.day))?.id ?? null;
    return { ...meal, versionId, servedTotal: record?.servedTotal ?? null };
  });
}

/** Each meal with its dish names, once each, in plan order (entries come by age band, dishes by position). */
export function toTraceMeals(meals: PlannedMeal[], entries: (Pick<EntryRow, 'day' | 'meal' | 'dishes'> & { versionId: string })[]): TTraceMeal[] {
  const names = new Map<string, string[]>();
  for (const e of entries) {
    const key = `${e.versionId}/${day(e.day)}/${e.meal}`;
    names.set(key, [...(names.get(key) ?? []), ...e.dishes.map((d) => d.dishVersion.name)]);
  }
  return meals.map(({ day: mealDay, meal, batchIds, versionId, servedTotal }) => ({
    day: mealDay,
    meal,
    dishes: [...new Set(names.get(`${versionId}/${mealDay}/${meal}`) ?? [])],
    servedTotal,
    batchIds,
  }));
}

/** Builds the chain farm base → supplier → delivery → batch → canteen, each node once. */
class GraphBuilder {
  private readonly nodes = new Map<string, TTraceGraph['nodes'][number]>();
  private readonly edges = new Map<string, TTraceGraph['edges'][number]>();

  node(kind: TraceNodeKind, refId: string, label: string, detail: string | null = null): string {
    const id = `${kind}:${refId}`;
    if (!this.nodes.has(id)) this.nodes.set(id, { id, kind, refId, label, detail });
    return id;
  }

  edge(from: string, to: string): void {
    this.edges.set(`${from}>${to}`, { from, to });
  }

  /** One delivery line's path; a line that made no batch (pending, rejected) goes straight to the canteen. */
  chain(canteen: TTraceCanteen, supplier: { id: string; name: string; creditCode: string }, farmBase: TTraceFarmBase | null, delivery: TTraceDelivery, batch: { id: string; quantityInStock: string; unit: string } | null, ingredient: TTraceIngredient): void {
    const supplierNode = this.node('supplier', supplier.id, supplier.name, supplier.creditCode);
    if (farmBase) this.edge(this.node('farm_base', farmBase.id, farmBase.name, farmBase.region), supplierNode);
    const deliveryNode = this.node('delivery', delivery.manifestId, delivery.manifestCode, delivery.deliveryDate);
    this.edge(supplierNode, deliveryNode);
    const canteenNode = this.node('canteen', canteen.id, `${canteen.school.name} ${canteen.name}`, canteen.county.name);
    if (batch) {
      const batchNode = this.node('batch', batch.id, `${ingredient.name} ${delivery.lotCode}`, `${batch.quantityInStock} ${batch.unit}`);
      this.edge(deliveryNode, batchNode);
      this.edge(batchNode, canteenNode);
    } else {
      this.edge(deliveryNode, canteenNode);
    }
  }

  build(): TTraceGraph {
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }
}

export function toTraceCanteen(row: CanteenRow): TTraceCanteen {
  const school = row.parent;
  const county = school?.parent;
  return { id: row.id, name: row.name, school: { id: school?.id ?? '', name: school?.name ?? '' }, county: { id: county?.id ?? '', name: county?.name ?? '' } };
}

export function toBackwardTrace(canteenRow: CanteenRow, date: string, rows: BackwardRow[], refs: TraceReferences, movements: TraceMovementRow[], meals: TTraceMeal[]): TBackwardTrace {
  const canteen = toTraceCanteen(canteenRow);
  const graph = new GraphBuilder();
  const traceRows = rows.map((row) => {
    const delivery = toDelivery(row, refs);
    const batch = toBatch(row)!;
    const ingredient = toIngredient(refs, row);
    const farmBase = toFarmBase(refs, row);
    const supplier = refs.suppliers.get(row.supplier_id);
    graph.chain(canteen, supplier ?? { id: row.supplier_id, name: '—', creditCode: '' }, farmBase, delivery, batch, ingredient);
    return {
      relation: row.received_that_day ? ('received' as const) : ('on_hand' as const),
      batch,
      ingredient,
      delivery,
      supplierId: row.supplier_id,
      farmBase,
      stockMovements: movements.filter((m) => m.batch_id === row.batch_id).map(toMovement),
    };
  });
  const suppliers = [...new Set(rows.map((r) => r.supplier_id))].flatMap((id) => {
    const supplier = refs.suppliers.get(id);
    return supplier ? [toSupplier(supplier, refs, date)] : [];
  });
  return { canteen, date, rows: traceRows, suppliers, meals, graph: graph.build() };
}

function forwardCanteen(row: ForwardRow): TTraceCanteen {
  return { id: row.canteen_id, name: row.canteen_name, school: { id: row.school_id, name: row.school_name }, county: { id: row.county_id, name: row.county_name } };
}

/** Rows by key, in the order each key first appears. */
export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

const groupByCanteen = (rows: ForwardRow[]): ForwardRow[][] => [...groupBy(rows, (row) => row.canteen_id).values()];

function quantitiesOf(rows: TraceLineRow[]) {
  return {
    delivered: sumQuantities(rows.map((r) => r.quantity)),
    accepted: sumQuantities(rows.map((r) => (r.acceptance_id ? r.accepted_quantity : null))),
    inStock: sumQuantities(rows.map((r) => r.batch_quantity)),
    unit: commonUnit(rows.map((r) => r.unit)),
  };
}

export function toTraceLot(supplier: SupplierRow, lotCode: string, rows: TraceLineRow[], refs: TraceReferences, today: string): TTraceLot {
  const farmBases = new Map<string, TTraceFarmBase>();
  for (const row of rows) {
    const farmBase = toFarmBase(refs, row);
    if (farmBase) farmBases.set(farmBase.id, farmBase);
  }
  return {
    lotCode,
    supplier: toSupplier(supplier, refs, today),
    ingredient: rows[0] ? toIngredient(refs, rows[0]) : null,
    farmBases: [...farmBases.values()],
  };
}

export function toForwardTrace(
  supplier: SupplierRow,
  lotCode: string,
  rows: ForwardRow[],
  refs: TraceReferences,
  today: string,
  movements: TraceMovementRow[],
  mealsByCanteen: Map<string, TTraceMeal[]>,
): TForwardTrace {
  const lot = toTraceLot(supplier, lotCode, rows, refs, today);
  const graph = new GraphBuilder();
  const canteens = groupByCanteen(rows).map((group) => {
    const canteen = forwardCanteen(group[0]!);
    const deliveries = group.map((row) => {
      const delivery = toDelivery(row, refs);
      const batch = toBatch(row);
      const farmBase = toFarmBase(refs, row);
      graph.chain(canteen, supplier, farmBase, delivery, batch, toIngredient(refs, row));
      return { ...delivery, batch, farmBase };
    });
    const dates = group.map((r) => r.delivery_date).sort();
    return {
      canteen,
      ...quantitiesOf(group),
      firstDeliveryDate: dates[0]!,
      lastDeliveryDate: dates[dates.length - 1]!,
      deliveries,
      stockMovements: movements.filter((m) => m.canteen_id === canteen.id).map(toMovement),
      meals: mealsByCanteen.get(canteen.id) ?? [],
      retainedSamples: [],
    };
  });
  return { lot, totals: { canteens: canteens.length, deliveries: rows.length, ...quantitiesOf(rows) }, canteens, graph: graph.build() };
}

export function toRecall(supplier: SupplierRow, lotCode: string, rows: ForwardRow[], contacts: ContactRow[], refs: TraceReferences, today: string): TRecall {
  const canteens: TRecallCanteen[] = groupByCanteen(rows).map((group) => {
    const row = group[0]!;
    return {
      canteen: { id: row.canteen_id, name: row.canteen_name, contactName: row.canteen_contact_name, contactPhone: row.canteen_contact_phone },
      school: { id: row.school_id, name: row.school_name, address: row.school_address, contactName: row.school_contact_name, contactPhone: row.school_contact_phone },
      county: { id: row.county_id, name: row.county_name },
      contacts: contacts.filter((c) => c.orgUnitId === row.school_id).map((c) => ({ role: c.role, displayName: c.displayName, phone: c.phone })),
      ...quantitiesOf(group),
      lastDeliveryDate: group.map((r) => r.delivery_date).sort().at(-1)!,
    };
  });
  // Canteens that still hold some of the lot come first: they are the calls to make.
  canteens.sort((a, b) => Number(toMilli(b.inStock) > 0n) - Number(toMilli(a.inStock) > 0n));
  return {
    lot: toTraceLot(supplier, lotCode, rows, refs, today),
    totals: {
      canteens: canteens.length,
      canteensWithStock: canteens.filter((c) => toMilli(c.inStock) > 0n).length,
      inStock: sumQuantities(rows.map((r) => r.batch_quantity)),
      unit: commonUnit(rows.map((r) => r.unit)),
    },
    canteens,
  };
}
