import { Injectable } from '@nestjs/common';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import type { Scope, SupplierScope } from '@/common/tenancy/scope';
import { supplierWhere } from './supplier-access';

export const SUPPLIER_USER_SELECT = {
  id: true,
  username: true,
  displayName: true,
  phone: true,
  mustChangePassword: true,
  disabledAt: true,
  lastLoginAt: true,
  createdAt: true,
} as const;
export type SupplierUserRow = Prisma.UserGetPayload<{ select: typeof SUPPLIER_USER_SELECT }>;

/**
 * Accounts of supplier users. They sit outside the org tree (no org unit), so no tree scope applies:
 * a supplier user reads only their own company's accounts, and only supplier:write holders create them.
 */
@Injectable()
export class SupplierAccountsRepository {
  constructor(readonly prisma: PrismaService) {}

  list(scope: Scope | SupplierScope, supplierId: string): Promise<SupplierUserRow[]> {
    return this.prisma.user.findMany({
      where: { supplierId, supplier: supplierWhere(scope), role: 'supplier' },
      select: SUPPLIER_USER_SELECT,
      orderBy: [{ createdAt: 'asc' }, { username: 'asc' }],
    });
  }

  async usernameTaken(username: string): Promise<boolean> {
    return !!(await this.prisma.user.findUnique({ where: { username }, select: { id: true } }));
  }

  create(tx: Tx, _scope: Scope, data: Omit<Prisma.UserUncheckedCreateInput, 'role' | 'orgUnitId'>): Promise<SupplierUserRow> {
    return tx.user.create({ data: { ...data, role: 'supplier', orgUnitId: null }, select: SUPPLIER_USER_SELECT });
  }
}
