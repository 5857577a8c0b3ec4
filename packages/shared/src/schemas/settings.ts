// Settings inherited down the org tree (org_setting): each key is declared once, here, with its schema and default.
import { z } from 'zod';
import { bilingual } from '../bilingual';
import type { OrgLevel } from '../org-levels';
import type { Permission } from '../permissions';
import { ZId, ZReason } from './common';
import {
  DEFAULT_NUTRITION_TARGETS,
  type TNutritionTargets,
  type TNutritionTargetsOverride,
  ZNutritionTargetsOverride,
  ZSettingSource,
} from './nutrition';
import {
  DEFAULT_ALERT_SLAS,
  type TAlertSlas,
  type TAlertSlasOverride,
  type TRuleThresholdValues,
  ZAlertSlasOverride,
  ZRuleThresholdValues,
  mergeRuleThresholds,
  refuseLooserThresholds,
} from './warnings';
import {
  DEFAULT_PUBLIC_SECTIONS,
  type TPublicSectionsOverride,
  type TPublicSectionsValue,
  ZPublicSectionsOverride,
  mergePublicSections,
  refusePublicSections,
} from './public-sections';
import { DEFAULT_FEEDBACK_SLA, type TFeedbackSla, ZFeedbackSla } from './feedback';

export interface SettingDefinition<TValue, TOverride = TValue> {
  label: { zh: string; en: string };
  /** What one unit stores (and PUT accepts). */
  override: z.ZodType<TOverride>;
  /** The value where no unit on the path set the key. */
  default: TValue;
  /** The levels at which the key may be set (a principal may set a school's only if 'school' is listed). */
  levels: readonly OrgLevel[];
  /** The effective value below a unit that stored `override`, given what it inherits. */
  merge: (inherited: TValue, override: TOverride) => TValue;
  /**
   * Refuses an override against what the unit inherits (bilingual message), e.g. a threshold that may
   * only be tightened below a county. Checked on PUT only; a later change above does not rewrite it.
   */
  validateOverride?: (inherited: TValue, override: TOverride, level: OrgLevel) => string | undefined;
  /** Who may set it (default 'settings:write'). */
  permission?: Permission;
}

const replace = <T>(_inherited: T, override: T): T => override;

function defineSetting<TValue, TOverride = TValue>(definition: SettingDefinition<TValue, TOverride>): SettingDefinition<TValue, TOverride> {
  return definition;
}

const fen = z
  .number({ error: bilingual('金额应为整数（分）', 'Amounts are whole fen') })
  .int(bilingual('金额应为整数（分）', 'Amounts are whole fen'))
  .min(0, bilingual('金额不能为负', 'Amounts may not be negative'))
  .max(100_000, bilingual('金额过大（超过 1000 元）', 'Amount too large (over 1,000 yuan)'));

export const ZMealFundStandard = z.object({
  perDayFen: fen,
  perMealFen: z.object({ breakfast: fen, lunch: fen, dinner: fen }),
});
export type TMealFundStandard = z.infer<typeof ZMealFundStandard>;

const share = z
  .number({ error: bilingual('容差应为 0 到 1 之间的小数', 'A tolerance is a fraction between 0 and 1') })
  .min(0, bilingual('容差应为 0 到 1 之间的小数', 'A tolerance is a fraction between 0 and 1'))
  .max(1, bilingual('容差应为 0 到 1 之间的小数', 'A tolerance is a fraction between 0 and 1'));

/** Issue more than `over` above, or more than `under` below, the recipe's demand is out of tolerance. */
export const ZExecutionTolerance = z.object({ over: share, under: share });
export type TExecutionTolerance = z.infer<typeof ZExecutionTolerance>;

export const SETTINGS = {
  'nutrition.targets': defineSetting<TNutritionTargets, TNutritionTargetsOverride>({
    label: { zh: '营养目标（按年龄段）', en: 'Nutrition targets (per age band)' },
    override: ZNutritionTargetsOverride,
    default: DEFAULT_NUTRITION_TARGETS,
    levels: ['province', 'city', 'county'],
    merge: (inherited, override) => ({ ...inherited, ...override }),
  }),
  /**
   * 伙食费标准 per student. The default follows 农村义务教育学生营养改善计划 (5 元 per school day since
   * 2021, usually served as lunch in Sichuan's rural schools); breakfast 3 元 and dinner 4 元 are
   * placeholders for boarding schools, to be set by each county.
   */
  'meals.fundStandardFen': defineSetting<TMealFundStandard>({
    label: { zh: '伙食费标准（每生）', en: 'Meal-fund standard (per student)' },
    override: ZMealFundStandard,
    default: { perDayFen: 1200, perMealFen: { breakfast: 300, lunch: 500, dinner: 400 } },
    levels: ['province', 'city', 'county', 'school'],
    merge: replace,
  }),
  'menus.executionTolerance': defineSetting<TExecutionTolerance>({
    label: { zh: '带量食谱执行偏差容差', en: 'Recipe execution tolerance' },
    override: ZExecutionTolerance,
    default: { over: 0.1, under: 0.2 },
    levels: ['province', 'city', 'county'],
    merge: replace,
  }),
  /** Time to acknowledge and to handle an alert, per severity, at the unit that holds it. */
  'warnings.sla': defineSetting<TAlertSlas, TAlertSlasOverride>({
    label: { zh: '预警处置时限', en: 'Alert time limits' },
    override: ZAlertSlasOverride,
    default: DEFAULT_ALERT_SLAS,
    levels: ['province', 'city', 'county'],
    merge: (inherited, override) => ({ ...inherited, ...override }),
  }),
  /** Rule thresholds (the rules' defaults live with the rules); below a unit that set one, only stricter. */
  'warnings.thresholds': defineSetting<TRuleThresholdValues>({
    label: { zh: '预警规则阈值', en: 'Warning rule thresholds' },
    override: ZRuleThresholdValues,
    default: {},
    levels: ['province', 'city', 'county', 'school'],
    merge: mergeRuleThresholds,
    validateOverride: refuseLooserThresholds,
  }),
  /** Which sections a canteen's public page shows: the school chooses within the county's limits. */
  'public.sections': defineSetting<TPublicSectionsValue, TPublicSectionsOverride>({
    label: { zh: '公示栏目', en: 'Public page sections' },
    override: ZPublicSectionsOverride,
    default: DEFAULT_PUBLIC_SECTIONS,
    levels: ['province', 'city', 'county', 'school', 'canteen'],
    merge: mergePublicSections,
    validateOverride: refusePublicSections,
    permission: 'public:manage',
  }),
  /** How long a school has to reply to parents' feedback; the county (or above) sets it. */
  'feedback.sla': defineSetting<TFeedbackSla>({
    label: { zh: '家长反馈答复时限', en: 'Feedback reply time limit' },
    override: ZFeedbackSla,
    default: DEFAULT_FEEDBACK_SLA,
    levels: ['province', 'city', 'county'],
    merge: replace,
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
export const ZSettingKey = z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]], {
  error: bilingual('没有这个设置项', 'No such setting'),
});
/** The effective value type of a key. */
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'];

export const ZSettingsQuery = z.object({ orgUnitId: ZId });
export type TSettingsQuery = z.infer<typeof ZSettingsQuery>;

/** PUT /api/settings/:key?orgUnitId — `value: null` removes the unit's own value (it inherits again). */
export const ZPutSetting = z.object({
  value: z.unknown().refine((value) => value !== undefined, bilingual('请提供设置值（null 表示恢复继承）', 'Give the value (null to inherit again)')),
  reason: ZReason,
});
export type TPutSetting = z.infer<typeof ZPutSetting>;

export const ZSettingView = z.object({
  key: ZSettingKey,
  label: z.string(),
  /** The effective value at the unit. */
  value: z.unknown(),
  /** The nearest unit (the unit itself or an ancestor) that set it; null: the default. */
  source: ZSettingSource,
  /** What the unit itself stored, or null. */
  own: z.unknown().nullable(),
  levels: z.array(z.string()),
  /** Whether the asker may set it at this unit. */
  editable: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type TSettingView = z.infer<typeof ZSettingView>;
