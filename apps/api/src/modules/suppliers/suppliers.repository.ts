import { Injectable } from '@nestjs/common';
import type { TSupplierQuery } from '@canteen/shared';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import type { Scope, SupplierScope } from '@/common/tenancy/scope';
import { supplierWhere } from './supplier-access';

export const SUPPLIER_SELECT = {
  id: true,
  name: true,
  creditCode: true,
  kind: true,
  contactName: true,
  contactPhone: true,
  address: true,
  blacklistedAt: true,
  blacklistReason: true,
  createdAt: true,
  updatedAt: true,
  // The company's own licences, for the register's expiry badge.
  documents: { where: { farmBaseId: null }, select: { kind: true, expiresOn: true } },
} as const;
export type SupplierRow = Prisma.SupplierGetPayload<{ select: typeof SUPPLIER_SELECT }>;

@Injectable()
export class SuppliersRepository {
  constructor(readonly prisma: PrismaService) {}

  findById(scope: Scope | SupplierScope, id: string, tx: Tx = this.prisma): Promise<SupplierRow | null> {
    return tx.supplier.findFirst({ where: { id, ...supplierWhere(scope) }, select: SUPPLIER_SELECT });
  }

  async list(scope: Scope | SupplierScope, query: TSupplierQuery) {
    const where: Prisma.SupplierWhereInput = {
      ...supplierWhere(scope),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.blacklisted === undefined ? {} : { blacklistedAt: query.blacklisted ? { not: null } : null }),
      ...(query.q ? { OR: [{ name: { contains: query.q } }, { creditCode: { contains: query.q.toUpperCase() } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.supplier.findMany({
        where,
        select: SUPPLIER_SELECT,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.prisma.supplier.count({ where }),
    ]);
    return { rows, total };
  }

  async creditCodeTaken(_scope: Scope | SupplierScope, creditCode: string, exceptId?: string): Promise<boolean> {
    const row = await this.prisma.supplier.findUnique({ where: { creditCode }, select: { id: true } });
    return !!row && row.id !== exceptId;
  }

  create(tx: Tx, _scope: Scope, data: Prisma.SupplierCreateInput): Promise<SupplierRow> {
    return tx.supplier.create({ data, select: SUPPLIER_SELECT });
  }

  update(tx: Tx, scope: Scope | SupplierScope, id: string, data: Prisma.SupplierUpdateInput): Promise<SupplierRow> {
    return tx.supplier.update({ where: { id, ...supplierWhere(scope) }, data, select: SUPPLIER_SELECT });
  }
}
