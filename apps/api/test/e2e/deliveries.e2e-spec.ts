import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ZDeliveryRefusedEvent } from '@canteen/shared';
import { unauthorisedSupplierDelivery } from '@/modules/warnings/rules/unauthorised-supplier-delivery.rule';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createContract, createIngredient, createSupplier } from '@test/factories/supply.factory';
import { createUser } from '@test/factories/user.factory';
import { auditEntriesAfter, lastAuditId } from '@test/support/db-state';
import { ruleHarness } from '@test/support/rule-harness';
import {
  type DeliveryWorld,
  JPEG,
  PDF,
  createDeliveryWorld,
  daysFromToday,
  deliveryCounts,
  line,
  manifest,
  newLot,
  submitManifest,
  today,
  uploadCertificate,
} from '@test/fixtures/deliveries';
import { signIn, startApp } from './harness';

const HAS_CHINESE = /[\u4e00-\u9fff]/;
// The world signs in eight people (argon2 each); a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

describe('delivery manifests: the form, certificates, reading and isolation', () => {
  let app: NestFastifyApplication;
  let world: DeliveryWorld;

  beforeAll(async () => {
    app = await startApp({ UPLOAD_MAX_BYTES: 100_000 });
    world = await createDeliveryWorld(app);
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const events = (manifestId: string) =>
    testPrisma().outboxEvent.findMany({ where: { payload: { path: ['manifestId'], equals: manifestId } }, orderBy: { createdAt: 'asc' } });
  /** The refused deliveries announced for a supplier, as the warnings rule reads them. */
  const refusals = async (supplierId: string) =>
    (await testPrisma().outboxEvent.findMany({ where: { type: 'delivery.refused', payload: { path: ['supplierId'], equals: supplierId } }, orderBy: { createdAt: 'asc' } })).map(
      (event) => ({ orgPath: event.orgPath, ...ZDeliveryRefusedEvent.parse(event.payload) }),
    );

  describe('submission by the web form', () => {
    it('stores the manifest, its lines and lots, audits it and announces it in the outbox', async () => {
      const certificate = await uploadCertificate(world.sessions.supplier);
      const audit = await lastAuditId();
      const cabbageLot = newLot('CAB');
      const response = await world.sessions.supplier.post(
        '/api/deliveries',
        manifest(world, [
          line(world.cabbage, { lotCode: cabbageLot, quantity: '12.5', farmBaseName: world.farm.name, note: '新鲜' }),
          line(world.pork, { quantity: 8.25, unitPriceFen: 2600, expiryDate: daysFromToday(2), shelfLifeDays: undefined, certificateIds: [certificate] }),
          line(world.salt, { shelfLifeDays: undefined, quantity: 4, unitPriceFen: 250 }),
        ], { note: '早班配送' }),
      );
      expect(response.status).toBe(201);
      const body = response.body;
      expect(body).toMatchObject({
        code: expect.stringMatching(/^DN-\d{8}-\d{4}$/),
        status: 'submitted',
        source: 'form',
        supplier: { id: world.supplier.id, name: world.supplier.name },
        canteen: { id: world.tree.canteenA1.id },
        deliveryDate: today(),
        lineCount: 3,
        note: '早班配送',
        contractId: world.contract.id,
        retainUntil: null,
        acceptance: null,
        batches: [],
        totalFen: 4375 + 21450 + 1000,
      });
      expect(body.lines[0]).toMatchObject({
        lineNo: 1,
        ingredient: { id: world.cabbage.id, code: world.cabbage.code, category: 'vegetables' },
        lotCode: cabbageLot,
        productionDate: daysFromToday(-1),
        expiryDate: daysFromToday(4),
        quantity: '12.5',
        unit: 'kg',
        amountFen: 4375,
        farmBase: { id: world.farm.id, name: world.farm.name },
        note: '新鲜',
        missingQuarantineCertificate: false,
      });
      expect(body.lines[1]).toMatchObject({ quantity: '8.25', certificates: [{ id: certificate, originalName: '检疫合格证明.pdf', contentType: 'application/pdf' }], missingQuarantineCertificate: false });
      // Salt carries no shelf life: stored without one, kept 2 years after the check.
      expect(body.lines[2]).toMatchObject({ expiryDate: null });

      const lot = await testPrisma().supplierLot.findUnique({ where: { supplierId_lotCode: { supplierId: world.supplier.id, lotCode: cabbageLot } } });
      expect(lot?.ingredientId).toBe(world.cabbage.id);
      expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'submit', entity: 'delivery_manifest', entityId: body.id, orgPath: world.tree.canteenA1.path })]);
      expect((await events(body.id)).map((e) => e.type)).toEqual(['delivery.submitted']);
    });

    it('stores meat without a quarantine certificate but flags it and emits the warning event', async () => {
      const body = await submitManifest(world, [line(world.pork)]);
      const detail = await world.sessions.supplier.get(`/api/deliveries/${body.id}`);
      expect(detail.body.lines[0].missingQuarantineCertificate).toBe(true);
      const sent = await events(body.id);
      expect(sent.map((e) => e.type)).toEqual(['delivery.submitted', 'delivery.missing-quarantine-certificate']);
      expect(sent[1]!.payload).toMatchObject({ supplierId: world.supplier.id, canteenId: world.tree.canteenA1.id, lines: [{ lineNo: 1, ingredientId: world.pork.id }] });
      expect(sent[1]!.orgPath).toBe(world.tree.canteenA1.path);
    });

    it('numbers manifests per day without gaps', async () => {
      const first = await submitManifest(world, [line(world.cabbage)]);
      const second = await submitManifest(world, [line(world.cabbage)]);
      const number = (code: string) => Number(code.split('-')[2]);
      expect(second.code.slice(0, 12)).toBe(first.code.slice(0, 12));
      expect(number(second.code)).toBe(number(first.code) + 1);
    });

    it('reuses a lot code for the same ingredient', async () => {
      const lotCode = newLot('SAME');
      await submitManifest(world, [line(world.cabbage, { lotCode })]);
      await submitManifest(world, [line(world.cabbage, { lotCode, quantity: 4 })]);
    });

    it('refuses the same manifest again, whichever way it comes, with 409 naming the first; stores nothing', async () => {
      const lines = [line(world.cabbage, { quantity: '12.50' }), line(world.eggs, { quantity: 30, shelfLifeDays: undefined, expiryDate: daysFromToday(19) })];
      const first = await submitManifest(world, lines);
      const key = (await world.sessions.supplier.post('/api/supplier-api-keys', { label: '重发测试' })).body.key as string;
      const before = await deliveryCounts();
      // The same delivery written otherwise: rows in another order, 12.5 for 12.50, an expiry date for a shelf life.
      const again = manifest(world, [{ ...lines[1], ingredientCode: undefined, ingredientName: world.eggs.name }, { ...lines[0], quantity: 12.5, shelfLifeDays: undefined, expiryDate: daysFromToday(4) }]);
      const twice = await world.sessions.supplier.post('/api/deliveries', again);
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({ error: 'MANIFEST_DUPLICATE', message: expect.stringContaining(`送货单 ${first.code}`), messageEn: expect.stringContaining(first.code) });
      const byApi = await request(app.getHttpServer()).post('/api/supplier-api/v1/deliveries').set('authorization', `Bearer ${key}`).send(again);
      expect(byApi.status).toBe(409);
      expect(byApi.body.error).toBe('MANIFEST_DUPLICATE');
      expect(await deliveryCounts()).toEqual(before);

      // Another supplier's identical lines, or the same lines with a note saying it is a second trip, are other deliveries.
      await submitManifest(world, lines, {}, world.sessions.otherSupplier);
      await submitManifest(world, lines, { note: '第二车' });
    });

    it('a double click stores the manifest once', async () => {
      const body = manifest(world, [line(world.cabbage)]);
      const responses = await Promise.all([world.sessions.supplier.post('/api/deliveries', body), world.sessions.supplier.post('/api/deliveries', body)]);
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
      const [stored, refused] = responses[0]!.status === 201 ? responses : [responses[1]!, responses[0]!];
      expect(refused!.body.message).toContain(stored!.body.code);
      expect(await testPrisma().deliveryManifest.count({ where: { contentHash: (await testPrisma().deliveryManifest.findUniqueOrThrow({ where: { id: stored!.body.id } })).contentHash } })).toBe(1);
    });

    it('a rejected delivery may be submitted again as it was; an accepted one may not', async () => {
      const lines = [line(world.cabbage)];
      const check = (id: string, decision: 'accept' | 'reject', lineId: string) =>
        world.sessions.manager.post(`/api/deliveries/${id}/acceptance`, {
          secondInspector: { username: world.users.staff.username, password: world.users.staff.password },
          lines: [{ lineId, decision, ...(decision === 'reject' ? { reason: '叶片发黄' } : {}) }],
        });
      const first = await submitManifest(world, lines);
      expect((await check(first.id, 'reject', first.lines[0]!.id)).status).toBe(201);
      const second = await submitManifest(world, lines);
      expect((await check(second.id, 'accept', second.lines[0]!.id)).status).toBe(201);
      const third = await world.sessions.supplier.post('/api/deliveries', manifest(world, lines));
      expect(third.status).toBe(409);
      expect(third.body.message).toContain(second.code);
    });

    it('only suppliers submit manifests', async () => {
      const response = await world.sessions.manager.post('/api/deliveries', manifest(world, [line(world.cabbage)]));
      expect(response.status).toBe(403);
    });
  });

  describe('bad input: a clear 4xx, nothing stored', () => {
    let before: Record<string, number>;
    beforeEach(async () => {
      before = await deliveryCounts();
    });
    /** Nothing of the manifest is stored; a refusal for the supply rules is announced (`announced` events). */
    const refused = async (body: object, status: number, session = world.sessions.supplier, announced = 0) => {
      const response = await session.post('/api/deliveries', body);
      expect(response.status).toBe(status);
      expect(response.body.message).toMatch(HAS_CHINESE);
      expect(response.body.messageEn).toEqual(expect.any(String));
      expect(await deliveryCounts()).toEqual({ ...before, events: before.events! + announced });
      before = await deliveryCounts();
      return response.body as { error: string; issues: { path: string; message: string; messageEn: string }[] };
    };
    const issueAt = (body: { issues: { path: string; message: string }[] }, path: string) => body.issues.find((issue) => issue.path === path);

    it('a date that is not a date, and an expiry before production (shape of the contract)', async () => {
      const body = await refused(
        manifest(world, [line(world.cabbage, { productionDate: '2026-02-30' }), line(world.cabbage, { productionDate: daysFromToday(-1), expiryDate: daysFromToday(-3) })]),
        400,
      );
      expect(body.error).toBe('VALIDATION_FAILED');
      expect(issueAt(body, 'lines.0.productionDate')?.message).toBe('日期格式应为 YYYY-MM-DD 且是真实日期');
      expect(issueAt(body, 'lines.1.expiryDate')?.message).toBe('到期日期早于生产日期');
    });

    it('a zero or negative quantity, a negative price, no ingredient', async () => {
      const body = await refused(
        manifest(world, [line(world.cabbage, { quantity: 0 }), line(world.cabbage, { quantity: '-2' }), line(world.cabbage, { unitPriceFen: -1 }), line(world.cabbage, { ingredientCode: undefined })]),
        400,
      );
      expect(issueAt(body, 'lines.0.quantity')?.message).toBe('数量必须大于 0');
      expect(issueAt(body, 'lines.1.quantity')?.message).toBe('数量必须大于 0');
      expect(issueAt(body, 'lines.2.unitPriceFen')?.message).toBe('单价不能为负数');
      expect(issueAt(body, 'lines.3.ingredientCode')?.message).toBe('请填写食材编码或食材名称');
    });

    it('every line problem of the catalogue, the supplier and its lots, listed line by line in one answer', async () => {
      const otherCertificate = await uploadCertificate(world.sessions.otherSupplier);
      const usedLot = newLot('USED');
      await submitManifest(world, [line(world.cabbage, { lotCode: usedLot })]);
      before = await deliveryCounts();
      const body = await refused(
        manifest(world, [
          line(world.cabbage),
          line(world.cabbage, { ingredientCode: 'NO-SUCH-CODE' }),
          line(world.cabbage, { ingredientCode: undefined, ingredientName: '四季豆' }),
          line(world.cabbage, { unit: 'g' }),
          line(world.eggs, { quantity: 2.5 }),
          line(world.cabbage, { shelfLifeDays: undefined }),
          line(world.cabbage, { farmBaseId: world.otherFarm.id }),
          line(world.cabbage, { certificateIds: [otherCertificate] }),
          line(world.pork, { lotCode: usedLot }),
          line(world.cabbage, { productionDate: daysFromToday(1) }),
          line(world.cabbage, { productionDate: daysFromToday(-30), shelfLifeDays: 3 }),
          line(world.cabbage, { ingredientName: world.pork.name }),
        ]),
        422,
      );
      expect(body.error).toBe('MANIFEST_INVALID');
      expect(body.issues.map((issue) => issue.path)).toEqual([
        'lines.1.ingredientCode',
        'lines.2.ingredientName',
        'lines.3.unit',
        'lines.4.quantity',
        'lines.5.expiryDate',
        'lines.6.farmBaseId',
        'lines.7.certificateIds.0',
        'lines.8.lotCode',
        'lines.9.productionDate',
        'lines.10.expiryDate',
        'lines.11.ingredientCode',
      ]);
      expect(issueAt(body, 'lines.1.ingredientCode')?.message).toBe('未知食材「NO-SUCH-CODE」，请按食材目录填写编码或名称');
      expect(issueAt(body, 'lines.2.ingredientName')?.message).toContain('禁止在学校食堂使用');
      expect(issueAt(body, 'lines.2.ingredientName')?.message).toContain('皂素');
      expect(issueAt(body, 'lines.3.unit')?.message).toContain('单位应为 kg');
      expect(issueAt(body, 'lines.4.quantity')?.message).toContain('数量须为整数');
      expect(issueAt(body, 'lines.5.expiryDate')?.message).toBe('请填写到期日期或保质期（天）');
      expect(issueAt(body, 'lines.6.farmBaseId')?.message).toContain('不是本供应商登记的基地');
      expect(issueAt(body, 'lines.7.certificateIds.0')?.message).toContain('不是本供应商上传的');
      expect(issueAt(body, 'lines.8.lotCode')?.message).toContain(`批次号 ${usedLot} 已用于其他食材（${world.cabbage.name}）`);
      expect(issueAt(body, 'lines.9.productionDate')?.message).toContain('生产日期晚于送货日期');
      expect(issueAt(body, 'lines.10.expiryDate')?.message).toContain('到货时已过期');
      expect(issueAt(body, 'lines.11.ingredientCode')?.message).toContain('不符');
      for (const issue of body.issues) expect(issue.messageEn.length).toBeGreaterThan(10);
    });

    it('one lot code for two ingredients inside the same manifest', async () => {
      const lotCode = newLot('TWICE');
      const body = await refused(manifest(world, [line(world.cabbage, { lotCode }), line(world.pork, { lotCode })]), 422);
      expect(body.issues.map((issue) => issue.path)).toEqual(['lines.1.lotCode']);
    });

    it('a canteen without a contract, or a canteen of another tree; an existing canteen hears of the attempt', async () => {
      const earlier = (await refusals(world.supplier.id)).length;
      const canteens = [world.tree.canteenB.id, world.tree.canteenA2.id];
      for (const canteenId of [...canteens, world.tree.schoolA.id, '00000000-0000-4000-8000-000000000000']) {
        const body = await refused(manifest(world, [line(world.cabbage)], { canteenId }), 422, world.sessions.supplier, canteens.includes(canteenId) ? 1 : 0);
        expect(body.issues).toEqual([{ path: 'canteenId', message: '该食堂不存在或与本供应商没有供货合同', messageEn: 'No such canteen under contract with this supplier' }]);
      }
      const announced = (await refusals(world.supplier.id)).slice(earlier);
      expect(announced).toEqual([
        expect.objectContaining({ orgPath: world.tree.canteenB.path, reason: 'uncontracted', canteenId: world.tree.canteenB.id, categories: ['vegetables'], source: 'form', lineCount: 1 }),
        expect.objectContaining({ orgPath: world.tree.canteenA2.path, reason: 'uncontracted', canteenId: world.tree.canteenA2.id, categories: ['vegetables'], supplierName: world.supplier.name }),
      ]);
    });

    it('a food group the contract does not cover, or a delivery date outside the contract', async () => {
      const supplier = await createSupplier();
      await createContract(supplier, world.tree.schoolA, [world.tree.canteenA1], { categories: ['vegetables'] });
      const session = await signIn(app, await createUser('supplier', null, { supplierId: supplier.id }));
      before = await deliveryCounts();
      const body = await refused(manifest(world, [line(world.cabbage), line(world.pork)]), 422, session, 1);
      expect(body.issues).toEqual([expect.objectContaining({ path: 'lines.1.ingredientCode', message: expect.stringContaining('有效合同') })]);
      expect(await refusals(supplier.id)).toEqual([
        expect.objectContaining({ orgPath: world.tree.canteenA1.path, reason: 'uncontracted', canteenId: world.tree.canteenA1.id, categories: ['livestock'], lineCount: 2 }),
      ]);

      const expired = await createSupplier();
      await createContract(expired, world.tree.schoolA, [world.tree.canteenA1], { validFrom: '2025-01-01', validTo: '2025-12-31' });
      const late = await signIn(app, await createUser('supplier', null, { supplierId: expired.id }));
      before = await deliveryCounts();
      const lateBody = await refused(manifest(world, [line(world.cabbage)]), 422, late, 1);
      expect(await refusals(expired.id)).toEqual([expect.objectContaining({ reason: 'uncontracted', categories: ['vegetables'] })]);
      expect(lateBody.issues[0]).toMatchObject({ path: 'lines.0.ingredientCode', message: expect.stringContaining('没有向该食堂供应') });
    });

    it('a delivery date far in the past or the future', async () => {
      const body = await refused(manifest(world, [line(world.cabbage, { productionDate: daysFromToday(-40) })], { deliveryDate: daysFromToday(-30) }), 422);
      expect(body.issues[0]).toMatchObject({ path: 'deliveryDate', message: expect.stringContaining('送货日期须在') });
    });

    it('a blacklisted supplier cannot deliver', async () => {
      const supplier = await createSupplier({ blacklisted: true });
      await createContract(supplier, world.tree.schoolA, [world.tree.canteenA1]);
      const session = await signIn(app, await createUser('supplier', null, { supplierId: supplier.id }));
      before = await deliveryCounts();
      const response = await session.post('/api/deliveries', manifest(world, [line(world.cabbage)]));
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ error: 'SUPPLIER_BLACKLISTED', message: expect.stringContaining('严重违法失信名单') });
      expect(await deliveryCounts()).toEqual({ ...before, events: before.events! + 1 });
      expect(await refusals(supplier.id)).toEqual([
        {
          orgPath: world.tree.canteenA1.path,
          reason: 'blacklisted',
          supplierId: supplier.id,
          supplierName: supplier.name,
          canteenId: world.tree.canteenA1.id,
          canteenName: world.tree.canteenA1.name,
          deliveryDate: today(),
          source: 'form',
          categories: [],
          lineCount: 1,
          refusedAt: expect.any(String),
        },
      ]);
    });

    it('a blacklisted supplier is refused and announced whatever its manifest holds', async () => {
      const supplier = await createSupplier({ blacklisted: true });
      const session = await signIn(app, await createUser('supplier', null, { supplierId: supplier.id }));
      before = await deliveryCounts();
      // No contract, an unknown ingredient and a bad date: the blacklist answers first, and the attempt is still told.
      const body = await refused(manifest(world, [line(world.cabbage, { ingredientCode: 'NOPE' })], { deliveryDate: daysFromToday(-30) }), 409, session, 1);
      expect(body.error).toBe('SUPPLIER_BLACKLISTED');
      expect(await refusals(supplier.id)).toEqual([
        expect.objectContaining({ orgPath: world.tree.canteenA1.path, reason: 'blacklisted', source: 'form', deliveryDate: daysFromToday(-30), lineCount: 1 }),
      ]);
    });

    it('a purchase order of another canteen, or an unknown one', async () => {
      const body = await refused(manifest(world, [line(world.cabbage)], { purchaseOrderId: '00000000-0000-4000-8000-000000000000' }), 422);
      expect(body.issues[0]).toMatchObject({ path: 'purchaseOrderId' });
    });

    it('malformed bodies never reach the database', async () => {
      await refused({ canteenId: world.tree.canteenA1.id, deliveryDate: today(), lines: [] }, 400);
      await refused({ canteenId: 'x', deliveryDate: 'tomorrow', lines: 'many' }, 400);
      await refused(manifest(world, [line(world.cabbage, { quantity: '1e5' }), line(world.cabbage, { quantity: 1.0001 }), line(world.cabbage, { unit: '斤' })]), 400);
      const nul = await refused(manifest(world, [line(world.cabbage, { lotCode: 'A\u0000B' })]), 400);
      expect(nul.issues[0]!.path).toBe('lines.0.lotCode');
      // PostgreSQL has no year 0: such a day is refused before it reaches the database.
      const yearZero = await refused(manifest(world, [line(world.cabbage, { productionDate: '0000-01-01', expiryDate: daysFromToday(3) })]), 400);
      expect(yearZero.issues).toEqual([expect.objectContaining({ path: 'lines.0.productionDate', message: '日期须在 1900 年至 2999 年之间' })]);
      expect((await world.sessions.manager.get('/api/deliveries?from=0000-01-01')).status).toBe(400);
    });

    it('dates implausibly far from the delivery', async () => {
      const body = await refused(
        manifest(world, [line(world.cabbage, { productionDate: '1990-01-01', expiryDate: daysFromToday(3), shelfLifeDays: undefined }), line(world.cabbage, { expiryDate: '2999-01-01', shelfLifeDays: undefined })]),
        422,
      );
      expect(body.issues.map((issue) => issue.path)).toEqual(['lines.0.productionDate', 'lines.1.expiryDate']);
    });
  });

  describe('certificates', () => {
    it('accepts PDF, JPEG and PNG by content; refuses other types and oversize files', async () => {
      const upload = (data: Buffer, name: string) => world.sessions.supplier.agent.post('/api/deliveries/files').set('x-csrf-token', world.sessions.supplier.csrf).attach('file', data, name);
      const pdf = await upload(PDF, 'report.pdf');
      expect(pdf.status).toBe(201);
      expect(pdf.body).toMatchObject({ id: expect.any(String), contentType: 'application/pdf', originalName: 'report.pdf', sizeBytes: PDF.length });
      expect((await upload(JPEG, 'photo.jpg')).status).toBe(201);
      const before = await deliveryCounts();
      const text = await upload(Buffer.from('just text'), 'fake.pdf');
      expect(text.status).toBe(415);
      expect(text.body.message).toContain('文件类型不符合要求');
      const big = await upload(Buffer.concat([PDF, Buffer.alloc(150_000)]), 'big.pdf');
      expect(big.status).toBe(413);
      expect(await deliveryCounts()).toEqual(before);
    });

    it('canteen users cannot upload certificates', async () => {
      const response = await world.sessions.manager.agent.post('/api/deliveries/files').set('x-csrf-token', world.sessions.manager.csrf).attach('file', PDF, 'x.pdf');
      expect(response.status).toBe(403);
    });
  });

  describe('reading and isolation', () => {
    let delivery: { id: string; code: string };
    let certificate: string;
    beforeAll(async () => {
      certificate = await uploadCertificate(world.sessions.supplier);
      delivery = await submitManifest(world, [line(world.pork, { certificateIds: [certificate] })]);
    });

    it('the canteen, its school and its county see it; pending deliveries come first', async () => {
      for (const session of [world.sessions.manager, world.sessions.staff, world.sessions.officialA]) {
        const detail = await session.get(`/api/deliveries/${delivery.id}`);
        expect(detail.status).toBe(200);
        const list = await session.get(`/api/deliveries?canteenId=${world.tree.canteenA1.id}&pageSize=200`);
        expect(list.status).toBe(200);
        expect(list.body.items.map((item: { id: string }) => item.id)).toContain(delivery.id);
        expect(list.body.items[0].status).toBe('submitted');
      }
      const file = await world.sessions.officialA.get(`/api/deliveries/${delivery.id}/files/${certificate}`);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(Buffer.from(file.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('an official of another county gets 404 and never sees it in lists', async () => {
      const session = world.sessions.officialB;
      expect((await session.get(`/api/deliveries/${delivery.id}`)).status).toBe(404);
      expect((await session.get(`/api/deliveries/${delivery.id}/files/${certificate}`)).status).toBe(404);
      const list = await session.get('/api/deliveries?pageSize=200');
      expect(list.status).toBe(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(delivery.id);
      expect((await session.get(`/api/deliveries?canteenId=${world.tree.canteenA1.id}`)).status).toBe(404);
      expect((await world.sessions.staffB.get(`/api/deliveries/${delivery.id}`)).status).toBe(404);
    });

    it('a supplier sees its own manifests with their status, never another supplier’s', async () => {
      const own = await world.sessions.supplier.get('/api/deliveries?pageSize=200');
      expect(own.status).toBe(200);
      expect(own.body.items.every((item: { supplier: { id: string } }) => item.supplier.id === world.supplier.id)).toBe(true);
      expect(own.body.items.find((item: { id: string }) => item.id === delivery.id)).toMatchObject({ status: 'submitted', code: delivery.code });

      const other = world.sessions.otherSupplier;
      expect((await other.get(`/api/deliveries/${delivery.id}`)).status).toBe(404);
      expect((await other.get(`/api/deliveries/${delivery.id}/files/${certificate}`)).status).toBe(404);
      const list = await other.get('/api/deliveries?pageSize=200');
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(delivery.id);
      expect((await other.get(`/api/deliveries?supplierId=${world.supplier.id}`)).status).toBe(404);
      // Nor can it accept it, nor attach to it.
      expect((await other.post(`/api/deliveries/${delivery.id}/acceptance`, { secondInspector: { username: 'x', password: 'y' }, lines: [{ lineId: delivery.id, decision: 'accept' }] })).status).toBe(403);
      const photo = await other.agent.post(`/api/deliveries/${delivery.id}/photos`).set('x-csrf-token', other.csrf).attach('file', JPEG, 'p.jpg');
      expect(photo.status).toBe(403);
      const refusal = await other.post('/api/deliveries', manifest(world, [line(world.pork, { certificateIds: [certificate] })]));
      expect(refusal.status).toBe(422);
      expect(refusal.body.issues[0].path).toBe('lines.0.certificateIds.0');
    });

    it('an unknown or malformed id answers 404 / 400', async () => {
      expect((await world.sessions.manager.get('/api/deliveries/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await world.sessions.manager.get('/api/deliveries/not-an-id')).status).toBe(400);
    });
  });

  describe('the supplier API with an API key', () => {
    let key: string;
    let keyId: string;
    const http = () => request(app.getHttpServer());

    beforeAll(async () => {
      const created = await world.sessions.supplier.post('/api/supplier-api-keys', { label: '仓储系统' });
      expect(created.status).toBe(201);
      key = created.body.key;
      keyId = created.body.id;
    });

    it('submits a manifest without a session or CSRF token, with certificates uploaded the same way', async () => {
      const file = await http().post('/api/supplier-api/v1/files').set('authorization', `Bearer ${key}`).attach('file', PDF, 'cert.pdf');
      expect(file.status).toBe(201);
      const response = await http()
        .post('/api/supplier-api/v1/deliveries')
        .set('authorization', `Bearer ${key}`)
        .send(manifest(world, [line(world.pork, { certificateIds: [file.body.id] }), line(world.cabbage)]));
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ source: 'api', status: 'submitted', lineCount: 2, supplier: { id: world.supplier.id } });
      const row = await testPrisma().deliveryManifest.findUniqueOrThrow({ where: { id: response.body.id } });
      expect(row).toMatchObject({ apiKeyId: keyId, submittedById: null, source: 'api' });
      const status = await http().get(`/api/supplier-api/v1/deliveries/${response.body.id}`).set('authorization', `Bearer ${key}`);
      expect(status.status).toBe(200);
      expect(status.body.status).toBe('submitted');
    });

    it('applies the same validation as the form', async () => {
      const before = await deliveryCounts();
      const response = await http()
        .post('/api/supplier-api/v1/deliveries')
        .set('authorization', `Bearer ${key}`)
        .send(manifest(world, [line(world.cabbage, { ingredientCode: 'NOPE' })]));
      expect(response.status).toBe(422);
      expect(response.body.issues[0]).toMatchObject({ path: 'lines.0.ingredientCode' });
      expect(await deliveryCounts()).toEqual(before);
    });

    it('cannot read another supplier’s manifest', async () => {
      const others = await submitManifest(world, [line(world.cabbage)], {}, world.sessions.otherSupplier);
      expect((await http().get(`/api/supplier-api/v1/deliveries/${others.id}`).set('authorization', `Bearer ${key}`)).status).toBe(404);
    });

    it('a missing, wrong or revoked key answers 401 and stores nothing, even with a bad body', async () => {
      const revoked = await world.sessions.supplier.post('/api/supplier-api-keys', { label: '旧系统' });
      expect((await world.sessions.supplier.post(`/api/supplier-api-keys/${revoked.body.id}/revoke`)).status).toBe(200);
      const before = await deliveryCounts();
      const attempts = [
        http().post('/api/supplier-api/v1/deliveries').send(manifest(world, [line(world.cabbage)])),
        http().post('/api/supplier-api/v1/deliveries').set('authorization', 'Bearer cks_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').send(manifest(world, [line(world.cabbage)])),
        http().post('/api/supplier-api/v1/deliveries').set('authorization', `Bearer ${revoked.body.key}`).send(manifest(world, [line(world.cabbage)])),
        http().post('/api/supplier-api/v1/deliveries').set('authorization', `Bearer ${revoked.body.key}`).send({ lines: 'garbage' }),
        http().post('/api/supplier-api/v1/files').set('authorization', `Bearer ${revoked.body.key}`).attach('file', PDF, 'x.pdf'),
      ];
      for (const attempt of attempts) {
        const response = await attempt;
        expect(response.status).toBe(401);
        expect(response.body.message).toMatch(HAS_CHINESE);
      }
      const revokedAnswer = await http().post('/api/supplier-api/v1/deliveries').set('authorization', `Bearer ${revoked.body.key}`).send(manifest(world, [line(world.cabbage)]));
      expect(revokedAnswer.body.message).toBe('API 密钥已被吊销');
      expect(await deliveryCounts()).toEqual(before);
    });

    it('a blacklisted supplier’s key answers 401, and a manifest it posts reaches the warnings as a refused delivery', async () => {
      const supplier = await createSupplier();
      await createContract(supplier, world.tree.schoolA, [world.tree.canteenA1]);
      const session = await signIn(app, await createUser('supplier', null, { supplierId: supplier.id }));
      const created = await session.post('/api/supplier-api-keys', { label: '仓储系统' });
      await testPrisma().supplier.update({ where: { id: supplier.id }, data: { blacklistedAt: new Date(), blacklistReason: '食品安全严重违法' } });
      const post = (body: object) => http().post('/api/supplier-api/v1/deliveries').set('authorization', `Bearer ${created.body.key}`).send(body);

      const before = await deliveryCounts();
      const response = await post(manifest(world, [line(world.cabbage), line(world.pork)]));
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: 'SUPPLIER_BLACKLISTED', message: expect.stringContaining('食品安全严重违法') });
      expect(await deliveryCounts()).toEqual({ ...before, events: before.events! + 1 });
      const [refusal, ...more] = await refusals(supplier.id);
      expect(more).toEqual([]);
      expect(refusal).toEqual({
        orgPath: world.tree.canteenA1.path,
        reason: 'blacklisted',
        supplierId: supplier.id,
        supplierName: supplier.name,
        canteenId: world.tree.canteenA1.id,
        canteenName: world.tree.canteenA1.name,
        deliveryDate: today(),
        source: 'api',
        categories: [],
        lineCount: 2,
        refusedAt: expect.any(String),
      });
      const { orgPath: _path, ...payload } = refusal!;
      const [alert] = await ruleHarness(unauthorisedSupplierDelivery).event('delivery.refused', payload);
      expect(alert).toMatchObject({ subjectUnitId: world.tree.canteenA1.id, severity: 'critical' });

      // Nothing to tell without a canteen and a day, nor from its other calls; every answer stays 401.
      const quiet = await deliveryCounts();
      const others = [
        await post({ lines: 'garbage' }),
        await post({ canteenId: world.tree.canteenA1.id, deliveryDate: 'tomorrow', lines: [] }),
        await http().post('/api/supplier-api/v1/files').set('authorization', `Bearer ${created.body.key}`).attach('file', PDF, 'x.pdf'),
        await http().get('/api/supplier-api/v1/deliveries/00000000-0000-4000-8000-000000000000').set('authorization', `Bearer ${created.body.key}`),
      ];
      expect(others.map((r) => r.status)).toEqual([401, 401, 401, 401]);
      expect(await deliveryCounts()).toEqual(quiet);
    });

    it('a session cookie is no substitute for the key', async () => {
      const response = await world.sessions.supplier.post('/api/supplier-api/v1/deliveries', manifest(world, [line(world.cabbage)]));
      expect(response.status).toBe(401);
    });
  });

  it('a catalogue ingredient added meanwhile can be delivered at once', async () => {
    const rice = await createIngredient({ category: 'grains' });
    const body = await submitManifest(world, [line(rice)]);
    expect(body.lines[0]!.lineNo).toBe(1);
  });
});
