import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma, type Tx } from '@/common/prisma/prisma.service';
import type { SupplierScope } from '@/common/tenancy/scope';

export const API_KEY_SELECT = {
  id: true,
  supplierId: true,
  prefix: true,
  label: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;
export type ApiKeyRow = Prisma.SupplierApiKeyGetPayload<{ select: typeof API_KEY_SELECT }>;

@Injectable()
export class SupplierApiKeysRepository {
  constructor(readonly prisma: PrismaService) {}

  /** The lookup behind authentication, before any scope exists: the prefix is all the caller has. */
  findForAuthentication(prefix: string) {
    return this.prisma.supplierApiKey.findUnique({
      where: { prefix },
      select: { id: true, supplierId: true, secretHash: true, revokedAt: true, supplier: { select: { blacklistedAt: true, blacklistReason: true } } },
    });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.supplierApiKey.update({ where: { id }, data: { lastUsedAt: at }, select: { id: true } });
  }

  list(scope: SupplierScope): Promise<ApiKeyRow[]> {
    return this.prisma.supplierApiKey.findMany({ where: { supplierId: scope.supplierId }, select: API_KEY_SELECT, orderBy: { createdAt: 'desc' } });
  }

  findById(scope: SupplierScope, id: string, tx: Tx = this.prisma): Promise<ApiKeyRow | null> {
    return tx.supplierApiKey.findFirst({ where: { id, supplierId: scope.supplierId }, select: API_KEY_SELECT });
  }

  create(tx: Tx, scope: SupplierScope, data: { prefix: string; secretHash: string; label: string; createdById: string }): Promise<ApiKeyRow> {
    return tx.supplierApiKey.create({ data: { ...data, supplierId: scope.supplierId }, select: API_KEY_SELECT });
  }

  revoke(tx: Tx, scope: SupplierScope, id: string, at: Date): Promise<ApiKeyRow> {
    return tx.supplierApiKey.update({ where: { id, supplierId: scope.supplierId }, data: { revokedAt: at }, select: API_KEY_SELECT });
  }
}
