import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createContract, createIngredient, createSupplier } from '@test/factories/supply.factory';
import { auditEntriesAfter, lastAuditId } from '@test/support/db-state';
import { type DeliveryWorld, createDeliveryWorld, daysFromToday, deliveryCounts, line, submitManifest } from '@test/fixtures/deliveries';
import { createUser } from '@test/factories/user.factory';
import { signIn, startApp } from './harness';

// The world signs in eight people (argon2 each); a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

describe('purchase orders', () => {
  let app: NestFastifyApplication;
  let world: DeliveryWorld;

  beforeAll(async () => {
    app = await startApp();
    world = await createDeliveryWorld(app);
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const order = (overrides: Record<string, unknown> = {}) => ({
    canteenId: world.tree.canteenA1.id,
    supplierId: world.supplier.id,
    deliveryDate: daysFromToday(1),
    lines: [
      { ingredientId: world.cabbage.id, quantity: 20.5, unitPriceFen: 300 },
      { ingredientId: world.eggs.id, quantity: '120', unit: 'piece', unitPriceFen: 60 },
    ],
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}) => {
    const response = await world.sessions.manager.post('/api/purchase-orders', order(overrides));
    if (response.status !== 201) throw new Error(`order failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; code: string };
  };

  it('a canteen manager orders from a contracted supplier; audited, announced, numbered', async () => {
    const audit = await lastAuditId();
    const response = await world.sessions.manager.post('/api/purchase-orders', order({ note: '周一早餐' }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      code: expect.stringMatching(/^PO-\d{8}-\d{4}$/),
      status: 'submitted',
      canteen: { id: world.tree.canteenA1.id },
      supplier: { id: world.supplier.id, name: world.supplier.name },
      contractId: world.contract.id,
      deliveryDate: daysFromToday(1),
      note: '周一早餐',
      totalFen: 6150 + 7200,
      cancelledAt: null,
    });
    expect(response.body.lines).toEqual([
      expect.objectContaining({ lineNo: 1, ingredient: { id: world.cabbage.id, code: world.cabbage.code, name: world.cabbage.name }, quantity: '20.5', unit: 'kg', amountFen: 6150 }),
      expect.objectContaining({ lineNo: 2, quantity: '120', unit: 'piece', amountFen: 7200 }),
    ]);
    expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'create', entity: 'purchase_order', entityId: response.body.id })]);
    const event = await testPrisma().outboxEvent.findFirst({ where: { type: 'purchase-order.submitted', payload: { path: ['orderId'], equals: response.body.id } } });
    expect(event?.orgPath).toBe(world.tree.canteenA1.path);
    const principal = await world.sessions.principal.post('/api/purchase-orders', order());
    expect(principal.status).toBe(201);
  });

  it('the supplier sees its orders; another supplier and another county do not', async () => {
    const { id, code } = await create();
    const own = await world.sessions.supplier.get(`/api/purchase-orders/${id}`);
    expect(own.status).toBe(200);
    expect(own.body.code).toBe(code);
    const list = await world.sessions.supplier.get('/api/purchase-orders?pageSize=200');
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(id);

    expect((await world.sessions.otherSupplier.get(`/api/purchase-orders/${id}`)).status).toBe(404);
    const others = await world.sessions.otherSupplier.get('/api/purchase-orders?pageSize=200');
    expect(others.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    expect((await world.sessions.officialB.get(`/api/purchase-orders/${id}`)).status).toBe(404);
    const countyB = await world.sessions.officialB.get('/api/purchase-orders?pageSize=200');
    expect(countyB.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    expect((await world.sessions.officialB.get(`/api/purchase-orders?canteenId=${world.tree.canteenA1.id}`)).status).toBe(404);
    expect((await world.sessions.officialA.get(`/api/purchase-orders/${id}`)).status).toBe(200);
  });

  describe('bad input: a clear 4xx, nothing stored', () => {
    let before: Record<string, number>;
    beforeEach(async () => {
      before = await deliveryCounts();
    });
    const refused = async (body: object, status: number, error?: string, session = world.sessions.manager) => {
      const response = await session.post('/api/purchase-orders', body);
      expect(response.status).toBe(status);
      if (error) expect(response.body.error).toBe(error);
      expect(response.body.message).toMatch(/[\u4e00-\u9fff]/);
      expect(await deliveryCounts()).toEqual(before);
      return response.body;
    };

    it('a delivery date in the past', async () => {
      const body = await refused(order({ deliveryDate: daysFromToday(-1) }), 400, 'DELIVERY_DATE_PAST');
      expect(body.message).toContain('不能早于今天');
    });

    it('an unknown or forbidden ingredient, a wrong unit, too many decimals, a zero quantity, a negative price', async () => {
      const beans = await createIngredient({ name: `四季豆${Date.now()}` });
      const body = await refused(
        order({
          lines: [
            { ingredientId: '00000000-0000-4000-8000-000000000000', quantity: 1, unitPriceFen: 1 },
            { ingredientId: beans.id, quantity: 1, unitPriceFen: 1 },
            { ingredientId: world.cabbage.id, quantity: 1, unit: 'g', unitPriceFen: 1 },
            { ingredientId: world.eggs.id, quantity: 1.5, unitPriceFen: 1 },
          ],
        }),
        422,
        'ORDER_INVALID',
      );
      expect(body.issues.map((i: { path: string }) => i.path)).toEqual(['lines.0.ingredientId', 'lines.1.ingredientId', 'lines.2.unit', 'lines.3.quantity']);
      expect(body.issues[1].message).toContain('禁止在学校食堂使用');
      const shape = await refused(order({ lines: [{ ingredientId: world.cabbage.id, quantity: 0, unitPriceFen: -5 }] }), 400, 'VALIDATION_FAILED');
      expect(shape.issues.map((i: { path: string }) => i.path)).toEqual(['lines.0.quantity', 'lines.0.unitPriceFen']);
    });

    it('a supplier without a contract for the canteen or the food group; a blacklisted supplier', async () => {
      const stranger = await createSupplier();
      const none = await refused(order({ supplierId: stranger.id }), 422, 'NO_ACTIVE_CONTRACT');
      expect(none.message).toContain('有效合同');
      const vegOnly = await createSupplier();
      await createContract(vegOnly, world.tree.schoolA, [world.tree.canteenA1], { categories: ['vegetables'] });
      await refused(order({ supplierId: vegOnly.id }), 422, 'NO_ACTIVE_CONTRACT');
      const banned = await createSupplier({ blacklisted: true });
      await createContract(banned, world.tree.schoolA, [world.tree.canteenA1]);
      await refused(order({ supplierId: banned.id }), 409, 'SUPPLIER_BLACKLISTED');
      await refused(order({ canteenId: world.tree.canteenA2.id }), 422, 'NO_ACTIVE_CONTRACT');
    });

    it('a canteen out of scope answers 404; staff without order:write 403', async () => {
      await refused(order({ canteenId: world.tree.canteenB.id }), 404);
      await refused(order({ canteenId: world.tree.schoolA.id }), 404);
      await refused(order(), 403, 'FORBIDDEN', world.sessions.staff);
      await refused(order(), 403, 'FORBIDDEN', world.sessions.supplier);
      await refused(order(), 403, 'FORBIDDEN', world.sessions.officialA);
    });
  });

  describe('cancelling and delivering', () => {
    it('cancels an open order with a reason, once; a manifest cannot then refer to it', async () => {
      const { id } = await create();
      const noReason = await world.sessions.manager.post(`/api/purchase-orders/${id}/cancel`, { reason: '' });
      expect(noReason.status).toBe(400);
      const response = await world.sessions.manager.post(`/api/purchase-orders/${id}/cancel`, { reason: '学校临时停课' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'cancelled', cancelReason: '学校临时停课', cancelledAt: expect.any(String) });
      const again = await world.sessions.manager.post(`/api/purchase-orders/${id}/cancel`, { reason: '学校临时停课' });
      expect(again.status).toBe(409);
      const manifest = await world.sessions.supplier.post('/api/deliveries', { canteenId: world.tree.canteenA1.id, deliveryDate: daysFromToday(0), purchaseOrderId: id, lines: [line(world.cabbage)] });
      expect(manifest.status).toBe(422);
      expect(manifest.body.issues[0]).toMatchObject({ path: 'purchaseOrderId', message: expect.stringContaining('已取消') });
      expect((await world.sessions.officialB.post(`/api/purchase-orders/${id}/cancel`, { reason: '越权尝试' })).status).toBe(403);
      const principalB = await signIn(app, await createUser('principal', world.tree.schoolB));
      expect((await principalB.post(`/api/purchase-orders/${id}/cancel`, { reason: '越权尝试' })).status).toBe(404);
      expect((await principalB.get(`/api/purchase-orders/${id}`)).status).toBe(404);
    });

    it('a manifest refers to its order; once accepted the order is delivered and cannot be cancelled', async () => {
      const { id, code } = await create({ deliveryDate: daysFromToday(0) });
      const otherSuppliers = await world.sessions.otherSupplier.post('/api/deliveries', { canteenId: world.tree.canteenA1.id, deliveryDate: daysFromToday(0), purchaseOrderId: id, lines: [line(world.cabbage)] });
      expect(otherSuppliers.status).toBe(422);
      const m = await submitManifest(world, [line(world.cabbage)], { purchaseOrderId: id });
      const detail = await world.sessions.manager.get(`/api/deliveries/${m.id}`);
      expect(detail.body.purchaseOrder).toEqual({ id, code });
      const underWay = await world.sessions.manager.post(`/api/purchase-orders/${id}/cancel`, { reason: '不要了' });
      expect(underWay.status).toBe(409);
      const accepted = await world.sessions.manager.post(`/api/deliveries/${m.id}/acceptance`, {
        secondInspector: { username: world.users.staff.username, password: world.users.staff.password },
        lines: m.lines.map((l) => ({ lineId: l.id, decision: 'accept' })),
      });
      expect(accepted.status).toBe(201);
      expect((await world.sessions.manager.get(`/api/purchase-orders/${id}`)).body.status).toBe('delivered');
      const late = await world.sessions.manager.post(`/api/purchase-orders/${id}/cancel`, { reason: '不要了' });
      expect(late.status).toBe(409);
      expect(late.body.message).toContain('已送达');
    });
  });
});
