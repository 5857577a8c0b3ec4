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
  /** Dishes, meal plans, production records, execution truthfulness and meal costs. */
  'menu:read',
  /** Draft, publish and revise a canteen's meal plans. */
  'menu:write',
  /** Dishes owned by a unit: a county's or city's standard dishes, a school's or canteen's own. */
  'dish:write',
  /** Record what a meal served (headcount, leftovers) and correct it. */
  'production:write',
  /** Set a unit's inherited settings (nutrition targets, meal-fund standard, tolerances) where the key allows its level. */
  'settings:write',
  /** Import a licensed food composition table (platform operator only). */
  'nutrition:import',
  /** Risk warnings in the subtree: alerts, the rule catalogue, notifications. */
  'alert:read',
  /** Acknowledge and handle the alerts the actor's own unit holds. */
  'alert:handle',
  /** Review (close or send back) alerts handled by a unit below the actor's. */
  'alert:review',
  /** Platform operations: the dead-letter list of failed jobs, and retrying them. */
  'jobs:operate',
  /** Choose which sections a canteen's public page shows (a school), or their limits (a county). */
  'public:manage',
  /** Parents' feedback in the subtree, with its handling times. */
  'feedback:read',
  /** Take in hand, reply to, annotate and close the feedback of the actor's own school. */
  'feedback:handle',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_TREE: Permission[] = ['org:read', 'supplier:read', 'delivery:read', 'menu:read', 'alert:read'];
const READ_ALL: Permission[] = [...READ_TREE, 'user:read', 'audit:read', 'trace:read', 'stock:read', 'ledger:verify', 'feedback:read'];
const ADMIN: Permission[] = [...READ_ALL, 'org:write', 'org:move', 'org:connection', 'user:write', 'supplier:write', 'contract:write', 'dish:write'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  operator: [...ADMIN, 'settings:write', 'nutrition:import', 'jobs:operate', 'alert:handle', 'alert:review', 'public:manage'],
  official_admin: [...ADMIN, 'settings:write', 'alert:handle', 'alert:review', 'public:manage'],
  official_viewer: READ_ALL,
  principal: [...READ_ALL, 'user:write', 'contract:write', 'order:write', 'menu:write', 'dish:write', 'production:write', 'settings:write', 'alert:handle', 'public:manage', 'feedback:handle'],
  canteen_manager: [...READ_TREE, 'trace:read', 'order:write', 'delivery:accept', 'stock:read', 'stock:write', 'stocktake:post', 'menu:write', 'dish:write', 'production:write', 'alert:handle', 'public:manage', 'feedback:read', 'feedback:handle'],
  canteen_staff: [...READ_TREE, 'delivery:accept', 'stock:read', 'stock:write', 'production:write'],
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
