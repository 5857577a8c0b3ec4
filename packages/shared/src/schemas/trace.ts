// Contracts of the trace module (backward and forward traces, recall).
import { z } from 'zod';
import { bilingual } from '../bilingual';
import { ZDay, ZId } from './common';
import { MEALS, MOVEMENT_KINDS } from './ledger';

const traceLotCode = z
  .string()
  .trim()
  .min(1, bilingual('请填写批次号', 'Give the lot code'))
  .max(64, bilingual('批次号不能超过 64 个字符', 'A lot code is at most 64 characters'));

/** Backward: what a canteen received, or had in stock, on a day. */
export const ZBackwardTraceQuery = z.object({
  canteenId: ZId,
  // PostgreSQL has no year 0, which a calendar check alone lets through.
  date: ZDay,
});
export type TBackwardTraceQuery = z.infer<typeof ZBackwardTraceQuery>;

/**
 * Forward and recall: one supplier lot (lot codes are unique per supplier). Lines whose lot code
 * was corrected to this code count too; their corrections are listed with them.
 */
export const ZLotTraceQuery = z.object({ supplierId: ZId, lotCode: traceLotCode });
export type TLotTraceQuery = z.infer<typeof ZLotTraceQuery>;

/** Decimal quantities travel as strings ("12.500"), always beside their unit. */
const quantity = z.string();

export const ZTraceFile = z.object({ id: z.string(), name: z.string(), contentType: z.string() });
export type TTraceFile = z.infer<typeof ZTraceFile>;

export const ZTraceIngredient = z.object({ id: z.string(), code: z.string(), name: z.string(), category: z.string(), unit: z.string() });
export type TTraceIngredient = z.infer<typeof ZTraceIngredient>;

export const ZTraceSupplierDocument = z.object({
  id: z.string(),
  kind: z.string(),
  number: z.string(),
  expiresOn: z.string().nullable(),
  /** Valid on the trace's day (backward) or today (forward, recall). */
  valid: z.boolean(),
  file: ZTraceFile.nullable(),
});

export const ZTraceSupplier = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  blacklisted: z.boolean(),
  blacklistReason: z.string().nullable(),
  documents: z.array(ZTraceSupplierDocument),
});
export type TTraceSupplier = z.infer<typeof ZTraceSupplier>;

export const ZTraceFarmBase = z.object({ id: z.string(), name: z.string(), region: z.string(), address: z.string().nullable() });
export type TTraceFarmBase = z.infer<typeof ZTraceFarmBase>;

export const ZTraceCanteen = z.object({
  id: z.string(),
  name: z.string(),
  school: z.object({ id: z.string(), name: z.string() }),
  county: z.object({ id: z.string(), name: z.string() }),
});
export type TTraceCanteen = z.infer<typeof ZTraceCanteen>;

export const ZTraceAcceptance = z.object({
  id: z.string(),
  acceptedAt: z.string(),
  inspectors: z.array(z.object({ id: z.string(), displayName: z.string() })),
  decision: z.string(),
  acceptedQuantity: quantity,
  temperatureC: z.number().nullable(),
  reason: z.string().nullable(),
  photos: z.array(ZTraceFile),
});

export const ZTraceBatch = z.object({
  id: z.string(),
  /** What is in the store now: the ledger's balance, or the accepted quantity while the batch is not booked in. */
  quantityInStock: quantity,
  /** Booked into the inventory ledger (入库). */
  booked: z.boolean(),
  unit: z.string(),
  receivedAt: z.string(),
  /** null: the product carries no shelf life. */
  expiryDate: z.string().nullable(),
});

/** A reasoned correction of a checked delivery line; the line itself stays as recorded. */
export const ZTraceCorrection = z.object({ field: z.string(), oldValue: z.string().nullable(), newValue: z.string(), reason: z.string(), createdAt: z.string() });

/** One delivery line of the lot or batch: a movement from the supplier into a canteen. */
export const ZTraceDelivery = z.object({
  manifestId: z.string(),
  manifestCode: z.string(),
  purchaseOrderCode: z.string().nullable(),
  deliveryDate: z.string(),
  status: z.string(),
  source: z.string(),
  lineId: z.string(),
  lineNo: z.number().int(),
  lotCode: z.string(),
  quantity,
  unit: z.string(),
  unitPriceFen: z.number().int(),
  productionDate: z.string(),
  /** null: the product carries no shelf life. */
  expiryDate: z.string().nullable(),
  certificates: z.array(ZTraceFile),
  acceptance: ZTraceAcceptance.nullable(),
  corrections: z.array(ZTraceCorrection),
});
export type TTraceDelivery = z.infer<typeof ZTraceDelivery>;

/** One ledger movement of a traced batch, as the ledger stores it. */
export const ZTraceStockMovement = z.object({
  id: z.string(),
  /** Position in the canteen's hash chain. */
  seq: z.number().int(),
  batchId: z.string(),
  kind: z.enum(MOVEMENT_KINDS),
  occurredOn: z.string(),
  meal: z.enum(MEALS).nullable(),
  /** Signed: + into stock, − out of it. */
  quantity,
  unit: z.string(),
  reason: z.string().nullable(),
  reversesId: z.string().nullable(),
});
export type TTraceStockMovement = z.infer<typeof ZTraceStockMovement>;

/** A meal the traced batches were issued to (stock-outs not reversed), with what was served. */
export const ZTraceMeal = z.object({
  day: z.string(),
  meal: z.enum(MEALS),
  /** Dish names as served (the production record's plan), else as the published plan had them. */
  dishes: z.array(z.string()),
  /** From the production record; null when none was kept. */
  servedTotal: z.number().int().nullable(),
  /** The batches of this trace that were issued to it. */
  batchIds: z.array(z.string()),
});
export type TTraceMeal = z.infer<typeof ZTraceMeal>;

// Filled once a retained-sample (留样) capability exists; present now so clients need not change then.
export const ZTraceRetainedSample = z.object({ id: z.string(), dish: z.string(), takenAt: z.string(), weightGrams: z.number().nullable() });

export const TRACE_NODE_KINDS = ['farm_base', 'supplier', 'delivery', 'batch', 'canteen'] as const;
export type TraceNodeKind = (typeof TRACE_NODE_KINDS)[number];

/** The chain as a graph (farm base → supplier → delivery → batch → canteen), for drawing. */
export const ZTraceGraph = z.object({
  nodes: z.array(z.object({ id: z.string(), kind: z.enum(TRACE_NODE_KINDS), refId: z.string(), label: z.string(), detail: z.string().nullable() })),
  edges: z.array(z.object({ from: z.string(), to: z.string() })),
});
export type TTraceGraph = z.infer<typeof ZTraceGraph>;

export const BACKWARD_RELATIONS = ['received', 'on_hand'] as const;

export const ZBackwardTraceRow = z.object({
  /** received: accepted at the canteen that day; on_hand: received earlier, not expired that day and not used up before it. */
  relation: z.enum(BACKWARD_RELATIONS),
  batch: ZTraceBatch,
  ingredient: ZTraceIngredient,
  delivery: ZTraceDelivery,
  supplierId: z.string(),
  farmBase: ZTraceFarmBase.nullable(),
  /** The batch's movements dated that day. */
  stockMovements: z.array(ZTraceStockMovement),
});
export type TBackwardTraceRow = z.infer<typeof ZBackwardTraceRow>;

export const ZBackwardTrace = z.object({
  canteen: ZTraceCanteen,
  date: z.string(),
  rows: z.array(ZBackwardTraceRow),
  suppliers: z.array(ZTraceSupplier),
  /** The day's meals the listed batches were issued to. */
  meals: z.array(ZTraceMeal),
  graph: ZTraceGraph,
});
export type TBackwardTrace = z.infer<typeof ZBackwardTrace>;

export const ZTraceLot = z.object({
  lotCode: z.string(),
  supplier: ZTraceSupplier,
  /** From the deliveries in the actor's scope; null when none of them reached it. */
  ingredient: ZTraceIngredient.nullable(),
  farmBases: z.array(ZTraceFarmBase),
});
export type TTraceLot = z.infer<typeof ZTraceLot>;

/** inStock sums the batches' `quantityInStock`. */
const quantities = { delivered: quantity, accepted: quantity, inStock: quantity, unit: z.string().nullable() };

export const ZForwardTraceCanteen = z.object({
  canteen: ZTraceCanteen,
  ...quantities,
  firstDeliveryDate: z.string(),
  lastDeliveryDate: z.string(),
  deliveries: z.array(ZTraceDelivery.extend({ batch: ZTraceBatch.nullable(), farmBase: ZTraceFarmBase.nullable() })),
  /** Every movement of the lot's batches at the canteen, in chain order. */
  stockMovements: z.array(ZTraceStockMovement),
  meals: z.array(ZTraceMeal),
  retainedSamples: z.array(ZTraceRetainedSample),
});

export const ZForwardTrace = z.object({
  lot: ZTraceLot,
  totals: z.object({ canteens: z.number().int(), deliveries: z.number().int(), ...quantities }),
  canteens: z.array(ZForwardTraceCanteen),
  graph: ZTraceGraph,
});
export type TForwardTrace = z.infer<typeof ZForwardTrace>;

export const ZRecallContact = z.object({ role: z.string(), displayName: z.string(), phone: z.string().nullable() });

export const ZRecallCanteen = z.object({
  canteen: z.object({ id: z.string(), name: z.string(), contactName: z.string().nullable(), contactPhone: z.string().nullable() }),
  school: z.object({ id: z.string(), name: z.string(), address: z.string().nullable(), contactName: z.string().nullable(), contactPhone: z.string().nullable() }),
  county: z.object({ id: z.string(), name: z.string() }),
  /** The school's principal and canteen manager accounts. */
  contacts: z.array(ZRecallContact),
  ...quantities,
  lastDeliveryDate: z.string(),
});
export type TRecallCanteen = z.infer<typeof ZRecallCanteen>;

export const ZRecall = z.object({
  lot: ZTraceLot,
  totals: z.object({ canteens: z.number().int(), canteensWithStock: z.number().int(), inStock: quantity, unit: z.string().nullable() }),
  canteens: z.array(ZRecallCanteen),
});
export type TRecall = z.infer<typeof ZRecall>;
