import { type Permission, hasPermission } from '@canteen/shared';
import { forbidden, notFound } from '@/common/http/app-error';
import type { Actor } from './actor';

declare const scopeBrand: unique symbol;

/**
 * The subtree an actor may see, as the materialised path of its root. Repository methods take a
 * Scope first; the only way to get one is `requireAccess`, so an unchecked query does not compile.
 */
export type Scope = { readonly path: string; readonly [scopeBrand]: true };

/** The first line of every service method: the permission, then the subtree it applies to. */
export function requireAccess(actor: Actor, permission: Permission): Scope {
  if (!hasPermission(actor.role, permission) || !actor.orgUnit) throw forbidden();
  return { path: actor.orgUnit.path } as Scope;
}

/** `where` fragment for org units inside the scope. */
export function scopeWhere(scope: Scope): { path: { startsWith: string } } {
  return { path: { startsWith: scope.path } };
}

/** `where` fragment for records that carry the org path of the unit they belong to. */
export function scopeWhereOrgPath(scope: Scope): { orgPath: { startsWith: string } } {
  return { orgPath: { startsWith: scope.path } };
}

export function inScope(scope: Scope, path: string): boolean {
  return path.startsWith(scope.path);
}

/**
 * The whole tree, for work that no user asks for (scheduled jobs, event handlers). Processors
 * rebuild a narrower scope from the event's org path where they can.
 */
export function systemScope(path = '/'): Scope {
  return { path } as Scope;
}

/** For writes that create rows under a unit: the unit's path must lie inside the scope. */
export function assertInScope(scope: Scope, path: string): void {
  if (!inScope(scope, path)) throw notFound();
}

declare const supplierScopeBrand: unique symbol;

/** A supplier user's own company: the only data such a user may see or change. */
export type SupplierScope = { readonly supplierId: string; readonly [supplierScopeBrand]: true };

/** The first line of every supplier-portal service method. */
export function requireSupplierAccess(actor: Actor, permission: Permission): SupplierScope {
  if (!hasPermission(actor.role, permission) || !actor.supplier) throw forbidden();
  return { supplierId: actor.supplier.id } as SupplierScope;
}
