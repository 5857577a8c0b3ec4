import { type DocumentKind, type Meal, type TBilingualText, fenToYuan } from '@canteen/shared';

/** Words the rules put into alert titles, in both languages (the SPA's own names live in its locales). */
export const MEAL_TEXT: Record<Meal, TBilingualText> = {
  breakfast: { zh: '早餐', en: 'breakfast' },
  lunch: { zh: '午餐', en: 'lunch' },
  dinner: { zh: '晚餐', en: 'dinner' },
};

export const DOCUMENT_KIND_TEXT: Record<DocumentKind, TBilingualText> = {
  business_licence: { zh: '营业执照', en: 'business licence' },
  food_business_licence: { zh: '食品经营许可证', en: 'food business licence' },
  food_production_licence: { zh: '食品生产许可证', en: 'food production licence' },
  animal_epidemic_certificate: { zh: '动物防疫条件合格证', en: 'animal epidemic prevention certificate' },
  origin_certificate: { zh: '产地证明', en: 'origin certificate' },
  green_food_certificate: { zh: '绿色食品证书', en: 'green food certificate' },
  organic_certificate: { zh: '有机产品认证', en: 'organic certificate' },
  other: { zh: '其他证照', en: 'other document' },
};

/** 0.1234 → "12.3%". */
export const percentText = (share: number) => `${(Math.round(share * 1000) / 10).toString()}%`;

/** 12345 fen → "123.45 元" / "¥123.45". */
export const yuanText = (fen: number): TBilingualText => ({ zh: `${fenToYuan(fen)} 元`, en: `¥${fenToYuan(fen)}` });
