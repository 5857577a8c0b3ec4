import { Injectable } from '@nestjs/common';
import type { TIngredientQuery } from '@canteen/shared';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';

export const INGREDIENT_SELECT = {
  id: true,
  code: true,
  name: true,
  category: true,
  unit: true,
  unitDecimals: true,
  shelfLifeDays: true,
  coldChain: true,
  quarantineRequired: true,
  createdAt: true,
} as const;
export type IngredientRow = Prisma.IngredientGetPayload<{ select: typeof INGREDIENT_SELECT }>;

/** The catalogue is platform-wide reference data, not tenant data: no scope narrows it. */
@Injectable()
export class IngredientsRepository {
  constructor(readonly prisma: PrismaService) {}

  findById(id: string, tx: Tx = this.prisma): Promise<IngredientRow | null> {
    return tx.ingredient.findUnique({ where: { id }, select: INGREDIENT_SELECT });
  }

  async list(query: TIngredientQuery) {
    const where: Prisma.IngredientWhereInput = {
      ...(query.category ? { category: query.category } : {}),
      ...(query.q ? { OR: [{ name: { contains: query.q } }, { code: { contains: query.q, mode: 'insensitive' } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.ingredient.findMany({
        where,
        select: INGREDIENT_SELECT,
        orderBy: [{ category: 'asc' }, { name: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.prisma.ingredient.count({ where }),
    ]);
    return { rows, total };
  }

  /** Which of the unique fields another ingredient already uses. */
  async clash(values: { code?: string; name?: string }, exceptId?: string): Promise<'code' | 'name' | null> {
    const or: Prisma.IngredientWhereInput[] = [];
    if (values.code) or.push({ code: values.code });
    if (values.name) or.push({ name: values.name });
    if (or.length === 0) return null;
    const row = await this.prisma.ingredient.findFirst({ where: { OR: or, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { code: true, name: true } });
    if (!row) return null;
    return row.code === values.code ? 'code' : 'name';
  }

  create(tx: Tx, data: Prisma.IngredientCreateInput): Promise<IngredientRow> {
    return tx.ingredient.create({ data, select: INGREDIENT_SELECT });
  }

  update(tx: Tx, id: string, data: Prisma.IngredientUpdateInput): Promise<IngredientRow> {
    return tx.ingredient.update({ where: { id }, data, select: INGREDIENT_SELECT });
  }
}
