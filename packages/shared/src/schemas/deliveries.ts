// Contracts of the deliveries module (purchase orders, manifests, acceptance, stock batches).
import { z } from 'zod';
import { bilingual } from '../bilingual';
import { COLD_CHAIN, type ColdChain, FOOD_GROUPS, INGREDIENT_UNITS, type IngredientUnit } from '../food';
import { ZDay, ZId, ZPageQuery, ZReason } from './common';

// ─── Rules with numbers (defaults kept in one place) ───

/**
 * Temperatures accepted at delivery (domain.md, to be confirmed per province): chilled 0–8 °C,
 * frozen at or below −12 °C. A reading outside them is a rejection, or an acceptance with a reason.
 */
export const COLD_CHAIN_LIMITS: Record<Exclude<ColdChain, 'ambient'>, { minC: number | null; maxC: number }> = {
  chilled: { minC: 0, maxC: 8 },
  frozen: { minC: null, maxC: -12 },
};

export function temperatureInRange(coldChain: ColdChain, temperatureC: number): boolean {
  if (coldChain === 'ambient') return true;
  const limits = COLD_CHAIN_LIMITS[coldChain];
  return temperatureC <= limits.maxC && (limits.minC === null || temperatureC >= limits.minC);
}

/** Food Safety Law art. 50: purchase-check records are kept shelf life + 6 months, or 2 years without one. */
export const DELIVERY_RETENTION = { monthsAfterExpiry: 6, yearsWithoutShelfLife: 2 } as const;

/**
 * The expiry stored for a line whose product carries no shelf life (e.g. salt, sugar under
 * GB 7718's exemption); responses show it as null.
 */
export const NO_SHELF_LIFE_EXPIRY = '9999-12-31';

/** A manifest is dated from a week back (late entry) to a month ahead. */
export const DELIVERY_DATE_WINDOW = { daysBack: 7, daysAhead: 30 } as const;
export const MANIFEST_MAX_LINES = 5000;
export const PURCHASE_ORDER_MAX_LINES = 200;

export const PURCHASE_ORDER_STATUSES = ['submitted', 'delivered', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];
export const MANIFEST_STATUSES = ['submitted', 'accepted', 'partially_accepted', 'rejected'] as const;
export type ManifestStatus = (typeof MANIFEST_STATUSES)[number];
export const MANIFEST_SOURCES = ['form', 'file', 'api'] as const;
export type ManifestSource = (typeof MANIFEST_SOURCES)[number];
export const ACCEPTANCE_DECISIONS = ['accept', 'reject'] as const;
export type AcceptanceDecision = (typeof ACCEPTANCE_DECISIONS)[number];

// ─── Pieces ───

/** Quantities are exact decimals with at most 3 places (the column is Decimal(14,3)); sent as a number or a string. */
export function zQuantity(allowZero: boolean) {
  return z.union([z.number(), z.string()], { error: bilingual('请填写数量', 'Give the quantity') }).transform((value, ctx) => {
    const text = typeof value === 'number' ? (Number.isFinite(value) ? String(Number(value.toPrecision(15))) : '') : value.trim();
    const fail = (zh: string, en: string) => {
      ctx.addIssue({ code: 'custom', message: bilingual(zh, en) });
      return z.NEVER;
    };
    if (!/^-?\d+(\.\d+)?$/.test(text)) return fail('数量不是有效的数字', 'The quantity is not a number');
    const [whole = '', fraction = ''] = text.replace(/^-/, '').split('.');
    const number = Number(text);
    if (number < 0 || (!allowZero && number === 0)) return fail('数量必须大于 0', 'The quantity must be greater than 0');
    if (fraction.replace(/0+$/, '').length > 3) return fail('数量最多 3 位小数', 'The quantity has at most 3 decimals');
    if (whole.replace(/^0+/, '').length > 11) return fail('数量过大', 'The quantity is too large');
    return normaliseDecimal(text);
  });
}

/** '007.500' → '7.5'. */
export function normaliseDecimal(text: string): string {
  const [whole = '0', fraction = ''] = text.split('.');
  const w = whole.replace(/^0+(?=\d)/, '');
  const f = fraction.replace(/0+$/, '');
  return f ? `${w}.${f}` : w;
}

/** Decimal places of a normalised decimal string. */
export function decimalPlaces(text: string): number {
  return text.split('.')[1]?.length ?? 0;
}

export const ZPriceFen = z
  .number({ error: bilingual('请填写单价（以分为单位的整数）', 'Give the unit price in fen') })
  .int(bilingual('单价以分为单位，须为整数', 'Unit prices are whole fen'))
  .min(0, bilingual('单价不能为负数', 'The unit price cannot be negative'))
  .max(100_000_000, bilingual('单价过大', 'The unit price is too large'));

export const ZLotCode = z
  .string({ error: bilingual('请填写批次号', 'Give the lot code') })
  .trim()
  .min(1, bilingual('请填写批次号', 'Give the lot code'))
  .max(64, bilingual('批次号不能超过 64 个字符', 'The lot code is at most 64 characters'));

const ZNote = (max: number) => z.string().trim().max(max, bilingual(`备注不能超过 ${max} 个字`, `The note is at most ${max} characters`));

const ref = z.object({ id: z.string(), name: z.string() });

/** A day the database can hold and a delivery can plausibly carry (PostgreSQL has no year 0). */

// ─── Purchase orders ───

export const ZCreatePurchaseOrder = z.object({
  canteenId: ZId,
  supplierId: ZId,
  deliveryDate: ZDay,
  note: ZNote(500).optional(),
  lines: z
    .array(
      z.object({
        ingredientId: ZId,
        quantity: zQuantity(false),
        /** When sent, it must be the ingredient's unit. */
        unit: z.enum(INGREDIENT_UNITS).optional(),
        unitPriceFen: ZPriceFen,
      }),
    )
    .min(1, bilingual('订单至少要有一行', 'An order needs at least one line'))
    .max(PURCHASE_ORDER_MAX_LINES, bilingual(`订单最多 ${PURCHASE_ORDER_MAX_LINES} 行`, `An order has at most ${PURCHASE_ORDER_MAX_LINES} lines`)),
});
export type TCreatePurchaseOrder = z.infer<typeof ZCreatePurchaseOrder>;

export const ZCancelPurchaseOrder = z.object({ reason: ZReason });
export type TCancelPurchaseOrder = z.infer<typeof ZCancelPurchaseOrder>;

export const ZPurchaseOrderQuery = ZPageQuery.extend({
  status: z.enum(PURCHASE_ORDER_STATUSES).optional(),
  canteenId: ZId.optional(),
  supplierId: ZId.optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
});
export type TPurchaseOrderQuery = z.infer<typeof ZPurchaseOrderQuery>;

export const ZPurchaseOrder = z.object({
  id: z.string(),
  code: z.string(),
  status: z.enum(PURCHASE_ORDER_STATUSES),
  canteen: ref,
  supplier: ref,
  contractId: z.string(),
  deliveryDate: z.string(),
  note: z.string().nullable(),
  lines: z.array(
    z.object({
      id: z.string(),
      lineNo: z.number().int(),
      ingredient: z.object({ id: z.string(), code: z.string(), name: z.string() }),
      quantity: z.string(),
      unit: z.string(),
      unitPriceFen: z.number().int(),
      amountFen: z.number().int(),
    }),
  ),
  totalFen: z.number().int(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
});
export type TPurchaseOrder = z.infer<typeof ZPurchaseOrder>;

// ─── Delivery manifests (送货单) ───

/**
 * When a line's cross-field check runs: even if another field failed, so that a line's every
 * problem is reported at once; not if one of the `fields` it compares did.
 */
const unlessFailed = (...fields: string[]) => ({
  when: (payload: z.core.ParsePayload) =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !Array.isArray(payload.value) &&
    !payload.issues.some((issue) => fields.includes(String(issue.path?.[0]))),
});

export const ZManifestHeader = z.object({
  canteenId: ZId,
  deliveryDate: ZDay,
  purchaseOrderId: ZId.optional(),
  note: ZNote(500).optional(),
});
export type TManifestHeader = z.infer<typeof ZManifestHeader>;

export const ZManifestLineInput = z
  .object({
    /** The ingredient by catalogue code or by its exact name; at least one. */
    ingredientCode: z.string().trim().min(1).max(40).optional(),
    ingredientName: z.string().trim().min(1).max(100).optional(),
    lotCode: ZLotCode,
    productionDate: z.string({ error: bilingual('请填写生产日期', 'Give the production date') }).pipe(ZDay),
    /** Shelf life in days from the production date, or the expiry date (the last day of use). */
    shelfLifeDays: z
      .number({ error: bilingual('保质期应为整数天数', 'Shelf life is a whole number of days') })
      .int()
      .min(1, bilingual('保质期至少 1 天', 'Shelf life is at least 1 day'))
      .max(3650, bilingual('保质期最多 3650 天', 'Shelf life is at most 3650 days'))
      .optional(),
    expiryDate: ZDay.optional(),
    quantity: zQuantity(false),
    unit: z.enum(INGREDIENT_UNITS, { error: bilingual(`单位须为 ${INGREDIENT_UNITS.join('、')} 之一`, `The unit is one of ${INGREDIENT_UNITS.join(', ')}`) }),
    unitPriceFen: ZPriceFen,
    /** The origin: a farm base of this supplier, by id or by name. */
    farmBaseId: ZId.optional(),
    farmBaseName: z.string().trim().min(1).max(100).optional(),
    /** Files uploaded by this supplier (quarantine certificate, test report). */
    certificateIds: z.array(ZId).max(10).default([]),
    note: ZNote(200).optional(),
  })
  .superRefine(
    (line, ctx) => {
      if (!line.ingredientCode && !line.ingredientName) {
        ctx.addIssue({ code: 'custom', path: ['ingredientCode'], message: bilingual('请填写食材编码或食材名称', 'Give the ingredient code or name') });
      }
    },
    unlessFailed(),
  )
  .superRefine(
    (line, ctx) => {
      if (line.expiryDate && line.expiryDate < line.productionDate) {
        ctx.addIssue({ code: 'custom', path: ['expiryDate'], message: bilingual('到期日期早于生产日期', 'The expiry date is before the production date') });
      }
    },
    unlessFailed('productionDate', 'expiryDate'),
  );
export type TManifestLineInput = z.infer<typeof ZManifestLineInput>;

export const ZSubmitManifest = ZManifestHeader.extend({
  lines: z
    .array(ZManifestLineInput)
    .min(1, bilingual('送货单至少要有一行', 'A manifest needs at least one line'))
    .max(MANIFEST_MAX_LINES, bilingual(`送货单最多 ${MANIFEST_MAX_LINES} 行`, `A manifest has at most ${MANIFEST_MAX_LINES} lines`)),
});
export type TSubmitManifest = z.infer<typeof ZSubmitManifest>;

/** A refusal's issue; for an uploaded file also the spreadsheet row and the column header. */
export const ZManifestIssue = z.object({
  path: z.string(),
  message: z.string(),
  messageEn: z.string(),
  row: z.number().int().optional(),
  column: z.string().optional(),
});
export type TManifestIssue = z.infer<typeof ZManifestIssue>;

/**
 * Columns of the upload template, in order. A file needs the required ones, one of 食材编码 /
 * 食材名称, and one of 保质期(天) / 到期日期 (unless every product lacks a shelf life).
 */
export const MANIFEST_FILE_COLUMNS = [
  { key: 'ingredientCode', header: '食材编码', required: false, width: 14 },
  { key: 'ingredientName', header: '食材名称', required: false, width: 16 },
  { key: 'lotCode', header: '批次号', required: true, width: 18 },
  { key: 'productionDate', header: '生产日期', required: true, width: 12 },
  { key: 'shelfLifeDays', header: '保质期(天)', required: false, width: 10 },
  { key: 'expiryDate', header: '到期日期', required: false, width: 12 },
  { key: 'quantity', header: '数量', required: true, width: 10 },
  { key: 'unit', header: '单位', required: true, width: 8 },
  { key: 'unitPrice', header: '单价(元)', required: true, width: 10 },
  { key: 'farmBase', header: '产地基地', required: false, width: 18 },
  { key: 'certificates', header: '证书文件编号', required: false, width: 40 },
  { key: 'note', header: '备注', required: false, width: 20 },
] as const;
export type ManifestFileColumnKey = (typeof MANIFEST_FILE_COLUMNS)[number]['key'];

/** Unit names a spreadsheet may use, besides the catalogue's own codes. */
export const MANIFEST_UNIT_ALIASES: Record<string, IngredientUnit> = {
  千克: 'kg',
  公斤: 'kg',
  克: 'g',
  升: 'L',
  毫升: 'mL',
  个: 'piece',
  只: 'piece',
  件: 'piece',
  箱: 'box',
  袋: 'bag',
};

export const ZDeliveryQuery = ZPageQuery.extend({
  status: z.enum(MANIFEST_STATUSES).optional(),
  canteenId: ZId.optional(),
  supplierId: ZId.optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
  /** A manifest code or a lot code. */
  q: z.string().trim().max(64).optional(),
});
export type TDeliveryQuery = z.infer<typeof ZDeliveryQuery>;

export const ZDeliveryFile = z.object({
  id: z.string(),
  originalName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
});
export type TDeliveryFile = z.infer<typeof ZDeliveryFile>;

export const ZManifestSummary = z.object({
  id: z.string(),
  code: z.string(),
  status: z.enum(MANIFEST_STATUSES),
  source: z.enum(MANIFEST_SOURCES),
  supplier: ref,
  canteen: ref,
  deliveryDate: z.string(),
  purchaseOrder: z.object({ id: z.string(), code: z.string() }).nullable(),
  lineCount: z.number().int(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
});
export type TManifestSummary = z.infer<typeof ZManifestSummary>;

export const ZManifestLine = z.object({
  id: z.string(),
  lineNo: z.number().int(),
  ingredient: z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    category: z.enum(FOOD_GROUPS),
    coldChain: z.enum(COLD_CHAIN),
    quarantineRequired: z.boolean(),
    unitDecimals: z.number().int(),
  }),
  lotCode: z.string(),
  productionDate: z.string(),
  /** null: the product carries no shelf life. */
  expiryDate: z.string().nullable(),
  quantity: z.string(),
  unit: z.string(),
  unitPriceFen: z.number().int(),
  amountFen: z.number().int(),
  farmBase: ref.nullable(),
  certificates: z.array(z.object({ id: z.string(), originalName: z.string(), contentType: z.string() })),
  note: z.string().nullable(),
  missingQuarantineCertificate: z.boolean(),
});
export type TManifestLine = z.infer<typeof ZManifestLine>;

export const ZAcceptance = z.object({
  id: z.string(),
  acceptedAt: z.string(),
  note: z.string().nullable(),
  inspectors: z.array(ref),
  lines: z.array(
    z.object({
      deliveryLineId: z.string(),
      decision: z.enum(ACCEPTANCE_DECISIONS),
      acceptedQuantity: z.string(),
      temperatureC: z.number().nullable(),
      temperatureInRange: z.boolean().nullable(),
      reason: z.string().nullable(),
      photoIds: z.array(z.string()),
    }),
  ),
});
export type TAcceptance = z.infer<typeof ZAcceptance>;

export const ZStockBatch = z.object({
  id: z.string(),
  deliveryLineId: z.string(),
  ingredientId: z.string(),
  lotCode: z.string(),
  quantity: z.string(),
  unit: z.string(),
  unitPriceFen: z.number().int(),
  productionDate: z.string(),
  expiryDate: z.string().nullable(),
  receivedAt: z.string(),
});
export type TStockBatch = z.infer<typeof ZStockBatch>;

export const CORRECTION_FIELDS = ['acceptedQuantity', 'unitPriceFen', 'lotCode', 'productionDate', 'expiryDate', 'note'] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];

export const ZDeliveryCorrection = z.object({
  id: z.string(),
  deliveryLineId: z.string().nullable(),
  lineNo: z.number().int().nullable(),
  field: z.enum(CORRECTION_FIELDS),
  oldValue: z.string().nullable(),
  newValue: z.string(),
  reason: z.string(),
  createdBy: ref,
  createdAt: z.string(),
});
export type TDeliveryCorrection = z.infer<typeof ZDeliveryCorrection>;

export const ZManifestDetail = ZManifestSummary.extend({
  /** The supplier is on the serious-violation blacklist now (since that day, Asia/Shanghai): its goods can only be rejected. */
  supplierBlacklisted: z.object({ since: z.string(), reason: z.string().nullable() }).nullable(),
  note: z.string().nullable(),
  contractId: z.string(),
  retainUntil: z.string().nullable(),
  lines: z.array(ZManifestLine),
  totalFen: z.number().int(),
  acceptance: ZAcceptance.nullable(),
  batches: z.array(ZStockBatch),
  corrections: z.array(ZDeliveryCorrection),
});
export type TManifestDetail = z.infer<typeof ZManifestDetail>;

// ─── Acceptance (进货查验) ───

export const ZAcceptDelivery = z.object({
  /** The second canteen user, identified on the same device by username and password. */
  secondInspector: z.object({
    username: z.string().trim().min(1, bilingual('请输入第二验收人的用户名', "Enter the second inspector's username")).max(64),
    password: z.string().min(1, bilingual('请输入第二验收人的密码', "Enter the second inspector's password")).max(128),
  }),
  note: ZNote(500).optional(),
  lines: z
    .array(
      z
        .object({
          lineId: ZId,
          decision: z.enum(ACCEPTANCE_DECISIONS),
          /** Defaults to the delivered quantity when accepting; must be 0 or absent when rejecting. */
          acceptedQuantity: zQuantity(true).optional(),
          temperatureC: z
            .number()
            .min(-60, bilingual('温度读数不合理', 'The temperature reading is implausible'))
            .max(60, bilingual('温度读数不合理', 'The temperature reading is implausible'))
            .optional(),
          reason: z.string().trim().min(2, bilingual('原因至少 2 个字', 'A reason needs at least 2 characters')).max(500).optional(),
          photoIds: z.array(ZId).max(10).default([]),
        })
        .superRefine((line, ctx) => {
          if (line.decision === 'reject' && !line.reason) {
            ctx.addIssue({ code: 'custom', path: ['reason'], message: bilingual('拒收须填写原因', 'A rejection needs a reason') });
          }
          if (line.decision === 'reject' && line.acceptedQuantity !== undefined && Number(line.acceptedQuantity) !== 0) {
            ctx.addIssue({ code: 'custom', path: ['acceptedQuantity'], message: bilingual('拒收的行验收数量应为 0', 'A rejected line accepts quantity 0') });
          }
          if (line.decision === 'accept' && line.acceptedQuantity !== undefined && Number(line.acceptedQuantity) === 0) {
            ctx.addIssue({ code: 'custom', path: ['acceptedQuantity'], message: bilingual('验收数量为 0 时请选择拒收', 'Reject the line instead of accepting 0') });
          }
        }),
    )
    .min(1)
    .max(MANIFEST_MAX_LINES),
});
export type TAcceptDelivery = z.infer<typeof ZAcceptDelivery>;

export const ZCreateDeliveryCorrection = z.object({
  /** The line corrected; absent for the manifest's own note. */
  lineId: ZId.optional(),
  field: z.enum(CORRECTION_FIELDS),
  newValue: z.string().trim().min(1).max(200),
  reason: ZReason,
});
export type TCreateDeliveryCorrection = z.infer<typeof ZCreateDeliveryCorrection>;

// ─── Events (outbox) ───

/** `delivery.accepted`: a manifest checked by two people, whatever each line's decision. */
export const ZDeliveryAcceptedEvent = z.object({
  manifestId: z.string(),
  code: z.string(),
  supplierId: z.string(),
  canteenId: z.string(),
  deliveryDate: z.string(),
  status: z.enum(MANIFEST_STATUSES),
  supplier: z.object({ id: z.string(), name: z.string() }),
  canteen: z.object({ id: z.string(), name: z.string() }),
  acceptanceId: z.string(),
  acceptedAt: z.string(),
  inspectorIds: z.array(z.string()),
  lines: z.array(
    z.object({
      deliveryLineId: z.string(),
      lineNo: z.number().int(),
      ingredientId: z.string(),
      ingredientName: z.string(),
      category: z.enum(FOOD_GROUPS),
      lotCode: z.string(),
      unit: z.string(),
      quantity: z.string(),
      acceptedQuantity: z.string(),
      unitPriceFen: z.number().int(),
      decision: z.enum(ACCEPTANCE_DECISIONS),
      temperatureC: z.number().nullable(),
      /** Meat and other animal products need an animal quarantine certificate per delivery. */
      quarantineRequired: z.boolean(),
      certificateIds: z.array(z.string()),
    }),
  ),
});
export type TDeliveryAcceptedEvent = z.infer<typeof ZDeliveryAcceptedEvent>;

export const DELIVERY_REFUSAL_REASONS = ['blacklisted', 'uncontracted'] as const;
export type DeliveryRefusalReason = (typeof DELIVERY_REFUSAL_REASONS)[number];

/**
 * `delivery.refused`: a supplier tried to deliver to a canteen of the tree while blacklisted, or
 * without a contract for some of the food groups on that day. Written in its own transaction, since
 * the manifest itself is refused and nothing of it is stored.
 */
export const ZDeliveryRefusedEvent = z.object({
  reason: z.enum(DELIVERY_REFUSAL_REASONS),
  supplierId: z.string(),
  supplierName: z.string(),
  canteenId: z.string(),
  canteenName: z.string(),
  deliveryDate: z.string(),
  source: z.enum(MANIFEST_SOURCES),
  /** The food groups of the manifest without a contract on that day; empty for a blacklisted supplier. */
  categories: z.array(z.enum(FOOD_GROUPS)),
  lineCount: z.number().int(),
  refusedAt: z.string(),
});
export type TDeliveryRefusedEvent = z.infer<typeof ZDeliveryRefusedEvent>;
