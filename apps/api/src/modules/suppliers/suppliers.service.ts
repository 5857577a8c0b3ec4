import { Injectable } from '@nestjs/common';
import {
  type TBlacklistChange,
  type TCreateSupplier,
  type TCreateSupplierUser,
  type TPage,
  type TSupplier,
  type TSupplierQuery,
  type TSupplierUser,
  type TUpdateSupplier,
  shanghaiDay,
} from '@canteen/shared';
import { hashPassword } from '@/common/auth/password';
import { AuditWriter } from '@/common/audit/audit.writer';
import { conflict, forbidden } from '@/common/http/app-error';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, type SupplierScope, requireAccess, requireSupplierAccess } from '@/common/tenancy/scope';
import { requireSupplierRecordAccess, supplierNotFound } from './supplier-access';
import { supplierSnapshot, toSupplier, toSupplierUser } from './suppliers.mapper';
import { SupplierAccountsRepository } from './supplier-accounts.repository';
import { type SupplierRow, SuppliersRepository } from './suppliers.repository';

/** The fields a supplier user may change on their own company; the rest is the registry's. */
const SELF_EDITABLE = new Set<keyof TUpdateSupplier>(['contactName', 'contactPhone', 'address']);

const creditCodeTaken = () => conflict('该统一社会信用代码已登记', 'A supplier with that unified social credit code is already registered');

/** Audit entries of registry changes belong to the unit of the official who made them. */
const auditPath = (actor: Actor) => actor.orgUnit?.path ?? null;

@Injectable()
export class SuppliersService {
  constructor(
    private readonly repository: SuppliersRepository,
    private readonly accounts: SupplierAccountsRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async list(actor: Actor, query: TSupplierQuery): Promise<TPage<TSupplier>> {
    const scope = actor.supplier ? requireSupplierAccess(actor, 'supplier:self') : requireAccess(actor, 'supplier:read');
    const { rows, total } = await this.repository.list(scope, query);
    const today = shanghaiDay();
    return { items: rows.map((row) => toSupplier(row, today)), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string): Promise<TSupplier> {
    const scope = requireSupplierRecordAccess(actor, id, 'supplier:read');
    return toSupplier(await this.findOrThrow(scope, id), shanghaiDay());
  }

  async create(actor: Actor, body: TCreateSupplier): Promise<TSupplier> {
    const scope = requireAccess(actor, 'supplier:write');
    if (await this.repository.creditCodeTaken(scope, body.creditCode)) throw creditCodeTaken();
    return this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.create(tx, scope, {
        name: body.name,
        creditCode: body.creditCode,
        kind: body.kind,
        contactName: body.contactName ?? null,
        contactPhone: body.contactPhone ?? null,
        address: body.address ?? null,
      });
      await this.audit.record(tx, actor, { action: 'create', entity: 'supplier', entityId: row.id, orgPath: auditPath(actor), after: supplierSnapshot(row) });
      return toSupplier(row, shanghaiDay());
    });
  }

  async update(actor: Actor, id: string, body: TUpdateSupplier): Promise<TSupplier> {
    const scope = requireSupplierRecordAccess(actor, id, 'supplier:write');
    if (actor.supplier && Object.keys(body).some((key) => !SELF_EDITABLE.has(key as keyof TUpdateSupplier))) {
      throw forbidden('供应商账号只能修改联系人、电话和地址', 'Supplier accounts may change only the contact name, phone and address');
    }
    const before = await this.findOrThrow(scope, id);
    if (body.creditCode && body.creditCode !== before.creditCode && (await this.repository.creditCodeTaken(scope, body.creditCode, id))) {
      throw creditCodeTaken();
    }
    return this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.update(tx, scope, id, body);
      await this.audit.record(tx, actor, {
        action: 'update',
        entity: 'supplier',
        entityId: id,
        orgPath: auditPath(actor),
        before: supplierSnapshot(before),
        after: supplierSnapshot(row),
      });
      return toSupplier(row, shanghaiDay());
    });
  }

  /** 严重违法失信名单: from now on the supplier can be neither contracted nor deliver. */
  async blacklist(actor: Actor, id: string, body: TBlacklistChange): Promise<TSupplier> {
    const scope = requireAccess(actor, 'supplier:write');
    const before = await this.findOrThrow(scope, id);
    if (before.blacklistedAt) throw conflict('该供应商已在失信名单中', 'The supplier is already blacklisted');
    return this.repository.prisma.$transaction(async (tx) => {
      const at = new Date();
      const row = await this.repository.update(tx, scope, id, { blacklistedAt: at, blacklistReason: body.reason });
      await this.audit.record(tx, actor, {
        action: 'blacklist',
        entity: 'supplier',
        entityId: id,
        orgPath: auditPath(actor),
        before: supplierSnapshot(before),
        after: supplierSnapshot(row),
      });
      await this.outbox.emit(tx, 'supplier.blacklisted', { supplierId: id, name: row.name, reason: body.reason, at: at.toISOString(), byUserId: actor.userId }, null);
      return toSupplier(row, shanghaiDay());
    });
  }

  async liftBlacklist(actor: Actor, id: string, body: TBlacklistChange): Promise<TSupplier> {
    const scope = requireAccess(actor, 'supplier:write');
    const before = await this.findOrThrow(scope, id);
    if (!before.blacklistedAt) throw conflict('该供应商不在失信名单中', 'The supplier is not blacklisted');
    return this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.update(tx, scope, id, { blacklistedAt: null, blacklistReason: null });
      await this.audit.record(tx, actor, {
        action: 'blacklist.lift',
        entity: 'supplier',
        entityId: id,
        orgPath: auditPath(actor),
        before: supplierSnapshot(before),
        after: { ...supplierSnapshot(row), reason: body.reason },
      });
      await this.outbox.emit(tx, 'supplier.blacklist-lifted', { supplierId: id, name: row.name, reason: body.reason, at: new Date().toISOString(), byUserId: actor.userId }, null);
      return toSupplier(row, shanghaiDay());
    });
  }

  async listUsers(actor: Actor, id: string): Promise<TSupplierUser[]> {
    const scope = requireSupplierRecordAccess(actor, id, 'supplier:write');
    await this.findOrThrow(scope, id);
    return (await this.accounts.list(scope, id)).map(toSupplierUser);
  }

  /** The users module refuses role supplier on purpose: supplier accounts are created here, with their company. */
  async createUser(actor: Actor, id: string, body: TCreateSupplierUser): Promise<TSupplierUser> {
    const scope = requireAccess(actor, 'supplier:write');
    const supplier = await this.findOrThrow(scope, id);
    if (await this.accounts.usernameTaken(body.username)) throw conflict('该用户名已被使用', 'That username is already taken');
    const passwordHash = await hashPassword(body.initialPassword);
    return this.repository.prisma.$transaction(async (tx) => {
      const user = await this.accounts.create(tx, scope, {
        username: body.username,
        displayName: body.displayName,
        phone: body.phone ?? null,
        supplierId: supplier.id,
        passwordHash,
        mustChangePassword: true,
      });
      await this.audit.record(tx, actor, {
        action: 'create',
        entity: 'user',
        entityId: user.id,
        orgPath: auditPath(actor),
        after: { ...toSupplierUser(user), role: 'supplier', supplierId: supplier.id },
      });
      return toSupplierUser(user);
    });
  }

  private async findOrThrow(scope: Scope | SupplierScope, id: string): Promise<SupplierRow> {
    const row = await this.repository.findById(scope, id);
    if (!row) throw supplierNotFound();
    return row;
  }
}
