// Which sections of a canteen's public page are shown: the setting 'public.sections'. Kept apart
// from schemas/public.ts because settings.ts imports it and public.ts imports menus.ts, which
// imports settings.ts.
import { z } from 'zod';
import { bilingual } from '../bilingual';
import type { OrgLevel } from '../org-levels';

/** The school and canteen basics are always public; these sections may be shown or hidden. */
export const PUBLIC_SECTIONS = [
  'licences',
  'rating',
  'menu',
  'nutrition',
  'sources',
  'ledger',
  'staff',
  /** Planned ingredient cost per student and the meal-fund standard: only where the county allows. */
  'prices',
  'dailyRecords',
  'fiveMeals',
  'cameras',
  'inspections',
  'feedback',
] as const;
export type PublicSection = (typeof PUBLIC_SECTIONS)[number];
export const ZPublicSection = z.enum(PUBLIC_SECTIONS, { error: bilingual('没有这个公示栏目', 'No such public section') });

export const PUBLIC_SECTION_NAMES: Record<PublicSection, { zh: string; en: string }> = {
  licences: { zh: '证照公示', en: 'Licences' },
  rating: { zh: '食品安全等级', en: 'Food-safety rating' },
  menu: { zh: '每周食谱', en: 'Weekly menu' },
  nutrition: { zh: '营养评估', en: 'Nutrition' },
  sources: { zh: '食材来源', en: 'Where the ingredients come from' },
  ledger: { zh: '账本每日签名', en: 'Signed daily ledger digests' },
  staff: { zh: '从业人员', en: 'Staff (counts)' },
  prices: { zh: '餐费与成本', en: 'Prices and costs' },
  dailyRecords: { zh: '每日记录', en: 'Daily records' },
  fiveMeals: { zh: '五餐监督', en: 'Five-meal supervision' },
  cameras: { zh: '明厨亮灶直播', en: 'Kitchen cameras' },
  inspections: { zh: '监督检查', en: 'Inspections' },
  feedback: { zh: '意见建议', en: 'Feedback' },
};

const sectionList = z
  .array(ZPublicSection)
  .max(PUBLIC_SECTIONS.length)
  .refine((list) => new Set(list).size === list.length, bilingual('栏目不能重复', 'Each section appears once'));

/**
 * The effective value at a unit. A canteen's page shows (shown ∪ mandatory) − forbidden:
 * `shown` is the school's choice, `mandatory` and `forbidden` are the county's limits.
 */
export const ZPublicSectionsValue = z.object({ shown: sectionList, mandatory: sectionList, forbidden: sectionList });
export type TPublicSectionsValue = z.infer<typeof ZPublicSectionsValue>;

/** What one unit stores: a school or canteen only `shown`; a county (or above) any of the three. */
export const ZPublicSectionsOverride = z
  .object({ shown: sectionList.optional(), mandatory: sectionList.optional(), forbidden: sectionList.optional() })
  .strict()
  .refine((v) => v.shown !== undefined || v.mandatory !== undefined || v.forbidden !== undefined, bilingual('请至少设置一项', 'Set at least one of shown, mandatory, forbidden'));
export type TPublicSectionsOverride = z.infer<typeof ZPublicSectionsOverride>;

/**
 * 学校食品安全与营养健康管理规定 (2019) asks schools to make their licences and weekly menus public
 * and to take parents' opinions; prices stay hidden until a county decides to publish them.
 */
export const DEFAULT_PUBLIC_SECTIONS: TPublicSectionsValue = {
  shown: PUBLIC_SECTIONS.filter((s) => s !== 'prices'),
  mandatory: ['licences', 'menu', 'feedback'],
  forbidden: ['prices'],
};

export function mergePublicSections(inherited: TPublicSectionsValue, override: TPublicSectionsOverride): TPublicSectionsValue {
  return {
    shown: override.shown ?? inherited.shown,
    mandatory: override.mandatory ?? inherited.mandatory,
    forbidden: override.forbidden ?? inherited.forbidden,
  };
}

/** The sections a page shows, in the canonical order. */
export function visiblePublicSections(value: TPublicSectionsValue): PublicSection[] {
  return PUBLIC_SECTIONS.filter((s) => (value.shown.includes(s) || value.mandatory.includes(s)) && !value.forbidden.includes(s));
}

const names = (list: readonly PublicSection[], language: 'zh' | 'en') => list.map((s) => PUBLIC_SECTION_NAMES[s][language]).join(language === 'zh' ? '、' : ', ');

/**
 * A school or canteen chooses only what it shows, within its county's limits; a county (or a unit
 * above) sets the limits, which may not both require and forbid a section.
 */
export function refusePublicSections(inherited: TPublicSectionsValue, override: TPublicSectionsOverride, level?: OrgLevel): string | undefined {
  const school = level === 'school' || level === 'canteen';
  if (school && (override.mandatory !== undefined || override.forbidden !== undefined)) {
    return bilingual('必须公开和禁止公开的栏目由县（区）设定，学校只能选择公开哪些栏目', 'The county sets which sections are mandatory or forbidden; a school only chooses what it shows');
  }
  const merged = mergePublicSections(inherited, override);
  const both = merged.mandatory.filter((s) => merged.forbidden.includes(s));
  if (both.length > 0) return bilingual(`栏目不能既必须公开又禁止公开：${names(both, 'zh')}`, `A section cannot be both mandatory and forbidden: ${names(both, 'en')}`);
  if (!school || override.shown === undefined) return undefined;
  const forbidden = override.shown.filter((s) => inherited.forbidden.includes(s));
  if (forbidden.length > 0) return bilingual(`县（区）不允许公开：${names(forbidden, 'zh')}`, `The county does not allow these to be public: ${names(forbidden, 'en')}`);
  const missing = inherited.mandatory.filter((s) => !override.shown!.includes(s));
  if (missing.length > 0) return bilingual(`县（区）要求必须公开：${names(missing, 'zh')}`, `The county requires these to be public: ${names(missing, 'en')}`);
  return undefined;
}
