import { useIngredientCatalogue } from '@/lib/supply-lookup';

/**
 * How many decimals each ingredient's unit allows (kg 3, pieces 0 …), from the catalogue; the
 * ledger's own answers carry the unit but not its precision. Unknown ingredients allow 3, and
 * the server refuses what its unit does not allow.
 */
export function useUnitDecimals(): (ingredientId: string) => number {
  const catalogue = useIngredientCatalogue();
  const map = new Map((catalogue.data?.items ?? []).map((i) => [i.id, i.unitDecimals]));
  return (ingredientId) => map.get(ingredientId) ?? 3;
}
