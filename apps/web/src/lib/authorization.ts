import {
  ROLE_RANK,
  hasPermission,
  isManagementLevel,
  type Permission,
  type Role,
  type TSessionUser,
} from '@canteen/shared';

/** Menus and buttons follow the same ROLE_PERMISSIONS table that the API guard enforces. */
export function can(user: TSessionUser | null | undefined, permission: Permission): boolean {
  return !!user && hasPermission(user.role, permission);
}

export function canAny(
  user: TSessionUser | null | undefined,
  permissions: readonly Permission[],
): boolean {
  return permissions.some((permission) => can(user, permission));
}

export type Tier = 'management' | 'school' | 'supplier';

export function tierOf(user: TSessionUser): Tier {
  if (!user.orgUnit) return 'supplier';
  return isManagementLevel(user.orgUnit.level) ? 'management' : 'school';
}

export function homePath(user: TSessionUser): string {
  return user.orgUnit ? `/org/${user.orgUnit.id}` : '/supplier';
}

/** Admins change units below their own; their own unit is changed by the level above. */
export function canChangeUnit(user: TSessionUser, unitId: string, permission: Permission): boolean {
  return can(user, permission) && user.orgUnit?.id !== unitId;
}

/** Accounts of a higher rank are visible but not manageable (same rule as the API). */
export function canManageAccount(user: TSessionUser, target: { role: Role }): boolean {
  return can(user, 'user:write') && ROLE_RANK[target.role] <= ROLE_RANK[user.role];
}
