import type { TFunction } from 'i18next';
import {
  ALLERGEN_NAMES,
  COOKING_METHOD_NAMES,
  type Allergen,
  type CookingMethod,
} from '@canteen/shared';
import { contractLanguage } from '@/lib/i18n';

export const ageBandLabel = (t: TFunction, band: string) =>
  t('menus.ageBand', { band: band.replace('-', '–') });

export const cookingMethodLabel = (method: CookingMethod, language: string) =>
  COOKING_METHOD_NAMES[method][contractLanguage(language)];

export const allergenLabel = (allergen: Allergen, language: string) =>
  ALLERGEN_NAMES[allergen][contractLanguage(language)];

/** A deviation as a signed percentage: +12.5 %, −30.0 %. */
export function deviationText(deviation: number | null): string {
  if (deviation === null) return '—';
  const pct = deviation * 100;
  return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${Math.abs(pct).toFixed(1)}%`;
}
