import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ZDeliveryAcceptedEvent, addDays } from '@canteen/shared';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createUser } from '@test/factories/user.factory';
import { auditEntriesAfter, lastAuditId } from '@test/support/db-state';
import {
  type DeliveryWorld,
  JPEG,
  PDF,
  createDeliveryWorld,
  daysFromToday,
  deliveryCounts,
  line,
  submitManifest,
  today,
  uploadCertificate,
} from '@test/fixtures/deliveries';
import { type Session, signIn, startApp } from './harness';

// The world signs in eight people (argon2 each); a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

type Manifest = Awaited<ReturnType<typeof submitManifest>>;

describe('acceptance at the canteen (进货查验)', () => {
  let app: NestFastifyApplication;
  let world: DeliveryWorld;
  let second: { username: string; password: string };

  beforeAll(async () => {
    app = await startApp();
    world = await createDeliveryWorld(app);
    second = { username: world.users.staff.username, password: world.users.staff.password };
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const accept = (manifestId: string, lines: object[], extra: object = {}, session: Session = world.sessions.manager) =>
    session.post(`/api/deliveries/${manifestId}/acceptance`, { secondInspector: second, lines, ...extra });
  const acceptAll = (m: Manifest, extra: Record<string, unknown> = {}) => m.lines.map((l) => ({ lineId: l.id, decision: 'accept', ...extra }));
  const uploadPhoto = async (manifestId: string, session: Session = world.sessions.manager) => {
    const response = await session.agent.post(`/api/deliveries/${manifestId}/photos`).set('x-csrf-token', session.csrf).attach('file', JPEG, '到货照片.jpg');
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const events = (manifestId: string) =>
    testPrisma().outboxEvent.findMany({ where: { payload: { path: ['manifestId'], equals: manifestId } }, orderBy: { createdAt: 'asc' } });

  it('two canteen users accept a delivery: stock batches, status, retention, audit and events in one go', async () => {
    const certificate = await uploadCertificate(world.sessions.supplier);
    const m = await submitManifest(world, [
      line(world.cabbage, { quantity: '12.5', unitPriceFen: 300 }),
      line(world.pork, { quantity: 8, unitPriceFen: 2600, expiryDate: daysFromToday(2), shelfLifeDays: undefined, certificateIds: [certificate] }),
      line(world.fish, { quantity: 5, unitPriceFen: 3000, shelfLifeDays: 180 }),
    ]);
    const photo = await uploadPhoto(m.id);
    const audit = await lastAuditId();
    const response = await accept(
      m.id,
      [
        { lineId: m.lines[0]!.id, decision: 'accept', photoIds: [photo] },
        { lineId: m.lines[1]!.id, decision: 'accept', acceptedQuantity: '8', temperatureC: 4.2 },
        { lineId: m.lines[2]!.id, decision: 'accept', temperatureC: -18 },
      ],
      { note: '外观、温度、票证均合格' },
    );
    expect(response.status).toBe(201);
    const body = response.body;
    expect(body.status).toBe('accepted');
    expect(body.acceptance).toMatchObject({
      note: '外观、温度、票证均合格',
      inspectors: [
        { id: world.users.manager.id, name: '测试canteen_manager' },
        { id: world.users.staff.id, name: '测试canteen_staff' },
      ],
    });
    expect(body.acceptance.lines).toEqual([
      { deliveryLineId: m.lines[0]!.id, decision: 'accept', acceptedQuantity: '12.5', temperatureC: null, temperatureInRange: null, reason: null, photoIds: [photo] },
      { deliveryLineId: m.lines[1]!.id, decision: 'accept', acceptedQuantity: '8', temperatureC: 4.2, temperatureInRange: true, reason: null, photoIds: [] },
      { deliveryLineId: m.lines[2]!.id, decision: 'accept', acceptedQuantity: '5', temperatureC: -18, temperatureInRange: true, reason: null, photoIds: [] },
    ]);
    expect(body.batches).toHaveLength(3);
    expect(body.batches[0]).toMatchObject({ deliveryLineId: m.lines[0]!.id, ingredientId: world.cabbage.id, quantity: '12.5', unit: 'kg', unitPriceFen: 300 });
    // Latest expiry (fish, 180 days) + 6 months.
    const fishExpiry = addDays(daysFromToday(-1), 180);
    expect(body.retainUntil > addDays(fishExpiry, 180)).toBe(true);
    expect(body.retainUntil < addDays(fishExpiry, 186)).toBe(true);

    const batches = await testPrisma().stockBatch.findMany({ where: { deliveryLineId: { in: m.lines.map((l) => l.id) } } });
    expect(batches.map((b) => [b.canteenId, b.supplierId])).toEqual(Array(3).fill([world.tree.canteenA1.id, world.supplier.id]));
    const files = await testPrisma().storedFile.findMany({ where: { id: { in: [certificate, photo] } } });
    expect(files.map((f) => f.retainUntil?.toISOString().slice(0, 10))).toEqual([body.retainUntil, body.retainUntil]);

    expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'accept', entity: 'delivery_manifest', entityId: m.id, actorId: world.users.manager.id })]);
    const sent = await events(m.id);
    expect(sent.map((e) => e.type)).toEqual(['delivery.submitted', 'delivery.accepted']);
    expect(sent[1]!.payload).toMatchObject({
      status: 'accepted',
      supplier: { id: world.supplier.id, name: world.supplier.name },
      canteen: { id: world.tree.canteenA1.id },
      inspectorIds: [world.users.manager.id, world.users.staff.id],
      lines: [
        expect.objectContaining({ ingredientId: world.cabbage.id, unitPriceFen: 300, quantity: '12.5', acceptedQuantity: '12.5', category: 'vegetables', quarantineRequired: false, certificateIds: [] }),
        expect.objectContaining({ ingredientId: world.pork.id, unitPriceFen: 2600, quarantineRequired: true, certificateIds: [certificate] }),
        expect.objectContaining({ ingredientId: world.fish.id, temperatureC: -18 }),
      ],
    });

    // Both sides read the same record; the photo is downloadable by those who see the delivery.
    const supplierView = await world.sessions.supplier.get(`/api/deliveries/${m.id}`);
    expect(supplierView.body).toMatchObject({ status: 'accepted', acceptance: { inspectors: body.acceptance.inspectors } });
    const download = await world.sessions.officialA.get(`/api/deliveries/${m.id}/files/${photo}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/jpeg');
  });

  it('a product without a shelf life keeps the record two years', async () => {
    const m = await submitManifest(world, [line(world.salt, { shelfLifeDays: undefined, quantity: 2 })]);
    const response = await accept(m.id, acceptAll(m));
    expect(response.status).toBe(201);
    const twoYears = `${Number(today().slice(0, 4)) + 2}${today().slice(4)}`;
    expect([twoYears, addDays(twoYears, -1)]).toContain(response.body.retainUntil);
    expect(response.body.lines[0].expiryDate).toBeNull();
    expect(response.body.batches[0].expiryDate).toBeNull();
  });

  describe('the two-person rule', () => {
    let m: Manifest;
    let before: Record<string, number>;
    beforeAll(async () => {
      m = await submitManifest(world, [line(world.cabbage)]);
    });
    beforeEach(async () => {
      before = await deliveryCounts();
    });
    const refused = async (secondInspector: object, status: number, error: string) => {
      const response = await world.sessions.manager.post(`/api/deliveries/${m.id}/acceptance`, { secondInspector, lines: acceptAll(m) });
      expect(response.status).toBe(status);
      expect(response.body.error).toBe(error);
      expect(await deliveryCounts()).toEqual(before);
      return response.body;
    };

    it('refuses the same person twice', async () => {
      const body = await refused({ username: world.users.manager.username, password: world.users.manager.password }, 400, 'SAME_INSPECTOR');
      expect(body.message).toContain('两名不同人员');
    });

    it('refuses a wrong password, an unknown account, a user of another school and a supplier, alike', async () => {
      for (const credentials of [
        { username: second.username, password: 'Wrong@2026pw' },
        { username: 'nobody_at_all', password: 'Wrong@2026pw' },
        { username: world.users.staffB.username, password: world.users.staffB.password },
        { username: world.users.supplierUser.username, password: world.users.supplierUser.password },
      ]) {
        const body = await refused(credentials, 400, 'SECOND_INSPECTOR_INVALID');
        expect(body.message).toBe('第二验收人用户名或密码错误，或不是本校食堂人员');
      }
    });

    it('refuses a person of the school who may not accept deliveries (the principal)', async () => {
      await refused({ username: world.users.principal.username, password: world.users.principal.password }, 400, 'INSPECTOR_NOT_ALLOWED');
    });

    it('rate-limits the second sign-in like a login', async () => {
      // Fresh accounts: the window counts per account, and earlier tests used these.
      const first = await createUser('canteen_manager', world.tree.schoolA);
      const colleague = await createUser('canteen_staff', world.tree.schoolA);
      const limited = await startApp({ LOGIN_ACCOUNT_LIMIT: 2 });
      try {
        const session = await signIn(limited, first);
        const before = await deliveryCounts();
        const attempt = () => session.post(`/api/deliveries/${m.id}/acceptance`, { secondInspector: { username: colleague.username, password: 'Wrong@2026pw' }, lines: acceptAll(m) });
        expect((await attempt()).status).toBe(400);
        expect((await attempt()).status).toBe(400);
        expect((await attempt()).status).toBe(429);
        expect(await deliveryCounts()).toEqual(before);
      } finally {
        await limited.close();
      }
    });
  });

  describe('per-line rules', () => {
    let before: Record<string, number>;
    beforeEach(async () => {
      before = await deliveryCounts();
    });

    it('cold chain: a temperature is required, and one out of range needs a rejection or a reason', async () => {
      const m = await submitManifest(world, [line(world.pork), line(world.fish)]);
      before = await deliveryCounts();
      const missing = await accept(m.id, acceptAll(m));
      expect(missing.status).toBe(422);
      expect(missing.body.issues.map((i: { path: string }) => i.path)).toEqual(['lines.0.temperatureC', 'lines.1.temperatureC']);
      expect(missing.body.issues[0].message).toContain('0–8 °C');
      expect(missing.body.issues[1].message).toContain('≤ -12 °C');
      const warm = await accept(m.id, [
        { lineId: m.lines[0]!.id, decision: 'accept', temperatureC: 10.5 },
        { lineId: m.lines[1]!.id, decision: 'accept', temperatureC: -5 },
      ]);
      expect(warm.status).toBe(422);
      expect(warm.body.issues[0].message).toContain('超出 0–8 °C');
      expect(await deliveryCounts()).toEqual(before);

      const done = await accept(m.id, [
        { lineId: m.lines[0]!.id, decision: 'reject', temperatureC: 10.5, reason: '冷藏温度超标' },
        { lineId: m.lines[1]!.id, decision: 'accept', temperatureC: -10, reason: '复测 -13 °C，冷冻车门短暂开启' },
      ]);
      expect(done.status).toBe(201);
      expect(done.body.status).toBe('partially_accepted');
      expect(done.body.acceptance.lines.map((l: { temperatureInRange: boolean }) => l.temperatureInRange)).toEqual([false, false]);
      expect(done.body.batches.map((b: { ingredientId: string }) => b.ingredientId)).toEqual([world.fish.id]);
      const sent = await events(m.id);
      expect(sent.map((e) => e.type)).toEqual(['delivery.submitted', 'delivery.missing-quarantine-certificate', 'delivery.accepted', 'delivery.rejected-line']);
      expect(sent[3]!.payload).toMatchObject({ deliveryLineId: m.lines[0]!.id, ingredientId: world.pork.id, reason: '冷藏温度超标', temperatureC: 10.5 });
      expect(ZDeliveryAcceptedEvent.parse(sent[2]!.payload).lines.map((l) => [l.ingredientId, l.quarantineRequired, l.certificateIds])).toEqual([
        [world.pork.id, true, []],
        [world.fish.id, false, []],
      ]);
    });

    it('quantities: not above what was delivered, within the unit’s decimals; a short delivery is a partial acceptance', async () => {
      const m = await submitManifest(world, [line(world.cabbage, { quantity: 10 }), line(world.eggs, { quantity: 30 })]);
      before = await deliveryCounts();
      const over = await accept(m.id, [
        { lineId: m.lines[0]!.id, decision: 'accept', acceptedQuantity: '10.5' },
        { lineId: m.lines[1]!.id, decision: 'accept', acceptedQuantity: 29.5 },
      ]);
      expect(over.status).toBe(422);
      expect(over.body.issues.map((i: { path: string; message: string }) => [i.path, i.message])).toEqual([
        ['lines.0.acceptedQuantity', '验收数量不能大于送货数量 10 kg'],
        ['lines.1.acceptedQuantity', expect.stringContaining('最多 0 位小数')],
      ]);
      expect(await deliveryCounts()).toEqual(before);
      const short = await accept(m.id, [
        { lineId: m.lines[0]!.id, decision: 'accept', acceptedQuantity: '9.75' },
        { lineId: m.lines[1]!.id, decision: 'accept' },
      ]);
      expect(short.status).toBe(201);
      expect(short.body.status).toBe('partially_accepted');
      expect(short.body.batches.map((b: { quantity: string }) => b.quantity)).toEqual(['9.75', '30']);
    });

    it('every line must be decided once; a rejection needs a reason; photos must be the school’s', async () => {
      const m = await submitManifest(world, [line(world.cabbage), line(world.cabbage)]);
      const othersPhoto = await uploadCertificate(world.sessions.supplier, JPEG, 'x.jpg');
      before = await deliveryCounts();
      const partial = await accept(m.id, [{ lineId: m.lines[0]!.id, decision: 'accept' }]);
      expect(partial.status).toBe(422);
      expect(partial.body.issues).toEqual([expect.objectContaining({ path: 'lines', message: '还有 1 行未验收（第 2 行）' })]);
      const twice = await accept(m.id, [
        { lineId: m.lines[0]!.id, decision: 'accept' },
        { lineId: m.lines[0]!.id, decision: 'accept' },
        { lineId: m.lines[1]!.id, decision: 'accept', photoIds: [othersPhoto] },
        { lineId: '00000000-0000-4000-8000-000000000000', decision: 'accept' },
      ]);
      expect(twice.status).toBe(422);
      expect(twice.body.issues.map((i: { path: string }) => i.path)).toEqual(['lines.1.lineId', 'lines.2.photoIds.0', 'lines.3.lineId']);
      const noReason = await accept(m.id, [
        { lineId: m.lines[0]!.id, decision: 'reject' },
        { lineId: m.lines[1]!.id, decision: 'reject', acceptedQuantity: 3, reason: '腐烂' },
      ]);
      expect(noReason.status).toBe(400);
      expect(noReason.body.issues.map((i: { path: string }) => i.path)).toEqual(['lines.0.reason', 'lines.1.acceptedQuantity']);
      expect(await deliveryCounts()).toEqual(before);

      const rejected = await accept(m.id, [
        { lineId: m.lines[0]!.id, decision: 'reject', reason: '叶片发黄腐烂' },
        { lineId: m.lines[1]!.id, decision: 'reject', reason: '叶片发黄腐烂' },
      ]);
      expect(rejected.status).toBe(201);
      expect(rejected.body).toMatchObject({ status: 'rejected', batches: [] });
    });
  });

  it('a supplier blacklisted after submitting cannot have its goods accepted: 409, nothing stored; rejecting them is still recorded', async () => {
    const m = await submitManifest(world, [line(world.cabbage), line(world.salt, { quantity: 2 })], {}, world.sessions.otherSupplier);
    await testPrisma().supplier.update({ where: { id: world.otherSupplier.id }, data: { blacklistedAt: new Date(), blacklistReason: '抽检不合格，列入严重违法失信名单' } });
    try {
      const detail = await world.sessions.manager.get(`/api/deliveries/${m.id}`);
      expect(detail.body.supplierBlacklisted).toEqual({ since: today(), reason: '抽检不合格，列入严重违法失信名单' });
      const before = await deliveryCounts();
      const refused = await accept(m.id, acceptAll(m));
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: 'SUPPLIER_BLACKLISTED', message: expect.stringContaining('抽检不合格'), messageEn: expect.stringContaining('blacklist') });
      const partly = await accept(m.id, [
        { lineId: m.lines[0]!.id, decision: 'accept' },
        { lineId: m.lines[1]!.id, decision: 'reject', reason: '供应商已列入失信名单' },
      ]);
      expect(partly.status).toBe(409);
      expect(await deliveryCounts()).toEqual(before);

      const rejected = await accept(m.id, m.lines.map((l) => ({ lineId: l.id, decision: 'reject', reason: '供应商已列入失信名单' })));
      expect(rejected.status).toBe(201);
      expect(rejected.body).toMatchObject({ status: 'rejected', batches: [] });
      expect((await world.sessions.manager.get(`/api/deliveries/${m.id}`)).body.supplierBlacklisted).not.toBeNull();
    } finally {
      await testPrisma().supplier.update({ where: { id: world.otherSupplier.id }, data: { blacklistedAt: null, blacklistReason: null } });
    }
  });

  describe('after the check the delivery is immutable', () => {
    let m: Manifest;
    beforeAll(async () => {
      m = await submitManifest(world, [line(world.cabbage)]);
      expect((await accept(m.id, acceptAll(m))).status).toBe(201);
    });

    it('a second acceptance and new photos answer 409, nothing stored', async () => {
      const before = await deliveryCounts();
      const again = await accept(m.id, acceptAll(m));
      expect(again.status).toBe(409);
      expect(again.body.message).toContain('不能再修改');
      const photo = await world.sessions.manager.agent.post(`/api/deliveries/${m.id}/photos`).set('x-csrf-token', world.sessions.manager.csrf).attach('file', JPEG, 'late.jpg');
      expect(photo.status).toBe(409);
      expect(await deliveryCounts()).toEqual(before);
    });

    it('the database refuses to change or delete it, whatever the application does', async () => {
      const prisma = testPrisma();
      await expect(prisma.$executeRawUnsafe(`UPDATE delivery_manifest SET status = 'submitted' WHERE id = '${m.id}'`)).rejects.toThrow(/already checked/);
      await expect(prisma.$executeRawUnsafe(`UPDATE delivery_line SET quantity = 1 WHERE manifest_id = '${m.id}'`)).rejects.toThrow(/already checked/);
      await expect(prisma.$executeRawUnsafe(`DELETE FROM delivery_line WHERE manifest_id = '${m.id}'`)).rejects.toThrow(/already checked/);
      await expect(prisma.$executeRawUnsafe(`DELETE FROM acceptance_line WHERE delivery_line_id = '${m.lines[0]!.id}'`)).rejects.toThrow(/append-only/);
      await expect(prisma.$executeRawUnsafe(`DELETE FROM delivery_manifest WHERE id = '${m.id}'`)).rejects.toThrow(/already checked|retention/);
    });

    it('a correction is a new, reasoned record beside the unchanged delivery', async () => {
      const before = await deliveryCounts();
      const response = await world.sessions.staff.post(`/api/deliveries/${m.id}/corrections`, { lineId: m.lines[0]!.id, field: 'acceptedQuantity', newValue: '9.8', reason: '复秤发现少 0.2 kg' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ lineNo: 1, field: 'acceptedQuantity', oldValue: '10', newValue: '9.8', reason: '复秤发现少 0.2 kg', createdBy: { id: world.users.staff.id } });
      const after = await deliveryCounts();
      expect(after).toMatchObject({ corrections: before.corrections! + 1, events: before.events! + 1, audits: before.audits! + 1, lines: before.lines });
      const detail = await world.sessions.officialA.get(`/api/deliveries/${m.id}`);
      expect(detail.body.corrections).toEqual([expect.objectContaining({ id: response.body.id, oldValue: '10', newValue: '9.8' })]);
      expect(detail.body.acceptance.lines[0].acceptedQuantity).toBe('10');
      await expect(testPrisma().$executeRawUnsafe(`DELETE FROM delivery_correction WHERE id = '${response.body.id}'`)).rejects.toThrow(/append-only/);

      const bad = await world.sessions.staff.post(`/api/deliveries/${m.id}/corrections`, { lineId: m.lines[0]!.id, field: 'expiryDate', newValue: '2026-02-30', reason: '标签识读错误' });
      expect(bad.status).toBe(400);
      const noReason = await world.sessions.staff.post(`/api/deliveries/${m.id}/corrections`, { lineId: m.lines[0]!.id, field: 'lotCode', newValue: 'X', reason: '' });
      expect(noReason.status).toBe(400);
    });

    it('a delivery not yet checked is not corrected but accepted as found', async () => {
      const pending = await submitManifest(world, [line(world.cabbage)]);
      const response = await world.sessions.staff.post(`/api/deliveries/${pending.id}/corrections`, { lineId: pending.lines[0]!.id, field: 'note', newValue: 'x', reason: '试试看' });
      expect(response.status).toBe(409);
    });
  });

  describe('isolation', () => {
    let m: Manifest;
    beforeAll(async () => {
      m = await submitManifest(world, [line(world.cabbage)]);
    });

    it('canteen staff of another school get 404; suppliers and officials may not accept', async () => {
      const before = await deliveryCounts();
      const secondB = await createUser('canteen_staff', world.tree.schoolB);
      const other = await accept(m.id, acceptAll(m), { secondInspector: { username: secondB.username, password: secondB.password } }, world.sessions.staffB);
      expect(other.status).toBe(404);
      expect((await world.sessions.staffB.post(`/api/deliveries/${m.id}/corrections`, { field: 'note', newValue: 'x', reason: '试试看' })).status).toBe(404);
      const photo = await world.sessions.staffB.agent.post(`/api/deliveries/${m.id}/photos`).set('x-csrf-token', world.sessions.staffB.csrf).attach('file', JPEG, 'p.jpg');
      expect(photo.status).toBe(404);
      expect((await accept(m.id, acceptAll(m), {}, world.sessions.supplier)).status).toBe(403);
      expect((await accept(m.id, acceptAll(m), {}, world.sessions.officialA)).status).toBe(403);
      expect(await deliveryCounts()).toEqual(before);
    });

    it('photos are images only', async () => {
      const response = await world.sessions.manager.agent.post(`/api/deliveries/${m.id}/photos`).set('x-csrf-token', world.sessions.manager.csrf).attach('file', PDF, 'scan.pdf');
      expect(response.status).toBe(415);
    });
  });
});
