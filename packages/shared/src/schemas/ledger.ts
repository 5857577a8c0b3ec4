// Contracts of the inventory ledger (出入库台账): movements, balances, stocktakes, costs, integrity.
import { z } from 'zod';
import { bilingual } from '../bilingual';
import { FOOD_GROUPS } from '../food';
import { ZDay, ZId, ZPageQuery, ZReason } from './common';
import { ZLotCode, ZPriceFen, zQuantity } from './deliveries';

// ─── Rules with numbers (defaults kept in one place) ───

export const MOVEMENT_KINDS = ['stock_in', 'stock_out', 'return', 'write_off', 'adjustment', 'reversal'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const MEALS = ['breakfast', 'lunch', 'dinner'] as const;
export type Meal = (typeof MEALS)[number];

/** A batch is "near expiry" this many days before its expiry date (shown amber, and flagged in events). */
export const NEAR_EXPIRY_DAYS = 3;

/**
 * The stocktake sheet highlights a line whose variance exceeds this share of its book quantity: the
 * default threshold of the warnings rule, which a county may tighten (the rule judges every variance).
 */
export const STOCKTAKE_VARIANCE_SHARE = 0.05;

/** Movements are dated at most this many days back (late entry), and never in the future or in a sealed day. */
export const MOVEMENT_DAYS_BACK = 7;

export const STOCK_OUT_MAX_LINES = 100;

/** Reports and costs cover at most this many days at once. */
export const LEDGER_PERIOD_MAX_DAYS = 366;

/** Days from `from` to `to`, both included. */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The hash before a chain's first movement. */
export const GENESIS_HASH = '0'.repeat(64);

// ─── Requests ───

/** 入库: book accepted batches into the store (their accepted quantity, once each). */
export const ZStockIn = z.object({
  batchIds: z
    .array(ZId)
    .min(1, bilingual('请选择要入库的批次', 'Choose the batches to book in'))
    .max(500, bilingual('一次最多入库 500 个批次', 'At most 500 batches at once')),
  occurredOn: ZDay,
});
export type TStockIn = z.infer<typeof ZStockIn>;

/** A stock-in without a delivery (e.g. an emergency purchase at the market); the reason is required and flagged. */
export const ZManualStockIn = z.object({
  canteenId: ZId,
  ingredientId: ZId,
  supplierId: ZId.optional(),
  lotCode: ZLotCode.optional(),
  quantity: zQuantity(false),
  unitPriceFen: ZPriceFen,
  productionDate: ZDay,
  /** Null: the product carries no shelf life. */
  expiryDate: ZDay.nullable(),
  occurredOn: ZDay,
  reason: ZReason,
});
export type TManualStockIn = z.infer<typeof ZManualStockIn>;

/** 出库: issue ingredients to the kitchen for one meal. Each line is taken FIFO by expiry unless a batch is picked with a reason. */
export const ZStockOut = z.object({
  canteenId: ZId,
  occurredOn: ZDay,
  meal: z.enum(MEALS, { error: bilingual('请选择餐次', 'Choose the meal') }),
  lines: z
    .array(
      z
        .object({
          ingredientId: ZId,
          quantity: zQuantity(false),
          batchId: ZId.optional(),
          batchReason: ZReason.optional(),
        })
        .refine((line) => !line.batchId || line.batchReason, {
          message: bilingual('指定批次出库须说明原因（默认按先到期先出）', 'Picking a batch needs a reason (the default is first-expiry-first-out)'),
          path: ['batchReason'],
        }),
    )
    .min(1, bilingual('出库单至少要有一行', 'A stock-out needs at least one line'))
    .max(STOCK_OUT_MAX_LINES, bilingual(`出库单最多 ${STOCK_OUT_MAX_LINES} 行`, `At most ${STOCK_OUT_MAX_LINES} lines`)),
});
export type TStockOut = z.infer<typeof ZStockOut>;

/** 退货: part or all of a batch back to its supplier. */
export const ZReturnToSupplier = z.object({
  batchId: ZId,
  quantity: zQuantity(false),
  occurredOn: ZDay,
  reason: ZReason,
});
export type TReturnToSupplier = z.infer<typeof ZReturnToSupplier>;

/** 报损: spoiled or wasted stock, with a reason and a photo (uploaded first to /api/ledger/photos). */
export const ZWriteOff = ZReturnToSupplier.extend({
  photoFileId: ZId,
});
export type TWriteOff = z.infer<typeof ZWriteOff>;

/** 冲正: a mistake is corrected by a movement that undoes another one, with the reason. */
export const ZReverseMovement = z.object({ reason: ZReason, occurredOn: ZDay });
export type TReverseMovement = z.infer<typeof ZReverseMovement>;

export const ZCreateStocktake = z.object({
  canteenId: ZId,
  countedOn: ZDay,
  note: z.string().trim().max(500).optional(),
});
export type TCreateStocktake = z.infer<typeof ZCreateStocktake>;

export const ZCountStocktake = z.object({
  lines: z
    .array(
      z.object({
        lineId: ZId,
        countedQuantity: zQuantity(true),
        reason: ZReason.optional(),
      }),
    )
    .min(1)
    .max(2000),
});
export type TCountStocktake = z.infer<typeof ZCountStocktake>;

export const ZMovementQuery = ZPageQuery.extend({
  canteenId: ZId.optional(),
  ingredientId: ZId.optional(),
  batchId: ZId.optional(),
  kind: z.enum(MOVEMENT_KINDS).optional(),
  meal: z.enum(MEALS).optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
});
export type TMovementQuery = z.infer<typeof ZMovementQuery>;

export const ZBalanceQuery = z.object({
  canteenId: ZId,
  ingredientId: ZId.optional(),
  /** Include emptied batches. */
  all: z.enum(['true', 'false']).optional(),
});
export type TBalanceQuery = z.infer<typeof ZBalanceQuery>;

/** Batches waiting to be booked in: of one canteen, or of every canteen in the caller's scope. */
export const ZPendingStockInQuery = z.object({ canteenId: ZId.optional() });
export type TPendingStockInQuery = z.infer<typeof ZPendingStockInQuery>;

/** A period of days, both ends included, of at most LEDGER_PERIOD_MAX_DAYS (a year, leap day included). */
export const ZPeriodQuery = z
  .object({ canteenId: ZId, from: ZDay, to: ZDay })
  .refine((q) => q.from <= q.to, { message: bilingual('开始日期不能晚于结束日期', 'The start cannot be after the end'), path: ['to'] })
  .refine((q) => q.from > q.to || periodDays(q.from, q.to) <= LEDGER_PERIOD_MAX_DAYS, {
    message: bilingual(`查询期间最长 ${LEDGER_PERIOD_MAX_DAYS} 天`, `A period spans at most ${LEDGER_PERIOD_MAX_DAYS} days`),
    path: ['to'],
  });
export type TPeriodQuery = z.infer<typeof ZPeriodQuery>;

export const ZVerifyQuery = z.object({
  /** A canteen or any unit above it inside the actor's scope; the actor's own unit by default. */
  orgUnitId: ZId.optional(),
});
export type TVerifyQuery = z.infer<typeof ZVerifyQuery>;

// ─── Responses ───

const ref = z.object({ id: z.string(), name: z.string() });

export const ZStockMovement = z.object({
  id: z.string(),
  seq: z.number().int(),
  kind: z.enum(MOVEMENT_KINDS),
  canteen: ref,
  ingredient: z.object({ id: z.string(), code: z.string(), name: z.string(), category: z.enum(FOOD_GROUPS) }),
  batch: z.object({ id: z.string(), lotCode: z.string(), expiryDate: z.string().nullable(), supplier: ref.nullable() }),
  /** Signed, as a decimal string: + into stock, − out of it. */
  quantity: z.string(),
  unit: z.string(),
  unitPriceFen: z.number().int(),
  costFen: z.number().int(),
  occurredOn: z.string(),
  meal: z.enum(MEALS).nullable(),
  reason: z.string().nullable(),
  /** The movement this one reverses, and the one that reversed this one. */
  reversesId: z.string().nullable(),
  reversedById: z.string().nullable(),
  stocktakeId: z.string().nullable(),
  groupId: z.string(),
  photoFileId: z.string().nullable(),
  createdBy: ref,
  createdAt: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export type TStockMovement = z.infer<typeof ZStockMovement>;

export const BATCH_EXPIRY_STATES = ['ok', 'near_expiry', 'expired', 'no_shelf_life'] as const;
export type BatchExpiryState = (typeof BATCH_EXPIRY_STATES)[number];

export const ZBatchBalance = z.object({
  batchId: z.string(),
  lotCode: z.string(),
  ingredient: z.object({ id: z.string(), code: z.string(), name: z.string(), category: z.enum(FOOD_GROUPS) }),
  supplier: ref.nullable(),
  /** Null for a stock-in booked without a delivery. */
  deliveryLineId: z.string().nullable(),
  quantity: z.string(),
  unit: z.string(),
  unitPriceFen: z.number().int(),
  valueFen: z.number().int(),
  productionDate: z.string(),
  expiryDate: z.string().nullable(),
  daysToExpiry: z.number().int().nullable(),
  expiryState: z.enum(BATCH_EXPIRY_STATES),
  receivedAt: z.string(),
});
export type TBatchBalance = z.infer<typeof ZBatchBalance>;

export const ZIngredientBalance = z.object({
  ingredient: z.object({ id: z.string(), code: z.string(), name: z.string(), category: z.enum(FOOD_GROUPS) }),
  quantity: z.string(),
  unit: z.string(),
  valueFen: z.number().int(),
  batches: z.array(ZBatchBalance),
});
export type TIngredientBalance = z.infer<typeof ZIngredientBalance>;

/** Accepted batches not yet booked into the store (待入库). */
export const ZPendingStockIn = z.object({
  manifest: z.object({ id: z.string(), code: z.string(), deliveryDate: z.string(), supplier: ref }),
  batches: z.array(ZBatchBalance.omit({ valueFen: true })),
});
export type TPendingStockIn = z.infer<typeof ZPendingStockIn>;

export const STOCKTAKE_STATUSES = ['open', 'posted', 'cancelled'] as const;
export type StocktakeStatus = (typeof STOCKTAKE_STATUSES)[number];

export const ZStocktakeQuery = ZPageQuery.extend({
  canteenId: ZId.optional(),
  status: z.enum(STOCKTAKE_STATUSES).optional(),
});
export type TStocktakeQuery = z.infer<typeof ZStocktakeQuery>;

/** Cancelling an open count sheet; nothing is booked. The body may be left out. */
export const ZCancelStocktake = z.object({ reason: ZReason.optional() }).optional();
export type TCancelStocktake = z.infer<typeof ZCancelStocktake>;

export const ZStocktakeLine = z.object({
  id: z.string(),
  batch: z.object({ id: z.string(), lotCode: z.string(), expiryDate: z.string().nullable() }),
  ingredient: z.object({ id: z.string(), name: z.string(), unit: z.string(), unitDecimals: z.number().int() }),
  bookQuantity: z.string(),
  countedQuantity: z.string().nullable(),
  /** counted − book, when counted. */
  variance: z.string().nullable(),
  varianceFen: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type TStocktakeLine = z.infer<typeof ZStocktakeLine>;

export const ZStocktake = z.object({
  id: z.string(),
  canteen: ref,
  countedOn: z.string(),
  status: z.enum(STOCKTAKE_STATUSES),
  note: z.string().nullable(),
  createdBy: ref,
  createdAt: z.string(),
  postedBy: ref.nullable(),
  postedAt: z.string().nullable(),
  lines: z.array(ZStocktakeLine),
});
export type TStocktake = z.infer<typeof ZStocktake>;

const ZQuantityValue = z.object({ quantity: z.string(), valueFen: z.number().int() });

/**
 * 台账: per ingredient, opening + movements by kind = closing, for a period. Quantities and values
 * are signed as in the ledger: stock-outs, returns and write-offs are negative.
 */
export const ZLedgerReport = z.object({
  canteen: ref,
  from: z.string(),
  to: z.string(),
  rows: z.array(
    z.object({
      ingredient: z.object({ id: z.string(), code: z.string(), name: z.string(), category: z.enum(FOOD_GROUPS) }),
      unit: z.string(),
      opening: ZQuantityValue,
      stockIn: ZQuantityValue,
      stockOut: ZQuantityValue,
      returned: ZQuantityValue,
      writtenOff: ZQuantityValue,
      adjusted: ZQuantityValue,
      reversed: ZQuantityValue,
      closing: ZQuantityValue,
    }),
  ),
  totals: z.object({ openingFen: z.number().int(), stockInFen: z.number().int(), stockOutFen: z.number().int(), closingFen: z.number().int() }),
});
export type TLedgerReport = z.infer<typeof ZLedgerReport>;

/** Cost of what was issued to the kitchen per day and meal (reversals counted against the meal they undo). */
export const ZMealCosts = z.object({
  canteen: ref,
  from: z.string(),
  to: z.string(),
  meals: z.array(
    z.object({
      day: z.string(),
      meal: z.enum(MEALS),
      costFen: z.number().int(),
      /** Served headcount when recorded (the menu's production record); null until then. */
      headcount: z.number().int().nullable(),
      perStudentFen: z.number().int().nullable(),
    }),
  ),
  totalFen: z.number().int(),
});
export type TMealCosts = z.infer<typeof ZMealCosts>;

export const CHAIN_PROBLEMS = [
  'sequence_gap',
  'link_broken',
  'hash_mismatch',
  'head_mismatch',
  'checkpoint_mismatch',
  'balance_mismatch',
] as const;
export type ChainProblem = (typeof CHAIN_PROBLEMS)[number];

export const DIGEST_PROBLEMS = [
  'signature_invalid',
  'unknown_key',
  'root_mismatch',
  /** The digest's `previous` is not the hash of the county's prior sealed day. */
  'previous_mismatch',
  'missing_in_database',
  'missing_export',
  'export_differs',
] as const;
export type DigestProblem = (typeof DIGEST_PROBLEMS)[number];

export const ZChainResult = z.object({
  canteen: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  movements: z.number().int(),
  headSeq: z.number().int(),
  checkpoints: z.number().int(),
  ok: z.boolean(),
  /** The first movement where the chain breaks, and how. */
  firstBroken: z
    .object({ seq: z.number().int(), movementId: z.string().nullable(), problem: z.enum(CHAIN_PROBLEMS), detail: z.string() })
    .nullable(),
});
export type TChainResult = z.infer<typeof ZChainResult>;

export const ZDigestResult = z.object({
  county: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  day: z.string(),
  problem: z.enum(DIGEST_PROBLEMS),
  detail: z.string(),
});
export type TDigestResult = z.infer<typeof ZDigestResult>;

export const ZVerification = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  durationMs: z.number().int(),
  chains: z.array(ZChainResult),
  digestsChecked: z.number().int(),
  digestFailures: z.array(ZDigestResult),
});
export type TVerification = z.infer<typeof ZVerification>;

export const ZLedgerDigest = z.object({
  id: z.string(),
  county: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  day: z.string(),
  root: z.string(),
  canteens: z.number().int(),
  keyId: z.string(),
  signature: z.string(),
  payload: z.string(),
  createdAt: z.string(),
});
export type TLedgerDigest = z.infer<typeof ZLedgerDigest>;

export const ZDigestQuery = ZPageQuery.extend({ orgUnitId: ZId.optional(), from: ZDay.optional(), to: ZDay.optional() });
export type TDigestQuery = z.infer<typeof ZDigestQuery>;

/** The key that signs the daily digests, public so that anyone can check an exported digest. */
export const ZLedgerPublicKey = z.object({
  keyId: z.string(),
  /** Base64 of the raw 32-byte Ed25519 public key. */
  publicKey: z.string(),
  algorithm: z.literal('Ed25519'),
});
export type TLedgerPublicKey = z.infer<typeof ZLedgerPublicKey>;

// ─── Events (outbox) ───

/** One movement of a `ledger.movements-booked` event. */
export const ZBookedMovement = z.object({
  movementId: z.string(),
  seq: z.number().int(),
  kind: z.enum(MOVEMENT_KINDS),
  ingredientId: z.string(),
  batchId: z.string(),
  quantity: z.string(),
  unit: z.string(),
  costFen: z.number().int(),
  occurredOn: z.string(),
  meal: z.enum(MEALS).nullable(),
  reason: z.string().nullable(),
  reversesId: z.string().nullable(),
  /** A stock-in of a batch that did not come through an accepted delivery. */
  withoutDelivery: z.boolean(),
  /** Days from the movement's day to the batch's expiry (negative: expired); null without shelf life. */
  daysToExpiry: z.number().int().nullable(),
  /** A stock-out that took a picked batch instead of FIFO order, and why. */
  fifoOverride: z.string().nullable(),
});
export type TBookedMovement = z.infer<typeof ZBookedMovement>;

/**
 * `ledger.movements-booked`: one per booking (a meal's stock-out, a delivery's stock-ins, a
 * stocktake's adjustments, a single return, write-off or reversal), in its transaction, with every
 * movement it appended in chain order. One event per booking rather than per movement: the worker
 * relays and evaluates a 20-line stock-out once, not twenty times.
 */
export const ZMovementsBookedEvent = z.object({
  canteenId: z.string(),
  groupId: z.string(),
  movements: z.array(ZBookedMovement).min(1),
});
export type TMovementsBookedEvent = z.infer<typeof ZMovementsBookedEvent>;

/**
 * `ledger.stocktake-variance`: a posted stocktake with every line whose variance is not zero
 * (against the book quantity, the balance when it was posted); the warnings rule applies its threshold.
 */
export const ZStocktakeVarianceEvent = z.object({
  stocktakeId: z.string(),
  canteenId: z.string(),
  lines: z.array(
    z.object({
      batchId: z.string(),
      ingredientId: z.string(),
      book: z.string(),
      counted: z.string(),
      /** counted − book, signed. */
      variance: z.string(),
      /** |variance| / book; null when the book quantity was 0. */
      share: z.number().nullable(),
      varianceFen: z.number().int(),
    }),
  ),
});
export type TStocktakeVarianceEvent = z.infer<typeof ZStocktakeVarianceEvent>;

/** `ledger.day-sealed`: a county's day sealed into a signed digest (orgPath: the county's). */
export const ZDaySealedEvent = z.object({ countyId: z.string(), day: z.string(), root: z.string() });
export type TDaySealedEvent = z.infer<typeof ZDaySealedEvent>;

/**
 * `ledger.verification-failed`: one per broken chain (orgPath: the canteen's) and per failed digest
 * check (orgPath: the county's), from a verification run by an official or by the daily job.
 */
export const ZVerificationFailedEvent = z.discriminatedUnion('subject', [
  z.object({
    subject: z.literal('chain'),
    checkedAt: z.string(),
    canteenId: z.string(),
    seq: z.number().int(),
    movementId: z.string().nullable(),
    problem: z.enum(CHAIN_PROBLEMS),
    detail: z.string(),
  }),
  z.object({
    subject: z.literal('digest'),
    checkedAt: z.string(),
    countyId: z.string(),
    day: z.string(),
    problem: z.enum(DIGEST_PROBLEMS),
    detail: z.string(),
  }),
]);
export type TVerificationFailedEvent = z.infer<typeof ZVerificationFailedEvent>;
