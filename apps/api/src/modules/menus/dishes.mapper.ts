import {
  AGE_BANDS,
  type AgeBand,
  type Allergen,
  type CookingMethod,
  type FoodGroup,
  type OrgLevel,
  type TDish,
  type TDishLine,
  isManagementLevel,
} from '@canteen/shared';
import type { DishRow, DishVersionRow } from './dishes.repository';

export type UserNames = Map<string, string>;

const bandOrder = (a: string, b: string) => AGE_BANDS.indexOf(a as AgeBand) - AGE_BANDS.indexOf(b as AgeBand);

/** Recipe rows (one per ingredient and age band) back into lines with grams per band, in entry order. */
export function toDishLines(rows: DishVersionRow['lines']): TDishLine[] {
  const lines = new Map<string, TDishLine & { position: number }>();
  for (const row of rows) {
    const line = lines.get(row.ingredientId) ?? {
      position: row.position,
      ingredient: { ...row.ingredient, category: row.ingredient.category as FoodGroup },
      grams: {},
    };
    line.grams[row.ageBand as AgeBand] = Number(row.grams.toFixed());
    lines.set(row.ingredientId, line);
  }
  return [...lines.values()].sort((a, b) => a.position - b.position).map(({ position: _position, ...line }) => line);
}

export function toDish(row: DishRow, users: UserNames): TDish {
  return toDishVersion(row, row.version, users);
}

export function toDishVersion(head: Omit<DishRow, 'version'>, version: DishVersionRow, users: UserNames): TDish {
  return {
    id: head.id,
    owner: { id: head.owner.id, name: head.owner.name, level: head.owner.level as OrgLevel },
    standard: isManagementLevel(head.owner.level as OrgLevel),
    active: head.active,
    versionId: version.id,
    version: version.version,
    name: version.name,
    cookingMethod: version.cookingMethod as CookingMethod,
    photoFileId: version.photoFileId,
    allergens: version.allergens as Allergen[],
    ageBands: [...version.ageBands].sort(bandOrder) as AgeBand[],
    lines: toDishLines(version.lines),
    reason: version.reason,
    createdBy: { id: version.createdById, name: users.get(version.createdById) ?? '—' },
    createdAt: version.createdAt.toISOString(),
  };
}
