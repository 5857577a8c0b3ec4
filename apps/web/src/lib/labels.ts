import type { TFunction } from 'i18next';
import {
  ALL_ORG_KINDS,
  DOCUMENT_KINDS,
  FOOD_GROUPS,
  INGREDIENT_UNITS,
  type DocumentKind,
  type FoodGroup,
  type IngredientUnit,
  type OrgKind,
} from '@canteen/shared';
import { formatQuantity } from '@/lib/format';

/** Kinds arrive as plain strings in the contract; unknown ones are shown as they are. */
export function kindLabel(t: TFunction, kind: string): string {
  return (ALL_ORG_KINDS as string[]).includes(kind) ? t(`kind.${kind as OrgKind}`) : kind;
}

/** Units arrive as plain strings on lines; the catalogue's codes get a readable name. */
export function unitLabel(t: TFunction, unit: string): string {
  return (INGREDIENT_UNITS as readonly string[]).includes(unit)
    ? t(`supply.unit.${unit as IngredientUnit}`)
    : unit;
}

/** A decimal quantity string ("12.500") with its unit: "12.5 kg". */
export function quantityText(
  t: TFunction,
  quantity: string | null | undefined,
  unit?: string | null,
) {
  return formatQuantity(quantity, unit ? unitLabel(t, unit) : unit);
}

export function foodGroupLabel(t: TFunction, group: string): string {
  return (FOOD_GROUPS as readonly string[]).includes(group)
    ? t(`supply.foodGroup.${group as FoodGroup}`)
    : group;
}

export function documentKindLabel(t: TFunction, kind: string): string {
  return (DOCUMENT_KINDS as readonly string[]).includes(kind)
    ? t(`supply.documentKind.${kind as DocumentKind}`)
    : kind;
}
