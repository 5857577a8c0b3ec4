import { notFound } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, type SupplierScope, requireAccess, requireSupplierAccess } from '@/common/tenancy/scope';

/**
 * Deliveries are read from both sides: staff of the tree within their subtree (`delivery:read`),
 * a supplier's users their own company's (`supplier:self`).
 */
export function requireDeliveryReadAccess(actor: Actor): Scope | SupplierScope {
  return actor.supplier ? requireSupplierAccess(actor, 'supplier:self') : requireAccess(actor, 'delivery:read');
}

export const canteenNotFound = () => notFound('未找到该食堂', 'Canteen not found');

export const isSupplierScope = (scope: Scope | SupplierScope): scope is SupplierScope => 'supplierId' in scope;

/** The school a canteen belongs to: its path without the last segment. */
export const schoolPathOf = (canteenPath: string) => canteenPath.replace(/[^/]+\/$/, '');

/** Who a supplier's own system acts as: the API key, checked by SupplierApiKeyGuard. */
export interface SupplierKeyAccess {
  scope: SupplierScope;
  keyId: string;
  ip: string;
  requestId: string;
}
