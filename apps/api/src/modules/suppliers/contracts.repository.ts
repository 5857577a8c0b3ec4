import { Injectable } from '@nestjs/common';
import type { ContractState, TContractQuery } from '@canteen/shared';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, type SupplierScope, assertInScope, scopeWhere } from '@/common/tenancy/scope';
import { fromDay } from './supplier-access';

export const CONTRACT_SELECT = {
  id: true,
  code: true,
  supplierId: true,
  schoolId: true,
  canteenIds: true,
  categories: true,
  validFrom: true,
  validTo: true,
  endedOn: true,
  endReason: true,
  amendsId: true,
  createdAt: true,
  supplier: { select: { id: true, name: true, blacklistedAt: true } },
  // The school's canteens give the names of the contracted ones.
  school: { select: { id: true, name: true, path: true, children: { where: { level: 'canteen' }, select: { id: true, name: true } } } },
} as const;
export type ContractRow = Prisma.SupplyContractGetPayload<{ select: typeof CONTRACT_SELECT }>;

/** Officials and school staff see the contracts of schools in their subtree; supplier users their own. */
function contractWhere(scope: Scope | SupplierScope): Prisma.SupplyContractWhereInput {
  return 'supplierId' in scope ? { supplierId: scope.supplierId } : { school: scopeWhere(scope) };
}

@Injectable()
export class ContractsRepository {
  constructor(readonly prisma: PrismaService) {}

  private stateWhere(state: ContractState, today: Date): Prisma.SupplyContractWhereInput {
    const fields = this.prisma.supplyContract.fields;
    switch (state) {
      case 'pending':
        return { validFrom: { gt: today }, OR: [{ endedOn: null }, { endedOn: { gte: fields.validFrom } }] };
      case 'active':
        return { validFrom: { lte: today }, validTo: { gte: today }, OR: [{ endedOn: null }, { endedOn: { gte: today } }] };
      case 'expired':
        return { endedOn: null, validTo: { lt: today } };
      case 'ended':
        return { endedOn: { not: null }, OR: [{ endedOn: { lt: today } }, { endedOn: { lt: fields.validFrom } }] };
    }
  }

  async list(scope: Scope | SupplierScope, query: TContractQuery, today: string) {
    const where: Prisma.SupplyContractWhereInput = {
      AND: [
        contractWhere(scope),
        query.supplierId ? { supplierId: query.supplierId } : {},
        query.schoolId ? { schoolId: query.schoolId } : {},
        query.canteenId ? { canteenIds: { has: query.canteenId } } : {},
        query.state ? this.stateWhere(query.state, fromDay(today)) : {},
      ],
    };
    const [rows, total] = await Promise.all([
      this.prisma.supplyContract.findMany({
        where,
        select: CONTRACT_SELECT,
        orderBy: [{ validFrom: 'desc' }, { code: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.prisma.supplyContract.count({ where }),
    ]);
    return { rows, total };
  }

  findById(scope: Scope | SupplierScope, id: string, tx: Tx = this.prisma): Promise<ContractRow | null> {
    return tx.supplyContract.findFirst({ where: { id, ...contractWhere(scope) }, select: CONTRACT_SELECT });
  }

  /** The school, when it lies in the scope, with its canteens. */
  findSchool(scope: Scope, id: string) {
    return this.prisma.orgUnit.findFirst({
      where: { id, ...scopeWhere(scope) },
      select: { id: true, name: true, level: true, path: true, children: { where: { level: 'canteen' }, select: { id: true, name: true } } },
    });
  }

  /** Contracts of the supplier with the school whose validity overlaps the period, for the overlap rule. */
  overlapping(tx: Tx, scope: Scope, supplierId: string, schoolId: string, validFrom: string, validTo: string): Promise<ContractRow[]> {
    return tx.supplyContract.findMany({
      where: {
        supplierId,
        schoolId,
        school: scopeWhere(scope),
        validFrom: { lte: fromDay(validTo) },
        validTo: { gte: fromDay(validFrom) },
        OR: [{ endedOn: null }, { endedOn: { gte: fromDay(validFrom) } }],
      },
      select: CONTRACT_SELECT,
    });
  }

  create(tx: Tx, scope: Scope, schoolPath: string, data: Prisma.SupplyContractUncheckedCreateInput): Promise<ContractRow> {
    assertInScope(scope, schoolPath);
    return tx.supplyContract.create({ data, select: CONTRACT_SELECT });
  }

  end(tx: Tx, scope: Scope, id: string, data: { endedOn: Date; endReason: string; endedById: string; endedAt: Date }): Promise<ContractRow> {
    return tx.supplyContract.update({ where: { id, school: scopeWhere(scope) }, data, select: CONTRACT_SELECT });
  }

  /** Standing of a supplier for the supply rules; not scoped, callers have scoped the canteen. */
  supplierStanding(tx: Tx, supplierId: string) {
    return tx.supplier.findUnique({ where: { id: supplierId }, select: { id: true, name: true, blacklistedAt: true, blacklistReason: true } });
  }

  findActiveFor(tx: Tx, supplierId: string, canteenId: string, day: string, category: string) {
    const date = fromDay(day);
    return tx.supplyContract.findFirst({
      where: {
        supplierId,
        canteenIds: { has: canteenId },
        categories: { has: category },
        validFrom: { lte: date },
        validTo: { gte: date },
        OR: [{ endedOn: null }, { endedOn: { gte: date } }],
      },
      select: { id: true, code: true, supplierId: true, schoolId: true, canteenIds: true, categories: true, validFrom: true, validTo: true, endedOn: true },
      orderBy: { validFrom: 'desc' },
    });
  }
}
