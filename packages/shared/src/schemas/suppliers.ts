// Contracts of the suppliers module (suppliers, documents, farm bases, ingredients, contracts, API keys).
import { z } from 'zod';
import { bilingual } from '../bilingual';
import { addDays } from '../dates';
import { COLD_CHAIN, FOOD_GROUPS, type FoodGroup, INGREDIENT_UNITS, type IngredientUnit } from '../food';
import { ZDay, ZId, ZPageQuery, ZPhone, ZReason } from './common';
import { ZNewPassword } from './auth';

// ─── Shared pieces ───

export const FOOD_GROUP_NAMES: Record<FoodGroup, { zh: string; en: string }> = {
  grains: { zh: '谷薯类', en: 'grains & tubers' },
  vegetables: { zh: '蔬菜类', en: 'vegetables' },
  fruit: { zh: '水果类', en: 'fruit' },
  livestock: { zh: '畜禽肉类', en: 'livestock & poultry' },
  fish: { zh: '鱼虾类', en: 'fish & shrimp' },
  eggs: { zh: '蛋类', en: 'eggs' },
  milk: { zh: '奶类', en: 'milk' },
  soy_nuts: { zh: '大豆坚果类', en: 'soy & nuts' },
  oil: { zh: '食用油', en: 'oil' },
  salt: { zh: '食盐', en: 'salt' },
  condiment: { zh: '调味品', en: 'condiments' },
};

// ─── Suppliers ───

export const SUPPLIER_KINDS = ['supplier', 'distributor', 'producer'] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];
export const ZSupplierKind = z.enum(SUPPLIER_KINDS);

const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of a unified social credit code (GB 32100-2015) from its first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  const sum = [...first17].reduce((total, char, i) => total + CREDIT_CODE_CHARS.indexOf(char) * CREDIT_CODE_WEIGHTS[i]!, 0);
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]!;
}

export function isCreditCode(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code) && creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

export const ZCreditCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(isCreditCode, bilingual('统一社会信用代码应为 18 位且校验位正确', 'The unified social credit code must be 18 characters with a valid check character'));

export const EXPIRY_STATES = ['valid', 'expiring', 'expired'] as const;
export type ExpiryState = (typeof EXPIRY_STATES)[number];
export const ZExpiryState = z.enum(EXPIRY_STATES);

/** Licences are flagged this many days before they expire. */
export const EXPIRY_WARNING_DAYS = 30;

/**
 * A document expiring on day X is still valid on X. Without an expiry date (长期) it stays valid.
 * `today` is the Asia/Shanghai day.
 */
export function expiryState(expiresOn: string | null, today: string, warningDays = EXPIRY_WARNING_DAYS): ExpiryState {
  if (!expiresOn) return 'valid';
  if (expiresOn < today) return 'expired';
  return expiresOn <= addDays(today, warningDays) ? 'expiring' : 'valid';
}

export const ZSupplier = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string(),
  kind: ZSupplierKind,
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  address: z.string().nullable(),
  blacklisted: z.boolean(),
  blacklistedAt: z.string().nullable(),
  blacklistReason: z.string().nullable(),
  /** The worst state of the company's own licences (not its farm bases'); null when it has none. */
  documentState: ZExpiryState.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TSupplier = z.infer<typeof ZSupplier>;

const supplierName = z
  .string()
  .trim()
  .min(2, bilingual('名称至少 2 个字', 'Name needs at least 2 characters'))
  .max(100, bilingual('名称不能超过 100 个字', 'Name is at most 100 characters'));

export const ZCreateSupplier = z.object({
  name: supplierName,
  creditCode: ZCreditCode,
  kind: ZSupplierKind.default('distributor'),
  contactName: z.string().trim().min(1).max(50).optional(),
  contactPhone: ZPhone.optional(),
  address: z.string().trim().min(1).max(200).optional(),
});
export type TCreateSupplier = z.infer<typeof ZCreateSupplier>;

/** Supplier users may change only the contact fields of their own company. */
export const ZUpdateSupplier = z
  .object({
    name: supplierName,
    creditCode: ZCreditCode,
    kind: ZSupplierKind,
    contactName: z.string().trim().min(1).max(50).nullable(),
    contactPhone: ZPhone.nullable(),
    address: z.string().trim().min(1).max(200).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, bilingual('没有要修改的内容', 'Nothing to change'));
export type TUpdateSupplier = z.infer<typeof ZUpdateSupplier>;

export const ZBlacklistChange = z.object({ reason: ZReason });
export type TBlacklistChange = z.infer<typeof ZBlacklistChange>;

export const ZSupplierQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  kind: ZSupplierKind.optional(),
  blacklisted: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type TSupplierQuery = z.infer<typeof ZSupplierQuery>;

// ─── Supplier accounts ───

export const ZCreateSupplierUser = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{3,31}$/, bilingual('用户名为 4–32 位小写字母、数字或下划线，以字母开头', 'Username: 4–32 lower-case letters, digits or _, starting with a letter')),
  displayName: z.string().trim().min(2, bilingual('姓名至少 2 个字', 'Name needs at least 2 characters')).max(50),
  phone: ZPhone.optional(),
  initialPassword: ZNewPassword,
});
export type TCreateSupplierUser = z.infer<typeof ZCreateSupplierUser>;

export const ZSupplierUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  mustChangePassword: z.boolean(),
  disabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TSupplierUser = z.infer<typeof ZSupplierUser>;

// ─── Documents (资质) ───

export const DOCUMENT_KINDS = [
  'business_licence',
  'food_business_licence',
  'food_production_licence',
  'animal_epidemic_certificate',
  'origin_certificate',
  'green_food_certificate',
  'organic_certificate',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const ZDocumentKind = z.enum(DOCUMENT_KINDS);

/** These licences always carry an expiry date (a business licence may be 长期). */
const EXPIRY_REQUIRED: readonly DocumentKind[] = ['food_business_licence', 'food_production_licence'];

/** The form fields sent with a document's file (multipart, so every value arrives as a string). */
export const ZCreateSupplierDocument = z
  .object({
    kind: ZDocumentKind,
    number: z.string().trim().min(2, bilingual('请填写证照编号', 'Enter the document number')).max(60),
    issuedOn: ZDay.optional(),
    expiresOn: ZDay.optional(),
    farmBaseId: ZId.optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.expiresOn && EXPIRY_REQUIRED.includes(v.kind)) {
      ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: bilingual('该证照须填写有效期至', 'This licence needs an expiry date') });
    }
    if (v.issuedOn && v.expiresOn && v.expiresOn < v.issuedOn) {
      ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: bilingual('有效期至不能早于发证日期', 'The expiry date cannot be before the issue date') });
    }
  });
export type TCreateSupplierDocument = z.infer<typeof ZCreateSupplierDocument>;

export const ZSupplierDocument = z.object({
  id: z.string(),
  supplierId: z.string(),
  farmBase: z.object({ id: z.string(), name: z.string() }).nullable(),
  kind: ZDocumentKind,
  number: z.string(),
  issuedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  expiryState: ZExpiryState,
  file: z.object({ id: z.string(), originalName: z.string(), contentType: z.string(), sizeBytes: z.number().int() }),
  createdAt: z.string(),
});
export type TSupplierDocument = z.infer<typeof ZSupplierDocument>;

/**
 * `supplier.licence-expiring` / `supplier.licence-expired`: from the daily licence check, once per
 * document and state (orgPath null: suppliers sit outside the tree).
 */
export const ZLicenceExpiryEvent = z.object({
  documentId: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  farmBaseId: z.string().nullable(),
  farmBaseName: z.string().nullable(),
  kind: ZDocumentKind,
  number: z.string(),
  expiresOn: z.string(),
  /** The day of the check. */
  day: z.string(),
});
export type TLicenceExpiryEvent = z.infer<typeof ZLicenceExpiryEvent>;

export const ZSupplierDocumentQuery = z.object({
  farmBaseId: ZId.optional(),
  expiryState: ZExpiryState.optional(),
});
export type TSupplierDocumentQuery = z.infer<typeof ZSupplierDocumentQuery>;

// ─── Farm bases (基地) ───

export const ZFarmBase = z.object({
  id: z.string(),
  supplierId: z.string(),
  name: z.string(),
  region: z.string(),
  address: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  products: z.string().nullable(),
  createdAt: z.string(),
});
export type TFarmBase = z.infer<typeof ZFarmBase>;

const farmBaseFields = {
  name: supplierName,
  region: z.string().trim().min(2, bilingual('请填写所在地区', 'Enter the region')).max(100),
  address: z.string().trim().min(1).max(200),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  products: z.string().trim().min(1).max(500),
};

export const ZCreateFarmBase = z
  .object({
    name: farmBaseFields.name,
    region: farmBaseFields.region,
    address: farmBaseFields.address.optional(),
    latitude: farmBaseFields.latitude.optional(),
    longitude: farmBaseFields.longitude.optional(),
    products: farmBaseFields.products.optional(),
  })
  .refine((v) => (v.latitude === undefined) === (v.longitude === undefined), {
    path: ['longitude'],
    message: bilingual('经度和纬度须同时填写', 'Give both latitude and longitude, or neither'),
  });
export type TCreateFarmBase = z.infer<typeof ZCreateFarmBase>;

export const ZUpdateFarmBase = z
  .object({
    name: farmBaseFields.name,
    region: farmBaseFields.region,
    address: farmBaseFields.address.nullable(),
    latitude: farmBaseFields.latitude.nullable(),
    longitude: farmBaseFields.longitude.nullable(),
    products: farmBaseFields.products.nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, bilingual('没有要修改的内容', 'Nothing to change'))
  .refine((v) => (v.latitude === undefined) === (v.longitude === undefined) && (v.latitude === null) === (v.longitude === null), {
    path: ['longitude'],
    message: bilingual('经度和纬度须同时修改', 'Change latitude and longitude together'),
  });
export type TUpdateFarmBase = z.infer<typeof ZUpdateFarmBase>;

// ─── Ingredient catalogue (食材) ───

export const ZFoodGroup = z.enum(FOOD_GROUPS);
export const ZIngredientUnit = z.enum(INGREDIENT_UNITS);
export const ZColdChain = z.enum(COLD_CHAIN);

/** Counted units take whole numbers; the others at most three decimals (Decimal(14,3)). */
export const UNIT_MAX_DECIMALS: Record<IngredientUnit, number> = { kg: 3, g: 3, L: 3, mL: 3, piece: 0, box: 0, bag: 0 };
export const UNIT_DEFAULT_DECIMALS: Record<IngredientUnit, number> = { kg: 2, g: 0, L: 2, mL: 0, piece: 0, box: 0, bag: 0 };

export const ZIngredient = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  category: ZFoodGroup,
  unit: ZIngredientUnit,
  unitDecimals: z.number().int(),
  shelfLifeDays: z.number().int().nullable(),
  coldChain: ZColdChain,
  quarantineRequired: z.boolean(),
  createdAt: z.string(),
});
export type TIngredient = z.infer<typeof ZIngredient>;

/** Forbidden foods (`forbiddenReason`) are refused by the API with the reason as the message itself. */
const ingredientName = z
  .string()
  .trim()
  .min(1, bilingual('请填写食材名称', 'Enter the ingredient name'))
  .max(50, bilingual('名称不能超过 50 个字', 'Name is at most 50 characters'));

const ingredientFields = {
  name: ingredientName,
  category: ZFoodGroup,
  unit: ZIngredientUnit,
  unitDecimals: z.number().int().min(0).max(3),
  shelfLifeDays: z.number().int().min(1).max(3650),
  coldChain: ZColdChain,
  quarantineRequired: z.boolean(),
};

export const ZCreateIngredient = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,32}$/, bilingual('编码只能是 2–32 位字母、数字、- 或 _', 'Code: 2–32 letters, digits, - or _'))
    .optional(),
  name: ingredientFields.name,
  category: ingredientFields.category,
  unit: ingredientFields.unit,
  unitDecimals: ingredientFields.unitDecimals.optional(),
  shelfLifeDays: ingredientFields.shelfLifeDays.nullable().optional(),
  coldChain: ingredientFields.coldChain.default('ambient'),
  quarantineRequired: ingredientFields.quarantineRequired.optional(),
});
export type TCreateIngredient = z.infer<typeof ZCreateIngredient>;

export const ZUpdateIngredient = z
  .object({
    name: ingredientFields.name,
    category: ingredientFields.category,
    unit: ingredientFields.unit,
    unitDecimals: ingredientFields.unitDecimals,
    shelfLifeDays: ingredientFields.shelfLifeDays.nullable(),
    coldChain: ingredientFields.coldChain,
    quarantineRequired: ingredientFields.quarantineRequired,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, bilingual('没有要修改的内容', 'Nothing to change'));
export type TUpdateIngredient = z.infer<typeof ZUpdateIngredient>;

export const ZIngredientQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  category: ZFoodGroup.optional(),
});
export type TIngredientQuery = z.infer<typeof ZIngredientQuery>;

// ─── Supply contracts ───

export const CONTRACT_STATES = ['pending', 'active', 'expired', 'ended'] as const;
export type ContractState = (typeof CONTRACT_STATES)[number];

export const ZContract = z.object({
  id: z.string(),
  code: z.string(),
  supplier: z.object({ id: z.string(), name: z.string(), blacklisted: z.boolean() }),
  school: z.object({ id: z.string(), name: z.string() }),
  canteens: z.array(z.object({ id: z.string(), name: z.string() })),
  categories: z.array(ZFoodGroup),
  validFrom: z.string(),
  validTo: z.string(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  amendsId: z.string().nullable(),
  state: z.enum(CONTRACT_STATES),
  createdAt: z.string(),
});
export type TContract = z.infer<typeof ZContract>;

const contractFields = z.object({
  supplierId: ZId,
  schoolId: ZId,
  canteenIds: z
    .array(ZId)
    .min(1, bilingual('至少选择一个食堂', 'Choose at least one canteen'))
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, bilingual('食堂重复', 'A canteen is listed twice')),
  categories: z
    .array(ZFoodGroup)
    .min(1, bilingual('至少选择一个食材类别', 'Choose at least one food group'))
    .refine((c) => new Set(c).size === c.length, bilingual('食材类别重复', 'A food group is listed twice')),
  validFrom: ZDay,
  validTo: ZDay,
});

const validToAfterFrom = {
  path: ['validTo'],
  message: bilingual('合同截止日期不能早于开始日期', 'The contract cannot end before it starts'),
};

export const ZCreateContract = contractFields.refine((v) => v.validTo >= v.validFrom, validToAfterFrom);
export type TCreateContract = z.infer<typeof ZCreateContract>;

/** An amendment is a new contract for the same supplier and school; the old one ends the day before. */
export const ZAmendContract = contractFields
  .omit({ supplierId: true, schoolId: true })
  .extend({ reason: ZReason })
  .refine((v) => v.validTo >= v.validFrom, validToAfterFrom);
export type TAmendContract = z.infer<typeof ZAmendContract>;

export const ZEndContract = z.object({ lastDay: ZDay, reason: ZReason });
export type TEndContract = z.infer<typeof ZEndContract>;

export const ZContractQuery = ZPageQuery.extend({
  supplierId: ZId.optional(),
  schoolId: ZId.optional(),
  canteenId: ZId.optional(),
  state: z.enum(CONTRACT_STATES).optional(),
});
export type TContractQuery = z.infer<typeof ZContractQuery>;

// ─── API keys ───

export const ZApiKey = z.object({
  id: z.string(),
  prefix: z.string(),
  label: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TApiKey = z.infer<typeof ZApiKey>;

/** Only on creation: the full key, shown once. */
export const ZCreatedApiKey = ZApiKey.extend({ key: z.string() });
export type TCreatedApiKey = z.infer<typeof ZCreatedApiKey>;

export const ZCreateApiKey = z.object({
  label: z.string().trim().min(2, bilingual('请填写用途说明（至少 2 个字）', 'Give the key a label (at least 2 characters)')).max(50),
});
export type TCreateApiKey = z.infer<typeof ZCreateApiKey>;
