import { Injectable } from '@nestjs/common';
import {
  type OrgLevel,
  ROLE_LEVELS,
  ROLE_RANK,
  type Role,
  type TCreateUser,
  type TPage,
  type TResetPassword,
  type TUpdateUser,
  type TUser,
  type TUserQuery,
  canAssignRole,
} from '@canteen/shared';
import { hashPassword } from '@/common/auth/password';
import { SessionStore } from '@/common/auth/session.store';
import { AuditWriter } from '@/common/audit/audit.writer';
import { badRequest, forbidden, notFound } from '@/common/http/app-error';
import { OrgUnitsRepository } from '@/modules/org-units/org-units.repository';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { auditSnapshot, toUser } from './users.mapper';
import { type UserRow, UsersRepository } from './users.repository';

const roleNotAssignable = () => forbidden('不能分配高于自己的角色', 'You cannot assign a role above your own');

@Injectable()
export class UsersService {
  constructor(
    private readonly repository: UsersRepository,
    private readonly orgUnits: OrgUnitsRepository,
    private readonly sessions: SessionStore,
    private readonly audit: AuditWriter,
  ) {}

  async list(actor: Actor, query: TUserQuery): Promise<TPage<TUser>> {
    const scope = requireAccess(actor, 'user:read');
    if (query.orgUnitId && !(await this.orgUnits.findById(scope, query.orgUnitId))) throw notFound('未找到该单位', 'Org unit not found');
    const { rows, total } = await this.repository.list(scope, query);
    return { items: rows.map((row) => toUser(row)), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string): Promise<TUser> {
    const scope = requireAccess(actor, 'user:read');
    return toUser(await this.findOrThrow(scope, id));
  }

  async create(actor: Actor, body: TCreateUser): Promise<TUser> {
    const scope = requireAccess(actor, 'user:write');
    if (!canAssignRole(actor.role, body.role)) throw roleNotAssignable();
    if (body.role === 'supplier') {
      throw badRequest('SUPPLIER_ACCOUNT', '供应商账号在供应商管理中创建', 'Supplier accounts are created with their supplier');
    }
    if (!body.orgUnitId) throw badRequest('ORG_UNIT_REQUIRED', '请选择所属单位', 'Choose the org unit of the account');
    const unit = await this.orgUnits.findById(scope, body.orgUnitId);
    if (!unit) throw notFound('未找到该单位', 'Org unit not found');
    this.assertRoleFitsLevel(body.role, unit.level as OrgLevel);
    const passwordHash = await hashPassword(body.initialPassword);
    return this.repository.prisma.$transaction(async (tx) => {
      const user = await this.repository.create(tx, scope, unit.path, {
        username: body.username,
        displayName: body.displayName,
        phone: body.phone ?? null,
        role: body.role,
        orgUnitId: unit.id,
        passwordHash,
        mustChangePassword: true,
      });
      await this.audit.record(tx, actor, { action: 'create', entity: 'user', entityId: user.id, orgPath: unit.path, after: auditSnapshot(user) });
      return toUser(user);
    });
  }

  async update(actor: Actor, id: string, body: TUpdateUser): Promise<TUser> {
    const scope = requireAccess(actor, 'user:write');
    const user = await this.findManageableOrThrow(actor, scope, id);
    if (body.role && body.role !== user.role) {
      if (!canAssignRole(actor.role, body.role)) throw roleNotAssignable();
      this.assertRoleFitsLevel(body.role, user.orgUnit!.level as OrgLevel);
    }
    if (body.disabled !== undefined && id === actor.userId) {
      throw badRequest('SELF_DISABLE', '不能停用自己的账号', 'You cannot disable your own account');
    }
    const updated = await this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.update(tx, scope, id, {
        ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
        ...(body.phone !== undefined ? { phone: body.phone } : {}),
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.disabled !== undefined ? { disabledAt: body.disabled ? (user.disabledAt ?? new Date()) : null } : {}),
      });
      await this.audit.record(tx, actor, { action: 'update', entity: 'user', entityId: id, orgPath: user.orgUnit!.path, before: auditSnapshot(user), after: auditSnapshot(row) });
      return row;
    });
    if ((body.role && body.role !== user.role) || body.disabled) await this.sessions.destroyAllForUser(id);
    return toUser(updated);
  }

  /** An admin's reset sets a temporary password that must be changed at the next sign-in. */
  async resetPassword(actor: Actor, id: string, body: TResetPassword): Promise<TUser> {
    const scope = requireAccess(actor, 'user:write');
    const user = await this.findManageableOrThrow(actor, scope, id);
    const passwordHash = await hashPassword(body.newPassword);
    const updated = await this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.update(tx, scope, id, { passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null });
      await this.audit.record(tx, actor, { action: 'password.reset', entity: 'user', entityId: id, orgPath: user.orgUnit!.path });
      return row;
    });
    await this.sessions.destroyAllForUser(id);
    return toUser(updated);
  }

  async unlock(actor: Actor, id: string): Promise<TUser> {
    const scope = requireAccess(actor, 'user:write');
    const user = await this.findManageableOrThrow(actor, scope, id);
    return this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.update(tx, scope, id, { failedLogins: 0, lockedUntil: null });
      await this.audit.record(tx, actor, { action: 'unlock', entity: 'user', entityId: id, orgPath: user.orgUnit!.path });
      return toUser(row);
    });
  }

  private assertRoleFitsLevel(role: Role, level: OrgLevel): void {
    if (!ROLE_LEVELS[role].includes(level)) {
      throw badRequest('ROLE_LEVEL_MISMATCH', '该角色不能设在此层级的单位', `Role ${role} does not belong at a ${level} unit`);
    }
  }

  private async findOrThrow(scope: Scope, id: string): Promise<UserRow> {
    const user = await this.repository.findById(scope, id);
    if (!user) throw notFound('未找到该账号', 'Account not found');
    return user;
  }

  /** Accounts of a higher rank than the actor's are visible but not manageable. */
  private async findManageableOrThrow(actor: Actor, scope: Scope, id: string): Promise<UserRow> {
    const user = await this.findOrThrow(scope, id);
    if (ROLE_RANK[user.role as Role] > ROLE_RANK[actor.role]) throw roleNotAssignable();
    return user;
  }
}
