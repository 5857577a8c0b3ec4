import { Injectable } from '@nestjs/common';
import {
  type TCancelPurchaseOrder,
  type TCreatePurchaseOrder,
  type TManifestIssue,
  type TPage,
  type TPurchaseOrder,
  type TPurchaseOrderQuery,
  decimalPlaces,
  forbiddenReason,
  pickLanguage,
  shanghaiDay,
} from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { AppError, badRequest, conflict, notFound } from '@/common/http/app-error';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, type SupplierScope, requireAccess } from '@/common/tenancy/scope';
import { SupplyRules } from '@/modules/suppliers/supply-rules';
import { canteenNotFound, isSupplierScope, requireDeliveryReadAccess } from './delivery-access';
import { DocumentCodes } from './document-codes.repository';
import { toPurchaseOrder } from './purchase-orders.mapper';
import { type OrderRow, PurchaseOrdersRepository } from './purchase-orders.repository';

const orderNotFound = () => notFound('未找到该采购订单', 'Purchase order not found');

/** Purchase orders from a canteen to a contracted supplier. */
@Injectable()
export class PurchaseOrdersService {
  constructor(
    private readonly repository: PurchaseOrdersRepository,
    private readonly rules: SupplyRules,
    private readonly codes: DocumentCodes,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(actor: Actor, body: TCreatePurchaseOrder): Promise<TPurchaseOrder> {
    const scope = requireAccess(actor, 'order:write');
    const canteen = await this.repository.findCanteen(scope, body.canteenId);
    if (!canteen) throw canteenNotFound();
    const today = shanghaiDay();
    if (body.deliveryDate < today) {
      throw badRequest('DELIVERY_DATE_PAST', `送货日期不能早于今天（${today}）`, `The delivery date cannot be before today (${today})`);
    }
    const ingredients = new Map((await this.repository.findIngredientsByIds([...new Set(body.lines.map((l) => l.ingredientId))])).map((row) => [row.id, row]));
    const issues: TManifestIssue[] = [];
    body.lines.forEach((line, i) => {
      const ingredient = ingredients.get(line.ingredientId);
      const add = (field: string, message: string, messageEn: string) => issues.push({ path: `lines.${i}.${field}`, message, messageEn });
      if (!ingredient) return add('ingredientId', '食材目录中没有该食材', 'No such ingredient in the catalogue');
      const reason = forbiddenReason(ingredient.name);
      if (reason) return add('ingredientId', `「${ingredient.name}」禁止在学校食堂使用：${pickLanguage(reason, 'zh')}`, `Forbidden in school canteens: ${pickLanguage(reason, 'en')}`);
      if (line.unit && line.unit !== ingredient.unit) add('unit', `单位应为 ${ingredient.unit}`, `The unit must be ${ingredient.unit}`);
      if (decimalPlaces(line.quantity) > ingredient.unitDecimals) {
        add(
          'quantity',
          ingredient.unitDecimals === 0 ? `「${ingredient.name}」的数量须为整数` : `「${ingredient.name}」的数量最多 ${ingredient.unitDecimals} 位小数`,
          ingredient.unitDecimals === 0 ? 'The quantity must be a whole number' : `The quantity has at most ${ingredient.unitDecimals} decimals`,
        );
      }
    });
    if (issues.length > 0) throw new AppError(422, 'ORDER_INVALID', `采购订单有 ${issues.length} 处错误，未保存`, `The order has ${issues.length} problem(s); nothing was stored`, issues);

    const order = await this.repository.prisma.$transaction(async (tx) => {
      let contractId: string | undefined;
      for (const category of new Set(body.lines.map((line) => ingredients.get(line.ingredientId)!.category))) {
        const contract = await this.rules.findActiveContract(tx, body.supplierId, canteen.id, body.deliveryDate, category);
        contractId ??= contract.id;
      }
      const row = await this.repository.create(tx, scope, {
        code: await this.codes.next(tx, 'PO', today),
        canteenId: canteen.id,
        canteenPath: canteen.path,
        supplierId: body.supplierId,
        contractId: contractId!,
        deliveryDate: body.deliveryDate,
        note: body.note ?? null,
        createdById: actor.userId,
        lines: body.lines.map((line, i) => ({
          lineNo: i + 1,
          ingredientId: line.ingredientId,
          quantity: line.quantity,
          unit: ingredients.get(line.ingredientId)!.unit,
          unitPriceFen: line.unitPriceFen,
        })),
      });
      const result = toPurchaseOrder(row, ingredients);
      await this.audit.record(tx, actor, { action: 'create', entity: 'purchase_order', entityId: row.id, orgPath: canteen.path, after: result });
      await this.outbox.emit(
        tx,
        'purchase-order.submitted',
        { orderId: row.id, code: row.code, supplierId: row.supplier.id, canteenId: canteen.id, deliveryDate: result.deliveryDate, totalFen: result.totalFen },
        canteen.path,
      );
      return result;
    });
    return order;
  }

  async list(actor: Actor, query: TPurchaseOrderQuery): Promise<TPage<TPurchaseOrder>> {
    const scope = requireDeliveryReadAccess(actor);
    let result;
    if (isSupplierScope(scope)) {
      if (query.supplierId && query.supplierId !== scope.supplierId) throw notFound('未找到该供应商', 'Supplier not found');
      result = await this.repository.listForSupplier(scope, query);
    } else {
      if (query.canteenId && !(await this.repository.findCanteen(scope, query.canteenId))) throw canteenNotFound();
      result = await this.repository.list(scope, query);
    }
    return { items: await this.withNames(result.rows), total: result.total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string): Promise<TPurchaseOrder> {
    const scope = requireDeliveryReadAccess(actor);
    const [order] = await this.withNames([await this.findOrThrow(scope, id)]);
    return order!;
  }

  /** An order still open (not delivered, no delivery under way) is cancelled with a reason, never deleted. */
  async cancel(actor: Actor, id: string, body: TCancelPurchaseOrder): Promise<TPurchaseOrder> {
    const scope = requireAccess(actor, 'order:write');
    const order = await this.findOrThrow(scope, id);
    if (order.status === 'cancelled') throw conflict('该采购订单已取消', 'The purchase order is already cancelled');
    if (order.status === 'delivered') throw conflict('该采购订单已送达验收，不能取消', 'The purchase order was delivered and cannot be cancelled');
    if ((await this.repository.countLiveManifests(scope, id)) > 0) {
      throw conflict('供应商已就该订单送货，不能取消；请在验收时拒收', 'A delivery for this order is under way; reject it at acceptance instead');
    }
    const row = await this.repository.prisma.$transaction(async (tx) => {
      const cancelled = await this.repository.cancel(tx, scope, id, body.reason, actor.userId);
      if (!cancelled) throw conflict('该采购订单已不能取消', 'The purchase order can no longer be cancelled');
      await this.audit.record(tx, actor, {
        action: 'cancel',
        entity: 'purchase_order',
        entityId: id,
        orgPath: order.canteen.path,
        before: { status: order.status },
        after: { status: 'cancelled', reason: body.reason },
      });
      await this.outbox.emit(tx, 'purchase-order.cancelled', { orderId: id, code: order.code, supplierId: order.supplier.id, canteenId: order.canteen.id, reason: body.reason }, order.canteen.path);
      return cancelled;
    });
    const [result] = await this.withNames([row]);
    return result!;
  }

  private async findOrThrow(scope: Scope | SupplierScope, id: string): Promise<OrderRow> {
    const row = isSupplierScope(scope) ? await this.repository.findByIdForSupplier(scope, id) : await this.repository.findById(scope, id);
    if (!row) throw orderNotFound();
    return row;
  }

  private async withNames(rows: OrderRow[]): Promise<TPurchaseOrder[]> {
    const ingredients = new Map(
      (await this.repository.findIngredientsByIds([...new Set(rows.flatMap((row) => row.lines.map((line) => line.ingredientId)))])).map((row) => [row.id, row]),
    );
    return rows.map((row) => toPurchaseOrder(row, ingredients));
  }
}
