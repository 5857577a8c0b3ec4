// Contracts of the public canteen page (社会监督便民化): no login, desensitised. These schemas are the
// only shapes a public response can take: the API parses every response through them, so a field
// that is not declared here never leaves the server. There is deliberately no field for ID numbers,
// addresses of persons, students, or staff names (staff appear only as counts).
import { z } from 'zod';
import { bilingual } from '../bilingual';
import { FOOD_GROUPS } from '../food';
import { ZPageQuery, ZReason, zPage } from './common';
import { MEALS } from './ledger';
import { ALLERGENS, COOKING_METHODS } from './menus';
import { AGE_BANDS, MEAL_GROUPS, ZSettingSource, ZVegetableColour, ZVerdict } from './nutrition';
import { PUBLIC_SECTIONS, ZPublicSectionsOverride, ZPublicSectionsValue } from './public-sections';
import { DOCUMENT_KINDS, EXPIRY_STATES, SUPPLIER_KINDS } from './suppliers';

export * from './public-sections';

/** Enrolment is published rounded to this many students (an exact figure adds nothing for parents). */
export const ENROLMENT_ROUNDING = 100;
/** How far back the "where it came from" section looks for accepted lots, and how many per ingredient. */
export const PUBLIC_SOURCE_DAYS = 30;
export const PUBLIC_LOTS_PER_INGREDIENT = 3;
/** How many of the county's most recent signed ledger digests the page lists. */
export const PUBLIC_DIGEST_COUNT = 7;
/** Seconds a browser or proxy may reuse a public response before asking again (with its ETag). */
export const PUBLIC_MAX_AGE_SECONDS = 10;
export const PUBLIC_STALE_SECONDS = 60;

const ZSection = z.enum(PUBLIC_SECTIONS);

// ─── Finding a canteen ───

/** A management unit for the region picker, with how many connected canteens lie below it. */
export const ZPublicRegion = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'city', 'county']),
  parentId: z.string().nullable(),
  canteens: z.number().int(),
});
export type TPublicRegion = z.infer<typeof ZPublicRegion>;
export const ZPublicRegions = z.array(ZPublicRegion);

export const ZPublicCanteenQuery = ZPageQuery.extend({
  /** A province, city or county: its code or id. */
  region: z.string().trim().min(1).max(64).optional(),
  /** Part of the school's (or canteen's) name. */
  q: z.string().trim().max(40, bilingual('学校名称最多 40 个字', 'At most 40 characters')).optional(),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export type TPublicCanteenQuery = z.infer<typeof ZPublicCanteenQuery>;

/** Where a school lies: the names of its county, city and province. */
export const ZPublicRegionPath = z.object({ province: z.string().nullable(), city: z.string().nullable(), county: z.string().nullable() });
export type TPublicRegionPath = z.infer<typeof ZPublicRegionPath>;

export const ZPublicCanteenSummary = z.object({
  /** The canteen's code: its page is /p/<code>. */
  code: z.string(),
  name: z.string(),
  school: z.object({ name: z.string(), kind: z.string() }),
  region: ZPublicRegionPath,
});
export type TPublicCanteenSummary = z.infer<typeof ZPublicCanteenSummary>;
export const ZPublicCanteenPage = zPage(ZPublicCanteenSummary);
export type TPublicCanteenPage = z.infer<typeof ZPublicCanteenPage>;

// ─── The canteen page ───

export const ZPublicSchool = z.object({
  name: z.string(),
  /** One of ORG_KINDS.school (primary, middle, …). */
  kind: z.string(),
  /** The school's (an institution's) address. */
  address: z.string().nullable(),
  /** Students, rounded to ENROLMENT_ROUNDING; null when unknown or below it. */
  enrolmentApprox: z.number().int().nullable(),
});
export type TPublicSchool = z.infer<typeof ZPublicSchool>;

export const ZPublicLicence = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  number: z.string(),
  issuedOn: z.string().nullable(),
  /** null: 长期 (no expiry). */
  expiresOn: z.string().nullable(),
  state: z.enum(EXPIRY_STATES),
  /** The farm base a certificate belongs to, if any. */
  farmBaseName: z.string().nullable(),
});
export type TPublicLicence = z.infer<typeof ZPublicLicence>;

export const ZPublicLicences = z.object({
  /** The canteen's or school's own licences (食品经营许可证); empty until the platform records them. */
  own: z.array(ZPublicLicence),
  /** The suppliers under contract or that delivered recently, and their licences. */
  suppliers: z.array(z.object({ id: z.string(), name: z.string(), documents: z.array(ZPublicLicence) })),
});
export type TPublicLicences = z.infer<typeof ZPublicLicences>;

/** Reserved: a food-safety rating (量化分级) once the platform records one. */
export const ZPublicRating = z.object({ grade: z.string(), ratedOn: z.string(), ratedBy: z.string() });

export const ZPublicDish = z.object({
  id: z.string(),
  name: z.string(),
  cookingMethod: z.enum(COOKING_METHODS),
  allergens: z.array(z.enum(ALLERGENS)),
  /** /api/public/files/<id>, or null without a photo. */
  photoUrl: z.string().nullable(),
  /** Ingredients of the dish (any age band), ids into `menu.ingredients`. */
  ingredientIds: z.array(z.string()),
});
export type TPublicDish = z.infer<typeof ZPublicDish>;

export const ZPublicMeal = z.object({
  meal: z.enum(MEALS),
  /** The dishes of every age band served, each once. */
  dishes: z.array(ZPublicDish),
  /** Only with the section 'prices': planned ingredient cost per student (fen), null when a price is unknown. */
  costPerStudentFen: z.number().int().nullable().optional(),
  /** Only with the section 'prices': the meal-fund standard per student (fen). */
  fundStandardFen: z.number().int().optional(),
});
export type TPublicMeal = z.infer<typeof ZPublicMeal>;

export const ZPublicMenu = z.object({
  /** Monday of this week, and the Asia/Shanghai day the page was built. */
  weekStart: z.string(),
  today: z.string(),
  /** The published plans shown: this week's, and next week's once published (a revision is a new version). */
  plans: z.array(z.object({ weekStart: z.string(), version: z.number().int(), publishedAt: z.string().nullable() })),
  /** Days with meals, from this Monday on (into next week when its plan is published), in order. */
  days: z.array(z.object({ day: z.string(), meals: z.array(ZPublicMeal) })),
  ingredients: z.array(z.object({ id: z.string(), name: z.string(), category: z.enum(FOOD_GROUPS) })),
});
export type TPublicMenu = z.infer<typeof ZPublicMenu>;

/**
 * WS/T 554's daily rule on the card: the day's distinct fresh vegetables (all meals, by food) against
 * the targets in force, at least `minKinds` kinds and strictly over `darkShareOverPercent` % dark.
 */
export const ZPublicVegetables = z.object({
  kinds: z.number().int(),
  darkKinds: z.number().int(),
  minKinds: z.number().int(),
  darkShareOverPercent: z.number(),
  /** Food names of the composition table, in the order the day serves them. */
  foods: z.array(z.object({ name: z.string(), colour: ZVegetableColour })),
  /** The worse of the kinds and dark-share checks. */
  verdict: ZVerdict,
});
export type TPublicVegetables = z.infer<typeof ZPublicVegetables>;

/** The nutrition conformity card of one day and age band (WS/T 554-2017). */
export const ZPublicNutritionCard = z.object({
  ageBand: z.enum(AGE_BANDS),
  verdict: ZVerdict,
  energyPercentOfTarget: z.number(),
  proteinPercentOfTarget: z.number(),
  fatPercentEnergy: z.number().nullable(),
  carbohydratePercentEnergy: z.number().nullable(),
  meals: z.array(z.object({ meal: z.enum(MEALS), verdict: ZVerdict, groupsPresent: z.array(z.enum(MEAL_GROUPS)) })),
  vegetables: ZPublicVegetables,
  /** Why not green, in Chinese (the page is Chinese). */
  reasons: z.array(z.string()),
  /** Where the targets come from, in Chinese. */
  basis: z.string(),
});
export type TPublicNutritionCard = z.infer<typeof ZPublicNutritionCard>;

export const ZPublicNutrition = z.object({
  days: z.array(z.object({ day: z.string(), cards: z.array(ZPublicNutritionCard) })),
});
export type TPublicNutrition = z.infer<typeof ZPublicNutrition>;

/**
 * 食材从哪里来: a dish's `ingredientIds` → `ingredients[].lots` → `suppliers[]` and their farm bases.
 * Lots are what the canteen accepted in the last PUBLIC_SOURCE_DAYS days, newest first.
 */
export const ZPublicSources = z.object({
  suppliers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(SUPPLIER_KINDS),
      farmBases: z.array(z.object({ id: z.string(), name: z.string(), region: z.string() })),
    }),
  ),
  ingredients: z.array(
    z.object({
      ingredientId: z.string(),
      name: z.string(),
      category: z.enum(FOOD_GROUPS),
      lots: z.array(
        z.object({
          lotCode: z.string(),
          receivedOn: z.string(),
          productionDate: z.string(),
          supplierId: z.string(),
          farmBaseId: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type TPublicSources = z.infer<typeof ZPublicSources>;

/**
 * The county's daily digests, each signed by the platform with its one key (the same for every
 * county): `payload` is the exact signed text (canonical JSON of every canteen's chain head),
 * `signature` Ed25519 over its UTF-8 bytes, checkable with `publicKey`.
 */
export const ZPublicLedger = z.object({
  county: z.object({ code: z.string(), name: z.string() }),
  publicKey: z.object({ keyId: z.string(), publicKey: z.string(), algorithm: z.literal('Ed25519') }),
  digests: z.array(
    z.object({
      day: z.string(),
      root: z.string(),
      keyId: z.string(),
      signature: z.string(),
      payload: z.string(),
      /** This canteen's leaf in the digest (its chain's last sequence number and hash that day). */
      leaf: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
    }),
  ),
});
export type TPublicLedger = z.infer<typeof ZPublicLedger>;

/** Staff are only ever counted (accounts of the school). */
export const ZPublicStaff = z.object({ total: z.number().int(), managers: z.number().int(), kitchenStaff: z.number().int() });
export type TPublicStaff = z.infer<typeof ZPublicStaff>;

// Reserved for capabilities still to come; each is omitted until it has data.
export const ZPublicDailyRecords = z.object({ day: z.string(), completed: z.number().int(), required: z.number().int() });
export const ZPublicFiveMeals = z.object({
  days: z.array(z.object({ day: z.string(), chefTasting: z.boolean(), leaderAccompanied: z.boolean(), studentRatings: z.number().int(), parentVisits: z.number().int() })),
});
export const ZPublicCamera = z.object({ id: z.string(), area: z.string(), online: z.boolean(), streamUrl: z.string().nullable() });
export const ZPublicInspection = z.object({ day: z.string(), result: z.string(), score: z.number().nullable() });

export const ZPublicCanteen = z.object({
  code: z.string(),
  name: z.string(),
  school: ZPublicSchool,
  region: ZPublicRegionPath,
  generatedAt: z.string(),
  /** The sections this canteen makes public; a section's data below is absent when there is none. */
  sections: z.array(ZSection),
  licences: ZPublicLicences.optional(),
  rating: ZPublicRating.optional(),
  menu: ZPublicMenu.optional(),
  nutrition: ZPublicNutrition.optional(),
  sources: ZPublicSources.optional(),
  ledger: ZPublicLedger.optional(),
  staff: ZPublicStaff.optional(),
  dailyRecords: ZPublicDailyRecords.optional(),
  fiveMeals: ZPublicFiveMeals.optional(),
  cameras: z.array(ZPublicCamera).optional(),
  inspections: z.array(ZPublicInspection).optional(),
});
export type TPublicCanteen = z.infer<typeof ZPublicCanteen>;

// ─── Section settings (console) ───

export const ZPublicSettingsView = z.object({
  orgUnit: z.object({ id: z.string(), name: z.string(), level: z.string() }),
  /** The effective value at the unit and where it came from. */
  value: ZPublicSectionsValue,
  source: ZSettingSource,
  /** What the unit itself stored, or null (it inherits). */
  own: ZPublicSectionsOverride.nullable(),
  /** For a canteen: what its page shows. */
  visible: z.array(ZSection),
  /** What the asker may change here: a school's choice (`shown`), or a county's limits. */
  editable: z.object({ shown: z.boolean(), limits: z.boolean() }),
});
export type TPublicSettingsView = z.infer<typeof ZPublicSettingsView>;

/** PUT /api/public-settings/:orgUnitId — `value: null` removes the unit's own choice (it inherits again). */
export const ZPutPublicSettings = z.object({ value: ZPublicSectionsOverride.nullable(), reason: ZReason });
export type TPutPublicSettings = z.infer<typeof ZPutPublicSettings>;
