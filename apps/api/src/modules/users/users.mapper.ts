import type { OrgLevel, Role, TUser } from '@canteen/shared';
import type { UserRow } from './users.repository';

export function toUser(row: UserRow, now = new Date()): TUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    phone: row.phone,
    role: row.role as Role,
    orgUnit: row.orgUnit ? { id: row.orgUnit.id, name: row.orgUnit.name, level: row.orgUnit.level as OrgLevel } : null,
    supplierId: row.supplierId,
    mustChangePassword: row.mustChangePassword,
    locked: !!row.lockedUntil && row.lockedUntil > now,
    disabled: !!row.disabledAt,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the audit log keeps of an account: never the password hash. */
export function auditSnapshot(row: UserRow) {
  return { ...toUser(row), orgUnit: row.orgUnit?.id ?? null };
}
