import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  FOOD_GROUP_NAMES,
  type FoodGroup,
  type TAmendContract,
  type TContract,
  type TContractQuery,
  type TCreateContract,
  type TEndContract,
  type TPage,
  addDays,
  shanghaiDay,
} from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { AppError, badRequest, conflict, notFound } from '@/common/http/app-error';
import type { Tx } from '@/common/prisma/prisma.service';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess, requireSupplierAccess } from '@/common/tenancy/scope';
import { type ContractRow, ContractsRepository } from './contracts.repository';
import { fromDay, supplierNotFound, toDay } from './supplier-access';
import { contractState, toContract } from './suppliers.mapper';
import { SuppliersRepository } from './suppliers.repository';

const contractNotFound = () => notFound('未找到该合同', 'Contract not found');

type Terms = { canteenIds: string[]; categories: FoodGroup[]; validFrom: string; validTo: string };

/** The last day a contract is valid: its agreed end, or the day it was ended early. */
const lastDayOf = (row: ContractRow) => toDay(row.endedOn ?? row.validTo);

/**
 * Supply contracts: which supplier may deliver which food groups to which canteens of a school, and
 * when. History is never edited: a contract can be ended early (with a reason) or amended, which
 * ends it and starts a new one that names it.
 */
@Injectable()
export class ContractsService {
  constructor(
    private readonly repository: ContractsRepository,
    private readonly suppliers: SuppliersRepository,
    private readonly audit: AuditWriter,
  ) {}

  async list(actor: Actor, query: TContractQuery): Promise<TPage<TContract>> {
    const scope = actor.supplier ? requireSupplierAccess(actor, 'supplier:self') : requireAccess(actor, 'supplier:read');
    const today = shanghaiDay();
    const { rows, total } = await this.repository.list(scope, query, today);
    return { items: rows.map((row) => toContract(row, today)), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string): Promise<TContract> {
    const scope = actor.supplier ? requireSupplierAccess(actor, 'supplier:self') : requireAccess(actor, 'supplier:read');
    const row = await this.repository.findById(scope, id);
    if (!row) throw contractNotFound();
    return toContract(row, shanghaiDay());
  }

  async create(actor: Actor, body: TCreateContract): Promise<TContract> {
    const scope = requireAccess(actor, 'contract:write');
    const school = await this.checkTerms(scope, body.supplierId, body.schoolId, body);
    return this.repository.prisma.$transaction(async (tx) => {
      await this.assertNoOverlap(tx, scope, body.supplierId, body.schoolId, body, null);
      const row = await this.repository.create(tx, scope, school.path, this.newContract(actor, body.supplierId, body.schoolId, body, null));
      const contract = toContract(row, shanghaiDay());
      await this.audit.record(tx, actor, { action: 'create', entity: 'supply_contract', entityId: row.id, orgPath: school.path, after: contract });
      return contract;
    });
  }

  /** Ends a contract early: from the day after `lastDay` the supplier may no longer deliver under it. */
  async end(actor: Actor, id: string, body: TEndContract): Promise<TContract> {
    const scope = requireAccess(actor, 'contract:write');
    const today = shanghaiDay();
    if (body.lastDay < today) throw badRequest('END_IN_PAST', '终止日期不能早于今天', 'A contract cannot be ended in the past');
    return this.repository.prisma.$transaction(async (tx) => {
      const before = await this.findOpen(tx, scope, id, today);
      if (body.lastDay >= lastDayOf(before)) {
        throw badRequest('END_NOT_EARLY', `提前终止日期须早于合同截止日期 ${lastDayOf(before)}`, `The last day must be before the contract's end, ${lastDayOf(before)}`);
      }
      const row = await this.repository.end(tx, scope, id, { endedOn: fromDay(body.lastDay), endReason: body.reason, endedById: actor.userId, endedAt: new Date() });
      const contract = toContract(row, today);
      await this.audit.record(tx, actor, { action: 'end', entity: 'supply_contract', entityId: id, orgPath: row.school.path, before: toContract(before, today), after: contract });
      return contract;
    });
  }

  /** A new contract for the same supplier and school from `validFrom`; the old one ends the day before. */
  async amend(actor: Actor, id: string, body: TAmendContract): Promise<TContract> {
    const scope = requireAccess(actor, 'contract:write');
    const today = shanghaiDay();
    if (body.validFrom < today) throw badRequest('AMEND_IN_PAST', '变更后的合同不能从过去的日期开始', 'An amendment cannot start in the past');
    const current = await this.repository.findById(scope, id);
    if (!current) throw contractNotFound();
    const school = await this.checkTerms(scope, current.supplierId, current.schoolId, body);
    return this.repository.prisma.$transaction(async (tx) => {
      const before = await this.findOpen(tx, scope, id, today);
      const dayBefore = addDays(body.validFrom, -1);
      const ended =
        dayBefore < lastDayOf(before)
          ? await this.repository.end(tx, scope, id, { endedOn: fromDay(dayBefore), endReason: body.reason, endedById: actor.userId, endedAt: new Date() })
          : before;
      await this.assertNoOverlap(tx, scope, before.supplierId, before.schoolId, body, id);
      const row = await this.repository.create(tx, scope, school.path, this.newContract(actor, before.supplierId, before.schoolId, body, id));
      const contract = toContract(row, today);
      await this.audit.record(tx, actor, { action: 'amend', entity: 'supply_contract', entityId: id, orgPath: school.path, before: toContract(before, today), after: toContract(ended, today) });
      await this.audit.record(tx, actor, { action: 'create', entity: 'supply_contract', entityId: row.id, orgPath: school.path, after: { ...contract, reason: body.reason } });
      return contract;
    });
  }

  /** School in scope, canteens of that school, a supplier that is not blacklisted, a period not over. */
  private async checkTerms(scope: Scope, supplierId: string, schoolId: string, terms: Terms) {
    const school = await this.repository.findSchool(scope, schoolId);
    if (!school) throw notFound('未找到该学校', 'School not found');
    if (school.level !== 'school') throw badRequest('NOT_A_SCHOOL', '合同须与学校签订', 'Contracts are made with a school');
    const canteens = new Set(school.children.map((c) => c.id));
    const foreign = terms.canteenIds.filter((canteenId) => !canteens.has(canteenId));
    if (foreign.length > 0) {
      throw badRequest('CANTEEN_NOT_OF_SCHOOL', `所选食堂不属于「${school.name}」`, `Some canteens do not belong to ${school.name}: ${foreign.join(', ')}`);
    }
    if (terms.validTo < shanghaiDay()) throw badRequest('CONTRACT_ALREADY_OVER', '合同截止日期已过', 'The contract period is already over');
    const supplier = await this.suppliers.findById(scope, supplierId);
    if (!supplier) throw supplierNotFound();
    if (supplier.blacklistedAt) {
      throw new AppError(
        409,
        'SUPPLIER_BLACKLISTED',
        `供应商「${supplier.name}」已列入严重违法失信名单，不能签订合同：${supplier.blacklistReason ?? ''}`,
        `Supplier "${supplier.name}" is blacklisted and cannot be contracted: ${supplier.blacklistReason ?? ''}`,
      );
    }
    return school;
  }

  /** Two open contracts may not cover the same canteen and food group on the same day. */
  private async assertNoOverlap(tx: Tx, scope: Scope, supplierId: string, schoolId: string, terms: Terms, exceptId: string | null): Promise<void> {
    const others = await this.repository.overlapping(tx, scope, supplierId, schoolId, terms.validFrom, terms.validTo);
    for (const other of others) {
      if (other.id === exceptId) continue;
      const canteen = other.canteenIds.find((c) => terms.canteenIds.includes(c));
      const category = other.categories.find((c) => terms.categories.includes(c as FoodGroup)) as FoodGroup | undefined;
      if (canteen && category) {
        throw conflict(
          `与合同 ${other.code} 重叠（同一食堂、${FOOD_GROUP_NAMES[category].zh}、日期交叉），请变更原合同`,
          `Overlaps contract ${other.code} (same canteen, ${FOOD_GROUP_NAMES[category].en}, dates overlap); amend that contract instead`,
        );
      }
    }
  }

  private async findOpen(tx: Tx, scope: Scope, id: string, today: string): Promise<ContractRow> {
    const row = await this.repository.findById(scope, id, tx);
    if (!row) throw contractNotFound();
    const state = contractState(row, today);
    if (state === 'ended' || state === 'expired') {
      throw conflict(state === 'ended' ? '该合同已终止' : '该合同已到期', state === 'ended' ? 'The contract has already ended' : 'The contract has already expired');
    }
    return row;
  }

  private newContract(actor: Actor, supplierId: string, schoolId: string, terms: Terms, amendsId: string | null) {
    return {
      code: `HT-${terms.validFrom.replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`,
      supplierId,
      schoolId,
      canteenIds: terms.canteenIds,
      categories: terms.categories,
      validFrom: fromDay(terms.validFrom),
      validTo: fromDay(terms.validTo),
      createdById: actor.userId,
      amendsId,
    };
  }
}
