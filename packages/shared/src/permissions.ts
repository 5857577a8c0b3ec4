import type { OrgLevel } from './org-levels';

export const ROLES = [
  'operator',
  'official_admin',
  'official_viewer',
  'principal',
  'canteen_manager',
  'canteen_staff',
  'supplier',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'org:read',
  'org:write',
  'org:move',
  'org:connection',
  'user:read',
  'user:write',
  'audit:read',
  'supplier:read',
  'supplier:write',
  'contract:write',
  'order:write',
  'delivery:read',
  'delivery:accept',
  'trace:read',
  /** A supplier user's own company: documents, farm bases, API keys, contracts, orders. */
  'supplier:self',
  'delivery:submit',
  /** The inventory ledger: balances, movements, reports, costs. */
  'stock:read',
  /** Book stock-ins, stock-outs, returns, write-offs, reversals; count stock. */
  'stock:write',
  /** Post a stocktake (its variances become ledger adjustments). */
  'stocktake:post',
  /** Re-compute the ledger's hash chains and signed digests. */
  'ledger:verify',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_TREE: Permission[] = ['org:read', 'supplier:read', 'delivery:read'];
const READ_ALL: Permission[] = [...READ_TREE, 'user:read', 'audit:read', 'trace:read', 'stock:read', 'ledger:verify'];
const ADMIN: Permission[] = [...READ_ALL, 'org:write', 'org:move', 'org:connection', 'user:write', 'supplier:write', 'contract:write'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  operator: ADMIN,
  official_admin: ADMIN,
  official_viewer: READ_ALL,
  principal: [...READ_ALL, 'user:write', 'contract:write', 'order:write'],
  canteen_manager: [...READ_TREE, 'trace:read', 'order:write', 'delivery:accept', 'stock:read', 'stock:write', 'stocktake:post'],
  canteen_staff: [...READ_TREE, 'delivery:accept', 'stock:read', 'stock:write'],
  supplier: ['supplier:self', 'delivery:submit'],
};

/** Higher ranks may create and manage accounts of their own rank or below, inside their subtree. */
export const ROLE_RANK: Record<Role, number> = {
  operator: 100,
  official_admin: 50,
  official_viewer: 40,
  principal: 30,
  canteen_manager: 20,
  canteen_staff: 10,
  supplier: 0,
};

/** The org levels an account of each role is attached to (suppliers sit outside the tree). */
export const ROLE_LEVELS: Record<Role, readonly OrgLevel[]> = {
  operator: ['province'],
  official_admin: ['province', 'city', 'county'],
  official_viewer: ['province', 'city', 'county'],
  principal: ['school'],
  canteen_manager: ['school'],
  canteen_staff: ['school'],
  supplier: [],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function canAssignRole(actorRole: Role, targetRole: Role): boolean {
  if (!hasPermission(actorRole, 'user:write')) return false;
  if (targetRole === 'operator') return actorRole === 'operator';
  if (targetRole === 'supplier') return actorRole === 'operator' || actorRole === 'official_admin';
  return ROLE_RANK[targetRole] <= ROLE_RANK[actorRole];
}

export function assignableRoles(actorRole: Role): Role[] {
  return ROLES.filter((role) => canAssignRole(actorRole, role));
}
