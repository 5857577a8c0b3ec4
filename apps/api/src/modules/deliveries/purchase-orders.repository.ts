import { Injectable } from '@nestjs/common';
import type { TPurchaseOrderQuery } from '@canteen/shared';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, type SupplierScope, assertInScope, scopeWhere } from '@/common/tenancy/scope';
import { fromDay } from './delivery-rules';

export const ORDER_SELECT = {
  id: true,
  code: true,
  status: true,
  contractId: true,
  deliveryDate: true,
  note: true,
  createdAt: true,
  cancelledAt: true,
  cancelReason: true,
  canteen: { select: { id: true, name: true, path: true } },
  supplier: { select: { id: true, name: true } },
  lines: { orderBy: { lineNo: 'asc' }, select: { id: true, lineNo: true, ingredientId: true, quantity: true, unit: true, unitPriceFen: true } },
} as const;
export type OrderRow = Prisma.PurchaseOrderGetPayload<{ select: typeof ORDER_SELECT }>;

export interface NewOrder {
  code: string;
  canteenId: string;
  canteenPath: string;
  supplierId: string;
  contractId: string;
  deliveryDate: string;
  note: string | null;
  createdById: string;
  lines: { lineNo: number; ingredientId: string; quantity: string; unit: string; unitPriceFen: number }[];
}

/** Purchase orders of canteens: the tree sees them by the canteen's path, a supplier its own. */
@Injectable()
export class PurchaseOrdersRepository {
  constructor(readonly prisma: PrismaService) {}

  findCanteen(scope: Scope, id: string) {
    return this.prisma.orgUnit.findFirst({ where: { id, level: 'canteen', ...scopeWhere(scope) }, select: { id: true, name: true, path: true } });
  }

  findIngredientsByIds(ids: string[]) {
    return this.prisma.ingredient.findMany({
      where: { id: { in: ids } },
      select: { id: true, code: true, name: true, category: true, unit: true, unitDecimals: true },
    });
  }

  create(tx: Tx, scope: Scope, order: NewOrder): Promise<OrderRow> {
    assertInScope(scope, order.canteenPath);
    const { canteenPath: _path, lines, deliveryDate, ...data } = order;
    return tx.purchaseOrder.create({
      data: { ...data, deliveryDate: fromDay(deliveryDate), lines: { createMany: { data: lines } } },
      select: ORDER_SELECT,
    });
  }

  list(scope: Scope, query: TPurchaseOrderQuery) {
    return this.page(
      { canteen: { ...scopeWhere(scope), ...(query.canteenId ? { id: query.canteenId } : {}) }, ...(query.supplierId ? { supplierId: query.supplierId } : {}), ...this.filters(query) },
      query,
    );
  }

  listForSupplier(scope: SupplierScope, query: TPurchaseOrderQuery) {
    return this.page({ supplierId: scope.supplierId, ...(query.canteenId ? { canteenId: query.canteenId } : {}), ...this.filters(query) }, query);
  }

  findById(scope: Scope, id: string): Promise<OrderRow | null> {
    return this.prisma.purchaseOrder.findFirst({ where: { id, canteen: scopeWhere(scope) }, select: ORDER_SELECT });
  }

  findByIdForSupplier(scope: SupplierScope, id: string): Promise<OrderRow | null> {
    return this.prisma.purchaseOrder.findFirst({ where: { id, supplierId: scope.supplierId }, select: ORDER_SELECT });
  }

  /** Manifests that refer to the order and are not rejected: a delivery is under way or done. */
  countLiveManifests(scope: Scope, orderId: string): Promise<number> {
    return this.prisma.deliveryManifest.count({ where: { purchaseOrderId: orderId, status: { not: 'rejected' }, canteen: scopeWhere(scope) } });
  }

  /** Null when the order is no longer open (cancelled or delivered meanwhile). */
  async cancel(tx: Tx, scope: Scope, id: string, reason: string, actorId: string): Promise<OrderRow | null> {
    const { count } = await tx.purchaseOrder.updateMany({
      where: { id, status: 'submitted', canteen: scopeWhere(scope) },
      data: { status: 'cancelled', cancelledAt: new Date(), cancelReason: reason, cancelledById: actorId },
    });
    return count === 0 ? null : tx.purchaseOrder.findFirst({ where: { id, canteen: scopeWhere(scope) }, select: ORDER_SELECT });
  }

  private filters(query: TPurchaseOrderQuery): Prisma.PurchaseOrderWhereInput {
    return {
      ...(query.status ? { status: query.status } : {}),
      ...(query.from || query.to
        ? { deliveryDate: { ...(query.from ? { gte: fromDay(query.from) } : {}), ...(query.to ? { lte: fromDay(query.to) } : {}) } }
        : {}),
    };
  }

  private async page(where: Prisma.PurchaseOrderWhereInput, query: TPurchaseOrderQuery) {
    const [rows, total] = await Promise.all([
      this.prisma.purchaseOrder.findMany({
        where,
        select: ORDER_SELECT,
        orderBy: [{ deliveryDate: 'desc' }, { code: 'desc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.prisma.purchaseOrder.count({ where }),
    ]);
    return { rows, total };
  }
}
