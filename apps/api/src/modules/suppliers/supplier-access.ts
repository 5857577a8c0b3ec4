import type { Permission } from '@canteen/shared';
import { notFound } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, type SupplierScope, requireAccess, requireSupplierAccess } from '@/common/tenancy/scope';

export const supplierNotFound = () => notFound('未找到该供应商', 'Supplier not found');

/**
 * The registry is platform-wide: staff of the tree read it with `permission`. Supplier users reach
 * only their own company; any other supplier id answers 404, as if it did not exist.
 */
export function requireSupplierRecordAccess(actor: Actor, supplierId: string, permission: Permission): Scope | SupplierScope {
  if (!actor.supplier) return requireAccess(actor, permission);
  const scope = requireSupplierAccess(actor, 'supplier:self');
  if (scope.supplierId !== supplierId) throw supplierNotFound();
  return scope;
}

/** `where` on the supplier table: supplier users see their own row only. */
export function supplierWhere(scope: Scope | SupplierScope): { id?: string } {
  return 'supplierId' in scope ? { id: scope.supplierId } : {};
}

/** `where` on rows that belong to a supplier. */
export function ownedBySupplierWhere(scope: Scope | SupplierScope): { supplierId?: string } {
  return 'supplierId' in scope ? { supplierId: scope.supplierId } : {};
}

export const toDay = (date: Date) => date.toISOString().slice(0, 10);
export const fromDay = (day: string) => new Date(`${day}T00:00:00Z`);
