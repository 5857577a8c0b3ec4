import { Injectable } from '@nestjs/common';
import type { TDishQuery } from '@canteen/shared';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';

/** The ids on a materialised path, root first: the unit and its ancestors. */
export const pathIds = (path: string) => path.split('/').filter(Boolean);

/**
 * Dishes an actor may see: those of units in its subtree, and the standard dishes of the units
 * above it (a county's dishes are for its schools to reuse).
 */
export function dishWhere(scope: Scope): Prisma.DishWhereInput {
  return { OR: [{ owner: scopeWhere(scope) }, { ownerUnitId: { in: pathIds(scope.path) } }] };
}

const INGREDIENT_REF = { select: { id: true, code: true, name: true, category: true, unit: true } } as const;

export const DISH_VERSION_SELECT = {
  id: true,
  version: true,
  name: true,
  cookingMethod: true,
  photoFileId: true,
  allergens: true,
  ageBands: true,
  reason: true,
  createdById: true,
  createdAt: true,
  lines: { orderBy: { position: 'asc' }, select: { ingredientId: true, ageBand: true, grams: true, position: true, ingredient: INGREDIENT_REF } },
} as const;
export type DishVersionRow = Prisma.DishVersionGetPayload<{ select: typeof DISH_VERSION_SELECT }>;

export const DISH_SELECT = {
  id: true,
  active: true,
  currentVersion: true,
  owner: { select: { id: true, name: true, level: true, path: true } },
} as const;
export type DishHeadRow = Prisma.DishGetPayload<{ select: typeof DISH_SELECT }>;
export type DishRow = DishHeadRow & { version: DishVersionRow };

export interface DishContent {
  name: string;
  cookingMethod: string;
  photoFileId: string | null;
  allergens: string[];
  ageBands: string[];
  reason: string | null;
  createdById: string;
  lines: { ingredientId: string; ageBand: string; grams: number; position: number }[];
}

@Injectable()
export class DishesRepository {
  constructor(readonly prisma: PrismaService) {}

  /** The unit that is to own a dish, when it lies in the scope. */
  findOwner(scope: Scope, unitId: string) {
    return this.prisma.orgUnit.findFirst({ where: { id: unitId, ...scopeWhere(scope) }, select: { id: true, name: true, level: true, path: true } });
  }

  /** Catalogue facts the recipe checks need (the catalogue is not tenant data). */
  findIngredients(ids: string[]) {
    return this.prisma.ingredient.findMany({ where: { id: { in: ids } }, select: { id: true, code: true, name: true, category: true, unit: true } });
  }

  /** A JPEG/PNG uploaded by a user inside the scope, never a supplier's file. */
  async isOwnPhoto(scope: Scope, fileId: string): Promise<boolean> {
    const file = await this.prisma.storedFile.findFirst({
      where: { id: fileId, supplierId: null, contentType: { in: ['image/jpeg', 'image/png'] } },
      select: { uploadedById: true },
    });
    if (!file?.uploadedById) return false;
    return (await this.prisma.user.count({ where: { id: file.uploadedById, orgUnit: scopeWhere(scope) } })) > 0;
  }

  async create(tx: Tx, scope: Scope, owner: { id: string; path: string }, content: DishContent): Promise<string> {
    assertInScope(scope, owner.path);
    const dish = await tx.dish.create({ data: { ownerUnitId: owner.id, createdById: content.createdById, currentVersion: 1 }, select: { id: true } });
    await this.insertVersion(tx, dish.id, 1, content);
    return dish.id;
  }

  /**
   * The next version, when the dish is still at `expectedVersion` (a concurrent change answers null
   * and writes nothing that the caller's transaction keeps).
   */
  async addVersion(tx: Tx, scope: Scope, dishId: string, expectedVersion: number, content: DishContent): Promise<boolean> {
    const { count } = await tx.dish.updateMany({
      where: { id: dishId, currentVersion: expectedVersion, owner: scopeWhere(scope) },
      data: { currentVersion: expectedVersion + 1 },
    });
    if (count === 0) return false;
    await this.insertVersion(tx, dishId, expectedVersion + 1, content);
    return true;
  }

  async setActive(tx: Tx, scope: Scope, dishId: string, active: boolean): Promise<boolean> {
    const { count } = await tx.dish.updateMany({ where: { id: dishId, owner: scopeWhere(scope) }, data: { active } });
    return count > 0;
  }

  /** A dish with its current version, when the actor may see it. */
  async findById(scope: Scope, id: string, tx: Tx = this.prisma): Promise<DishRow | null> {
    const head = await tx.dish.findFirst({ where: { id, ...dishWhere(scope) }, select: DISH_SELECT });
    if (!head) return null;
    const version = await tx.dishVersion.findFirst({ where: { dishId: id, version: head.currentVersion, dish: dishWhere(scope) }, select: DISH_VERSION_SELECT });
    return version ? { ...head, version } : null;
  }

  async findVersions(scope: Scope, id: string): Promise<DishVersionRow[]> {
    return this.prisma.dishVersion.findMany({ where: { dishId: id, dish: dishWhere(scope) }, select: DISH_VERSION_SELECT, orderBy: { version: 'desc' } });
  }

  /**
   * A page of dishes with their current versions. With `plannableFor` (a canteen's path) only the
   * dishes that canteen may plan with: owned by the canteen or a unit above it.
   */
  async list(scope: Scope, query: TDishQuery, plannableFor?: string): Promise<{ rows: DishRow[]; total: number }> {
    const where: Prisma.DishWhereInput = {
      AND: [
        dishWhere(scope),
        plannableFor ? { ownerUnitId: { in: pathIds(plannableFor) } } : {},
        query.active === 'all' ? {} : { active: query.active === 'true' },
      ],
    };
    // Name and age band live on the current version: filter them in SQL over the versions.
    const current = await this.currentVersionIds(scope, where, query);
    const [heads, total] = await Promise.all([
      this.prisma.dish.findMany({
        where: { AND: [where, { id: { in: current.dishIds } }] },
        select: DISH_SELECT,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      Promise.resolve(current.dishIds.length),
    ]);
    const versions = await this.prisma.dishVersion.findMany({
      where: { OR: heads.map((h) => ({ dishId: h.id, version: h.currentVersion })), dish: dishWhere(scope) },
      select: { ...DISH_VERSION_SELECT, dishId: true },
    });
    const byDish = new Map(versions.map((v) => [v.dishId, v]));
    return { rows: heads.flatMap((head) => (byDish.has(head.id) ? [{ ...head, version: byDish.get(head.id)! }] : [])), total };
  }

  /**
   * The dishes a canteen may plan with, by id, with their current version: owned by the canteen or
   * a unit above it, and visible to the actor.
   */
  findPlannable(scope: Scope, canteenPath: string, ids: string[]) {
    return this.prisma.dish.findMany({
      where: { id: { in: ids }, ownerUnitId: { in: pathIds(canteenPath) }, ...dishWhere(scope) },
      select: { id: true, active: true, currentVersion: true, versions: { select: { id: true, version: true, name: true, ageBands: true } } },
    });
  }

  /** Recipe lines of dish versions the actor may see. */
  findRecipes(scope: Scope, dishVersionIds: string[], tx: Tx = this.prisma) {
    return tx.dishLine.findMany({
      where: { dishVersionId: { in: dishVersionIds }, dishVersion: { dish: dishWhere(scope) } },
      select: { dishVersionId: true, ingredientId: true, ageBand: true, grams: true },
    });
  }

  private async currentVersionIds(scope: Scope, where: Prisma.DishWhereInput, query: TDishQuery): Promise<{ dishIds: string[] }> {
    const heads = await this.prisma.dish.findMany({ where, select: { id: true, currentVersion: true } });
    if (heads.length === 0) return { dishIds: [] };
    const versions = await this.prisma.dishVersion.findMany({
      where: {
        OR: heads.map((h) => ({ dishId: h.id, version: h.currentVersion })),
        dish: dishWhere(scope),
        ...(query.q ? { name: { contains: query.q } } : {}),
        ...(query.ageBand ? { ageBands: { has: query.ageBand } } : {}),
      },
      select: { dishId: true },
    });
    return { dishIds: versions.map((v) => v.dishId) };
  }

  private async insertVersion(tx: Tx, dishId: string, version: number, content: DishContent): Promise<void> {
    const { lines, ...fields } = content;
    await tx.dishVersion.create({
      data: { dishId, version, ...fields, lines: { createMany: { data: lines.map((line) => ({ ...line, grams: line.grams.toString() })) } } },
    });
  }
}
