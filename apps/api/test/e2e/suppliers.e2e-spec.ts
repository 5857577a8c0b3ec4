import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { creditCodeCheckChar, shanghaiDay } from '@canteen/shared';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestSupplier, createFarmBase, createSupplier } from '@test/factories/supply.factory';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { auditEntriesAfter, lastAuditId, uniqueName } from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';

const HAS_CHINESE = /[\u4e00-\u9fff]/;
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A unified social credit code with a valid check character, different every call. */
function creditCode(): string {
  let body = '91511700';
  for (let i = 0; i < 9; i++) body += CODE_CHARS[Math.floor(Math.random() * CODE_CHARS.length)];
  return body + creditCodeCheckChar(body);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

async function counts() {
  const [row] = await testPrisma().$queryRawUnsafe<Record<string, bigint>[]>(`
    SELECT (SELECT count(*) FROM supplier) AS supplier,
           (SELECT count(*) FROM supplier_document) AS supplier_document,
           (SELECT count(*) FROM stored_file) AS stored_file,
           (SELECT count(*) FROM farm_base) AS farm_base,
           (SELECT count(*) FROM app_user) AS app_user,
           (SELECT count(*) FROM audit_log) AS audit_log,
           (SELECT count(*) FROM outbox_event) AS outbox_event`);
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

function upload(session: Session, supplierId: string, fields: Record<string, string>, file?: { data: Buffer; name: string; type: string }) {
  const req = session.agent.post(`/api/suppliers/${supplierId}/documents`).set('x-csrf-token', session.csrf);
  for (const [key, value] of Object.entries(fields)) void req.field(key, value);
  if (file) void req.attach('file', file.data, { filename: file.name, contentType: file.type });
  return req;
}

const pdf = (name = '营业执照.pdf') => ({ data: PDF, name, type: 'application/pdf' });

describe('suppliers: registry, accounts, documents and farm bases', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let operator: Session;
  let countyAdmin: Session;
  let viewer: Session;
  let principal: Session;
  let staff: Session;
  let supplierA: TestSupplier;
  let supplierB: TestSupplier;
  let userA: Session;
  let userB: Session;
  let before: Record<string, number>;

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    operator = await signIn(app, await createUser('operator', tree.province));
    countyAdmin = await signIn(app, await createUser('official_admin', tree.countyA));
    viewer = await signIn(app, await createUser('official_viewer', tree.cityA));
    principal = await signIn(app, await createUser('principal', tree.schoolA));
    staff = await signIn(app, await createUser('canteen_staff', tree.schoolA));
    supplierA = await createSupplier({ name: uniqueName('甲配送公司') });
    supplierB = await createSupplier({ name: uniqueName('乙配送公司') });
    userA = await signIn(app, await createUser('supplier', null, { supplierId: supplierA.id }));
    userB = await signIn(app, await createUser('supplier', null, { supplierId: supplierB.id }));
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const nothingWritten = async () => expect(await counts()).toEqual(before);

  describe('registry', () => {
    it('an admin registers a supplier, audited', async () => {
      const audit = await lastAuditId();
      const code = creditCode();
      const response = await countyAdmin.post('/api/suppliers', {
        name: '达州市测试蔬菜配送有限公司',
        creditCode: code.toLowerCase(),
        kind: 'distributor',
        contactName: '张三',
        contactPhone: '13900000001',
        address: '达州市通川区测试路 1 号',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ creditCode: code, kind: 'distributor', blacklisted: false, documentState: null });
      const entries = await auditEntriesAfter(audit);
      expect(entries).toEqual([expect.objectContaining({ action: 'create', entity: 'supplier', entityId: response.body.id, orgPath: tree.countyA.path })]);
    });

    it('refuses an invalid credit code, a duplicate one, and a missing name, writing nothing', async () => {
      before = await counts();
      const bad = await operator.post('/api/suppliers', { name: '测试公司', creditCode: '91511700MA12345678' });
      expect(bad.status).toBe(400);
      expect(bad.body.issues[0]).toMatchObject({ path: 'creditCode', message: expect.stringMatching(HAS_CHINESE) });
      const short = await operator.post('/api/suppliers', { name: '测试公司', creditCode: '123' });
      expect(short.status).toBe(400);
      const code = creditCode();
      expect((await operator.post('/api/suppliers', { name: '第一家公司', creditCode: code })).status).toBe(201);
      before = await counts();
      const again = await operator.post('/api/suppliers', { name: '第二家公司', creditCode: code });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ message: expect.stringMatching(/统一社会信用代码/), messageEn: expect.stringMatching(/credit code/) });
      const noName = await operator.post('/api/suppliers', { creditCode: creditCode() });
      expect(noName.status).toBe(400);
      await nothingWritten();
    });

    it('only supplier:write holders register suppliers', async () => {
      before = await counts();
      for (const session of [viewer, principal, staff, userA]) {
        expect((await session.post('/api/suppliers', { name: '越权公司', creditCode: creditCode() })).status).toBe(403);
      }
      await nothingWritten();
    });

    it('every tree role reads the register; search and filters work', async () => {
      for (const session of [operator, viewer, principal, staff]) {
        const response = await session.get(`/api/suppliers?q=${encodeURIComponent(supplierA.name)}`);
        expect(response.status).toBe(200);
        expect(response.body.items.map((s: { id: string }) => s.id)).toEqual([supplierA.id]);
      }
      const detail = await staff.get(`/api/suppliers/${supplierB.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ id: supplierB.id, name: supplierB.name });
      expect((await operator.get('/api/suppliers?kind=bogus')).status).toBe(400);
      expect((await operator.get('/api/suppliers/not-a-uuid')).status).toBe(400);
      expect((await operator.get('/api/suppliers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });

    it('a supplier user sees only their own company; another supplier answers 404', async () => {
      const list = await userA.get('/api/suppliers');
      expect(list.status).toBe(200);
      expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([supplierA.id]);
      expect((await userA.get(`/api/suppliers/${supplierA.id}`)).status).toBe(200);
      const other = await userA.get(`/api/suppliers/${supplierB.id}`);
      expect(other.status).toBe(404);
      expect(other.body.message).toMatch(HAS_CHINESE);
      expect((await userB.get(`/api/suppliers/${supplierA.id}`)).status).toBe(404);
    });

    it('a supplier user edits the contacts of their own company only', async () => {
      const own = await userA.patch(`/api/suppliers/${supplierA.id}`, { contactName: '李四', contactPhone: '0818-2345678' });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ contactName: '李四', contactPhone: '0818-2345678' });
      before = await counts();
      expect((await userA.patch(`/api/suppliers/${supplierA.id}`, { name: '改名公司' })).status).toBe(403);
      expect((await userA.patch(`/api/suppliers/${supplierB.id}`, { contactName: '王五' })).status).toBe(404);
      expect((await viewer.patch(`/api/suppliers/${supplierA.id}`, { contactName: '王五' })).status).toBe(403);
      expect((await operator.patch(`/api/suppliers/${supplierA.id}`, {})).status).toBe(400);
      expect((await operator.patch(`/api/suppliers/${supplierA.id}`, { kind: 'wholesaler' })).status).toBe(400);
      await nothingWritten();
      const admin = await operator.patch(`/api/suppliers/${supplierA.id}`, { kind: 'producer', address: '达州市达川区' });
      expect(admin.status).toBe(200);
      expect(admin.body).toMatchObject({ kind: 'producer', address: '达州市达川区' });
    });

    it('suppliers cannot be deleted', async () => {
      const response = await operator.agent.delete(`/api/suppliers/${supplierB.id}`).set('x-csrf-token', operator.csrf);
      expect(response.status).toBe(404);
      expect(await testPrisma().supplier.findUnique({ where: { id: supplierB.id } })).not.toBeNull();
    });
  });

  describe('blacklist', () => {
    let target: TestSupplier;
    beforeAll(async () => {
      target = await createSupplier({ name: uniqueName('失信测试公司') });
    });

    it('blacklists with a reason: audited, with a supplier.blacklisted event in the same change', async () => {
      const audit = await lastAuditId();
      const response = await countyAdmin.post(`/api/suppliers/${target.id}/blacklist`, { reason: '市场监管部门公布的严重违法失信名单' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ blacklisted: true, blacklistReason: '市场监管部门公布的严重违法失信名单' });
      const entries = await auditEntriesAfter(audit);
      expect(entries).toEqual([expect.objectContaining({ action: 'blacklist', entity: 'supplier', entityId: target.id })]);
      const events = await testPrisma().outboxEvent.findMany({ where: { type: 'supplier.blacklisted', payload: { path: ['supplierId'], equals: target.id } } });
      expect(events).toHaveLength(1);
      expect(events[0]!.payload).toMatchObject({ reason: '市场监管部门公布的严重违法失信名单', name: target.name });
      const filtered = await viewer.get(`/api/suppliers?blacklisted=true&q=${encodeURIComponent(target.name)}`);
      expect(filtered.body.items).toHaveLength(1);
    });

    it('refuses a second blacklisting, a missing reason, and callers without supplier:write', async () => {
      before = await counts();
      expect((await operator.post(`/api/suppliers/${target.id}/blacklist`, { reason: '再次列入' })).status).toBe(409);
      expect((await operator.post(`/api/suppliers/${supplierA.id}/blacklist`, {})).status).toBe(400);
      expect((await operator.post(`/api/suppliers/${supplierA.id}/blacklist`, { reason: ' ' })).status).toBe(400);
      expect((await viewer.post(`/api/suppliers/${supplierA.id}/blacklist`, { reason: '越权操作' })).status).toBe(403);
      expect((await userA.post(`/api/suppliers/${supplierA.id}/blacklist`, { reason: '越权操作' })).status).toBe(403);
      await nothingWritten();
    });

    it('lifts the blacklisting with a reason, once', async () => {
      const audit = await lastAuditId();
      const lifted = await operator.post(`/api/suppliers/${target.id}/lift-blacklist`, { reason: '已完成信用修复' });
      expect(lifted.status).toBe(200);
      expect(lifted.body).toMatchObject({ blacklisted: false, blacklistReason: null });
      expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'blacklist.lift', entityId: target.id })]);
      expect((await operator.post(`/api/suppliers/${target.id}/lift-blacklist`, { reason: '已完成信用修复' })).status).toBe(409);
    });
  });

  describe('supplier accounts', () => {
    it('an admin creates a supplier account that must change its password, audited', async () => {
      const audit = await lastAuditId();
      const username = uniqueName('sup').toLowerCase().slice(0, 30);
      const response = await operator.post(`/api/suppliers/${supplierA.id}/users`, {
        username,
        displayName: '甲公司录单员',
        initialPassword: 'Init@2026pw',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ username, mustChangePassword: true, disabled: false });
      const row = await testPrisma().user.findUniqueOrThrow({ where: { id: response.body.id } });
      expect(row).toMatchObject({ role: 'supplier', supplierId: supplierA.id, orgUnitId: null, mustChangePassword: true });
      expect(row.passwordHash).not.toContain('Init@2026pw');
      expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'create', entity: 'user', entityId: response.body.id })]);

      const session = await signIn(app, { username, password: 'Init@2026pw' });
      const me = await session.get('/api/auth/me');
      expect(me.body.user).toMatchObject({ role: 'supplier', mustChangePassword: true, supplier: { id: supplierA.id } });
      const list = await operator.get(`/api/suppliers/${supplierA.id}/users`);
      expect(list.body.map((u: { username: string }) => u.username)).toContain(username);
      expect((await userA.get(`/api/suppliers/${supplierA.id}/users`)).status).toBe(200);
      expect((await userA.get(`/api/suppliers/${supplierB.id}/users`)).status).toBe(404);
    });

    it('refuses a taken username, a weak password, an unknown supplier and callers without supplier:write', async () => {
      before = await counts();
      const body = { username: uniqueName('sup').toLowerCase().slice(0, 30), displayName: '录单员', initialPassword: 'Init@2026pw' };
      expect((await operator.post(`/api/suppliers/${supplierA.id}/users`, { ...body, initialPassword: 'short' })).status).toBe(400);
      expect((await operator.post('/api/suppliers/00000000-0000-4000-8000-000000000000/users', body)).status).toBe(404);
      for (const session of [principal, viewer, userA]) {
        expect((await session.post(`/api/suppliers/${supplierA.id}/users`, body)).status).toBe(403);
      }
      const existing = await createUser('canteen_staff', tree.schoolA);
      const taken = await operator.post(`/api/suppliers/${supplierA.id}/users`, { ...body, username: existing.username });
      expect(taken.status).toBe(409);
      before.app_user! += 1;
      await nothingWritten();
    });
  });

  describe('documents', () => {
    const today = shanghaiDay();
    const plusDays = (n: number) => {
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + n);
      return d.toISOString().slice(0, 10);
    };

    it('an admin uploads a licence; the file comes back with its content type to those who may see the supplier', async () => {
      const audit = await lastAuditId();
      const response = await upload(operator, supplierA.id, { kind: 'food_business_licence', number: 'JY15117020000001', issuedOn: '2024-01-01', expiresOn: plusDays(400) }, pdf('食品经营许可证.pdf'));
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        kind: 'food_business_licence',
        number: 'JY15117020000001',
        issuedOn: '2024-01-01',
        expiresOn: plusDays(400),
        expiryState: 'valid',
        farmBase: null,
        file: { contentType: 'application/pdf', originalName: '食品经营许可证.pdf', sizeBytes: PDF.length },
      });
      expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'create', entity: 'supplier_document', entityId: response.body.id })]);
      const url = `/api/suppliers/${supplierA.id}/documents/${response.body.id}/file`;
      for (const session of [operator, staff, viewer, userA]) {
        const file = await session.get(url).buffer(true).parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
        expect(file.status).toBe(200);
        expect(file.headers['content-type']).toMatch(/^application\/pdf/);
        expect(file.headers['content-disposition']).toContain("filename*=UTF-8''");
        expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
      }
      expect((await userB.get(url)).status).toBe(404);
      expect((await operator.get(`/api/suppliers/${supplierB.id}/documents/${response.body.id}/file`)).status).toBe(404);
    });

    it('a supplier user uploads its own documents, never another supplier\'s', async () => {
      const own = await upload(userA, supplierA.id, { kind: 'business_licence', number: '91511700TEST00001' }, { data: PNG, name: 'licence.png', type: 'image/png' });
      expect(own.status).toBe(201);
      expect(own.body).toMatchObject({ kind: 'business_licence', expiresOn: null, expiryState: 'valid', file: { contentType: 'image/png' } });
      before = await counts();
      expect((await upload(userA, supplierB.id, { kind: 'business_licence', number: '91511700TEST00002' }, pdf())).status).toBe(404);
      expect((await upload(viewer, supplierA.id, { kind: 'business_licence', number: '91511700TEST00002' }, pdf())).status).toBe(403);
      await nothingWritten();
      const listB = await userB.get(`/api/suppliers/${supplierA.id}/documents`);
      expect(listB.status).toBe(404);
    });

    it('lists documents with their expiry state from today in Asia/Shanghai, and the supplier its worst licence', async () => {
      const supplier = await createSupplier({ name: uniqueName('证照状态公司') });
      const expiring = await upload(operator, supplier.id, { kind: 'food_business_licence', number: 'JY-EXPIRING', expiresOn: plusDays(30) }, pdf());
      const expired = await upload(operator, supplier.id, { kind: 'food_production_licence', number: 'SC-EXPIRED', expiresOn: plusDays(-1) }, pdf());
      const lastDay = await upload(operator, supplier.id, { kind: 'other', number: 'OTHER-TODAY', expiresOn: today }, pdf());
      const later = await upload(operator, supplier.id, { kind: 'business_licence', number: 'BL-LATER', expiresOn: plusDays(31) }, pdf());
      for (const r of [expiring, expired, lastDay, later]) expect(r.status).toBe(201);
      const list = await operator.get(`/api/suppliers/${supplier.id}/documents`);
      const states = Object.fromEntries(list.body.map((d: { number: string; expiryState: string }) => [d.number, d.expiryState]));
      expect(states).toEqual({ 'JY-EXPIRING': 'expiring', 'SC-EXPIRED': 'expired', 'OTHER-TODAY': 'expiring', 'BL-LATER': 'valid' });
      expect((await operator.get(`/api/suppliers/${supplier.id}`)).body.documentState).toBe('expired');
      const onlyExpired = await operator.get(`/api/suppliers/${supplier.id}/documents?expiryState=expired`);
      expect(onlyExpired.body.map((d: { number: string }) => d.number)).toEqual(['SC-EXPIRED']);

      // A renewed licence replaces the expired one of the same kind in the supplier's badge.
      await upload(operator, supplier.id, { kind: 'food_production_licence', number: 'SC-RENEWED', expiresOn: plusDays(1000) }, pdf());
      expect((await operator.get(`/api/suppliers/${supplier.id}`)).body.documentState).toBe('expiring');
    });

    it('refuses a file whose content is not PDF/JPEG/PNG, whatever its declared type, writing nothing', async () => {
      before = await counts();
      const lying = await upload(operator, supplierA.id, { kind: 'business_licence', number: 'BL-LIE' }, { data: Buffer.from('MZ\x90\x00 this is an executable'), name: 'licence.pdf', type: 'application/pdf' });
      expect(lying.status).toBe(415);
      expect(lying.body).toMatchObject({ error: 'FILE_TYPE_NOT_ALLOWED', message: expect.stringMatching(HAS_CHINESE), messageEn: expect.stringMatching(/PDF/) });
      const csv = await upload(operator, supplierA.id, { kind: 'business_licence', number: 'BL-CSV' }, { data: Buffer.from('a,b\n1,2\n'), name: 'x.png', type: 'image/png' });
      expect(csv.status).toBe(415);
      await nothingWritten();
    });

    it('refuses a missing file, a request that is not multipart, and bad fields, writing nothing', async () => {
      const otherBase = await createFarmBase(supplierB);
      before = await counts();
      const missing = await upload(operator, supplierA.id, { kind: 'business_licence', number: 'BL-NOFILE' });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toBe('FILE_REQUIRED');
      const json = await operator.post(`/api/suppliers/${supplierA.id}/documents`, { kind: 'business_licence', number: 'X' });
      expect(json.status).toBe(415);
      const cases: [Record<string, string>, string][] = [
        [{ kind: 'passport', number: 'P-1' }, 'kind'],
        [{ kind: 'business_licence', number: '' }, 'number'],
        [{ kind: 'food_business_licence', number: 'JY-NOEXP' }, 'expiresOn'],
        [{ kind: 'business_licence', number: 'BL-BADDATE', expiresOn: '2026-02-30' }, 'expiresOn'],
        [{ kind: 'business_licence', number: 'BL-NOTDATE', issuedOn: 'yesterday' }, 'issuedOn'],
        [{ kind: 'business_licence', number: 'BL-ORDER', issuedOn: '2026-05-01', expiresOn: '2026-04-30' }, 'expiresOn'],
        [{ kind: 'business_licence', number: 'BL-FB', farmBaseId: 'nope' }, 'farmBaseId'],
      ];
      for (const [fields, path] of cases) {
        const response = await upload(operator, supplierA.id, fields, pdf());
        expect(response.status).toBe(400);
        expect(response.body.issues.map((i: { path: string }) => i.path)).toContain(path);
        expect(response.body.issues[0].message).toMatch(HAS_CHINESE);
      }
      expect((await upload(operator, supplierA.id, { kind: 'origin_certificate', number: 'OC-1', farmBaseId: otherBase.id }, pdf())).status).toBe(404);
      await nothingWritten();
    });

    it('refuses an oversize file with 413, writing nothing', async () => {
      const small = await startApp({ UPLOAD_MAX_BYTES: 1024 });
      try {
        const session = await signIn(small, await createUser('operator', tree.province));
        before = await counts();
        const big = Buffer.concat([PDF, Buffer.alloc(4096, 0x20)]);
        const response = await upload(session, supplierA.id, { kind: 'business_licence', number: 'BL-BIG' }, { data: big, name: 'big.pdf', type: 'application/pdf' });
        expect(response.status).toBe(413);
        expect(response.body).toMatchObject({ error: 'FILE_TOO_LARGE', message: expect.stringMatching(HAS_CHINESE) });
        await nothingWritten();
      } finally {
        await small.close();
      }
    });
  });

  describe('farm bases', () => {
    let baseId: string;

    it('a supplier user registers its farm base with coordinates and products, audited', async () => {
      const audit = await lastAuditId();
      const response = await userA.post(`/api/suppliers/${supplierA.id}/farm-bases`, {
        name: '宣汉县测试蔬菜基地',
        region: '四川省达州市宣汉县',
        address: '宣汉县测试镇',
        latitude: 31.353,
        longitude: 107.727,
        products: '白菜、萝卜、土豆',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ supplierId: supplierA.id, latitude: 31.353, longitude: 107.727 });
      baseId = response.body.id;
      expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'create', entity: 'farm_base', entityId: baseId })]);
    });

    it('its certificates are documents with the farm base', async () => {
      const cert = await upload(userA, supplierA.id, { kind: 'green_food_certificate', number: 'LB-001', expiresOn: '2030-01-01', farmBaseId: baseId }, pdf('绿色食品证书.pdf'));
      expect(cert.status).toBe(201);
      expect(cert.body.farmBase).toMatchObject({ id: baseId, name: '宣汉县测试蔬菜基地' });
      const list = await staff.get(`/api/suppliers/${supplierA.id}/documents?farmBaseId=${baseId}`);
      expect(list.body.map((d: { number: string }) => d.number)).toEqual(['LB-001']);
    });

    it('lists, reads and updates; another supplier\'s base answers 404', async () => {
      expect((await staff.get(`/api/suppliers/${supplierA.id}/farm-bases`)).body.map((b: { id: string }) => b.id)).toContain(baseId);
      expect((await userA.get(`/api/suppliers/${supplierA.id}/farm-bases/${baseId}`)).status).toBe(200);
      expect((await userB.get(`/api/suppliers/${supplierA.id}/farm-bases/${baseId}`)).status).toBe(404);
      expect((await userB.get(`/api/suppliers/${supplierA.id}/farm-bases`)).status).toBe(404);
      expect((await operator.get(`/api/suppliers/${supplierB.id}/farm-bases/${baseId}`)).status).toBe(404);
      const updated = await operator.patch(`/api/suppliers/${supplierA.id}/farm-bases/${baseId}`, { products: '白菜、萝卜' });
      expect(updated.status).toBe(200);
      expect(updated.body.products).toBe('白菜、萝卜');
    });

    it('refuses a duplicate name, half a coordinate, and callers without the right, writing nothing', async () => {
      before = await counts();
      expect((await userA.post(`/api/suppliers/${supplierA.id}/farm-bases`, { name: '宣汉县测试蔬菜基地', region: '达州' })).status).toBe(409);
      expect((await userA.post(`/api/suppliers/${supplierA.id}/farm-bases`, { name: '半坐标基地', region: '达州', latitude: 31 })).status).toBe(400);
      expect((await userA.post(`/api/suppliers/${supplierA.id}/farm-bases`, { name: '越界基地', region: '达州', latitude: 91, longitude: 0 })).status).toBe(400);
      expect((await userB.post(`/api/suppliers/${supplierA.id}/farm-bases`, { name: '他人基地', region: '达州' })).status).toBe(404);
      expect((await userB.patch(`/api/suppliers/${supplierA.id}/farm-bases/${baseId}`, { products: '篡改' })).status).toBe(404);
      expect((await viewer.post(`/api/suppliers/${supplierA.id}/farm-bases`, { name: '越权基地', region: '达州' })).status).toBe(403);
      await nothingWritten();
    });
  });
});
