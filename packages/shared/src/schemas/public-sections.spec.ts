import { bilingual, pickLanguage } from '../bilingual';
import { DEFAULT_PUBLIC_SECTIONS, PUBLIC_SECTIONS, type TPublicSectionsValue, mergePublicSections, refusePublicSections, visiblePublicSections } from './public-sections';
import { SETTINGS } from './settings';

const zh = (message: string | undefined) => (message ? pickLanguage(message, 'zh') : undefined);

describe('public page sections', () => {
  it('shows (shown ∪ mandatory) − forbidden, in the canonical order', () => {
    const value: TPublicSectionsValue = { shown: ['staff', 'menu'], mandatory: ['licences', 'staff'], forbidden: ['staff'] };
    expect(visiblePublicSections(value)).toEqual(['licences', 'menu']);
    expect(visiblePublicSections(DEFAULT_PUBLIC_SECTIONS)).toEqual(PUBLIC_SECTIONS.filter((s) => s !== 'prices'));
  });

  it('merges each part of an override separately', () => {
    expect(mergePublicSections(DEFAULT_PUBLIC_SECTIONS, { forbidden: [] })).toEqual({ ...DEFAULT_PUBLIC_SECTIONS, forbidden: [] });
    expect(mergePublicSections(DEFAULT_PUBLIC_SECTIONS, { shown: ['menu'] }).shown).toEqual(['menu']);
  });

  it('lets a school choose only what it shows, within the county’s limits', () => {
    const inherited = DEFAULT_PUBLIC_SECTIONS;
    expect(refusePublicSections(inherited, { shown: [...inherited.mandatory, 'sources'] }, 'school')).toBeUndefined();
    expect(refusePublicSections(inherited, { shown: [...inherited.mandatory], mandatory: [] }, 'canteen')).toBe(
      bilingual('必须公开和禁止公开的栏目由县（区）设定，学校只能选择公开哪些栏目', 'The county sets which sections are mandatory or forbidden; a school only chooses what it shows'),
    );
    expect(zh(refusePublicSections(inherited, { shown: [...inherited.mandatory, 'prices'] }, 'canteen'))).toBe('县（区）不允许公开：餐费与成本');
    expect(zh(refusePublicSections(inherited, { shown: ['menu', 'feedback'] }, 'school'))).toBe('县（区）要求必须公开：证照公示');
  });

  it('lets a county set limits that do not both require and forbid a section', () => {
    expect(refusePublicSections(DEFAULT_PUBLIC_SECTIONS, { forbidden: [] }, 'county')).toBeUndefined();
    expect(refusePublicSections(DEFAULT_PUBLIC_SECTIONS, { mandatory: ['prices'] }, 'county')).toMatch(/既必须公开又禁止公开：餐费与成本/);
    // The county's own default for its schools' choice is not held to its limits.
    expect(refusePublicSections(DEFAULT_PUBLIC_SECTIONS, { shown: [] }, 'city')).toBeUndefined();
  });

  it('is declared as a setting every level may hold, under its own permission', () => {
    const definition = SETTINGS['public.sections'];
    expect(definition.levels).toEqual(['province', 'city', 'county', 'school', 'canteen']);
    expect(definition.permission).toBe('public:manage');
    expect(definition.override.safeParse({ shown: ['menu', 'menu'] }).success).toBe(false);
    expect(definition.override.safeParse({}).success).toBe(false);
    expect(definition.override.safeParse({ shown: ['menu'], extra: true }).success).toBe(false);
  });
});
