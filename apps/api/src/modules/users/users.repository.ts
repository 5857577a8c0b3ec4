import { Injectable } from '@nestjs/common';
import type { TUserQuery } from '@canteen/shared';
import { Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';

export const USER_SELECT = {
  id: true,
  username: true,
  displayName: true,
  phone: true,
  role: true,
  supplierId: true,
  mustChangePassword: true,
  lockedUntil: true,
  disabledAt: true,
  lastLoginAt: true,
  createdAt: true,
  orgUnit: { select: { id: true, name: true, level: true, path: true } },
} as const;
export type UserRow = Prisma.UserGetPayload<{ select: typeof USER_SELECT }>;

/** Accounts are scoped through the org unit they belong to. */
@Injectable()
export class UsersRepository {
  constructor(readonly prisma: PrismaService) {}

  findById(scope: Scope, id: string, tx: Tx = this.prisma): Promise<UserRow | null> {
    return tx.user.findFirst({ where: { id, orgUnit: scopeWhere(scope) }, select: USER_SELECT });
  }

  async list(scope: Scope, query: TUserQuery) {
    const where: Prisma.UserWhereInput = {
      orgUnit: { ...scopeWhere(scope), ...(query.orgUnitId ? { id: query.orgUnitId } : {}) },
      ...(query.role ? { role: query.role } : {}),
      ...(query.q ? { OR: [{ username: { contains: query.q } }, { displayName: { contains: query.q } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.user.findMany({
        where,
        select: USER_SELECT,
        orderBy: [{ createdAt: 'desc' }, { username: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.prisma.user.count({ where }),
    ]);
    return { rows, total };
  }

  create(tx: Tx, scope: Scope, unitPath: string, data: Prisma.UserUncheckedCreateInput): Promise<UserRow> {
    assertInScope(scope, unitPath);
    return tx.user.create({ data, select: USER_SELECT });
  }

  update(tx: Tx, scope: Scope, id: string, data: Prisma.UserUpdateInput): Promise<UserRow> {
    return tx.user.update({ where: { id, orgUnit: scopeWhere(scope) }, data, select: USER_SELECT });
  }
}
