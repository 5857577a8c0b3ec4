import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { type TBackwardTrace, type TForwardTrace, type TRecall, ZBackwardTrace, ZForwardTrace, ZRecall } from '@canteen/shared';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestIngredient, type TestSupplier, createContract, createFarmBase, createIngredient, createSupplier } from '@test/factories/supply.factory';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { type TestUser, createUser } from '@test/factories/user.factory';
import { type Session, signIn, startApp } from './harness';
import { createCorrection, createDelivery, createDocument, createStoredFile } from './trace-fixtures';

/**
 * Backward and forward traces, the recall view and their .xlsx exports, over deliveries written
 * as the deliveries module stores them. Day D is 2026-11-20 (Asia/Shanghai).
 */

const D = '2026-11-20';
const at = (iso: string) => new Date(iso);

describe('trace (食材溯源)', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let supplier: TestSupplier;
  let otherSupplier: TestSupplier;
  let pork: TestIngredient;
  let cabbage: TestIngredient;
  let rice: TestIngredient;
  let salt: TestIngredient;
  let corrected: { manifestId: string; lineIds: string[] };
  let farmBaseId: string;
  let certificate: { id: string; name: string };
  let manager: TestUser;
  let staff: TestUser;
  const lot = `PORK-${randomUUID().slice(0, 8)}`;
  const sessions: Record<string, Session> = {};
  const users: Record<string, TestUser> = {};

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    supplier = await createSupplier({ name: '达州测试鲜肉配送有限公司' });
    otherSupplier = await createSupplier({ name: '达州测试粮油公司' });
    pork = await createIngredient({ name: `测试猪肉${lot}`, category: 'livestock', coldChain: 'chilled', quarantineRequired: true, shelfLifeDays: 3 });
    cabbage = await createIngredient({ name: `测试白菜${lot}`, category: 'vegetables', shelfLifeDays: 3 });
    rice = await createIngredient({ name: `测试大米${lot}`, category: 'grains', shelfLifeDays: 365 });
    salt = await createIngredient({ name: `测试食盐${lot}`, category: 'salt', shelfLifeDays: null });
    farmBaseId = (await createFarmBase(supplier, '大竹县测试生猪养殖基地')).id;
    await createDocument(supplier, 'food_business_licence', 'JY15117020000001', '2027-06-30');
    await createDocument(supplier, 'business_licence', '91511702MA00000001', null);
    certificate = await createStoredFile('动物检疫合格证明-A1.pdf', supplier.id);

    manager = await createUser('canteen_manager', tree.schoolA);
    staff = await createUser('canteen_staff', tree.schoolA);
    const principal = await createUser('principal', tree.schoolA);
    await testPrisma().user.update({ where: { id: manager.id }, data: { displayName: '王食堂', phone: '13900000001' } });
    await testPrisma().user.update({ where: { id: staff.id }, data: { displayName: '李帮厨' } });
    await testPrisma().user.update({ where: { id: principal.id }, data: { displayName: '张校长', phone: '13900000002' } });
    await testPrisma().orgUnit.update({ where: { id: tree.schoolA.id }, data: { contactName: '赵老师', contactPhone: '0818-2100001' } });

    const contract = (school: TestTree['schoolA'], canteens: TestTree['canteenA1'][], s = supplier) => createContract(s, school, canteens).then((c) => c.id);
    const contractA = await contract(tree.schoolA, [tree.canteenA1, tree.canteenA2]);
    const contractB = await contract(tree.schoolB, [tree.canteenB]);
    const contractC = await contract(tree.schoolC, [tree.canteenC]);
    const riceContractA = await contract(tree.schoolA, [tree.canteenA1], otherSupplier);
    const inspectorIds = [manager.id, staff.id];

    // D at 07:30 in Shanghai is still the 19th in UTC: the day must be Shanghai's.
    await createDelivery({
      supplier, canteen: tree.canteenA1, contractId: contractA, deliveryDate: D, acceptedAt: at('2026-11-19T23:30:00Z'), inspectorIds,
      lines: [
        { ingredient: pork, lotCode: lot, quantity: '20', acceptedQuantity: '19.5', temperatureC: 3.5, expiryDate: '2026-11-23', farmBaseId, certificateIds: [certificate.id], unitPriceFen: 2680 },
        { ingredient: cabbage, lotCode: `CAB-${lot}`, quantity: '30', expiryDate: '2026-11-22', decision: 'reject' },
      ],
    });
    await createDelivery({
      supplier, canteen: tree.canteenA1, contractId: contractA, deliveryDate: '2026-11-21', acceptedAt: at('2026-11-21T00:10:00Z'), inspectorIds,
      lines: [{ ingredient: pork, lotCode: lot, quantity: '5', temperatureC: 2, expiryDate: '2026-11-23', farmBaseId }],
    });
    // Received the day before and still good on D: on hand.
    await createDelivery({
      supplier, canteen: tree.canteenA1, contractId: contractA, deliveryDate: '2026-11-19', acceptedAt: at('2026-11-19T00:00:00Z'), inspectorIds,
      lines: [{ ingredient: cabbage, lotCode: `CAB1-${lot}`, quantity: '15', expiryDate: '2026-11-21' }],
    });
    // Expired before D: not part of D's trace.
    await createDelivery({
      supplier, canteen: tree.canteenA1, contractId: contractA, deliveryDate: '2026-11-10', acceptedAt: at('2026-11-10T00:00:00Z'), inspectorIds,
      lines: [{ ingredient: cabbage, lotCode: `CAB0-${lot}`, quantity: '12', expiryDate: '2026-11-13' }],
    });
    await createDelivery({
      supplier: otherSupplier, canteen: tree.canteenA1, contractId: riceContractA, deliveryDate: '2026-11-02', acceptedAt: at('2026-11-02T01:00:00Z'), inspectorIds,
      lines: [{ ingredient: rice, lotCode: `RICE-${lot}`, quantity: '100', expiryDate: '2027-11-01' }],
    });
    await createDelivery({ supplier, canteen: tree.canteenA2, contractId: contractA, deliveryDate: D, lines: [{ ingredient: pork, lotCode: lot, quantity: '8', expiryDate: '2026-11-23' }] });
    // No shelf life: stored as 9999-12-31, shown as null.
    await createDelivery({
      supplier, canteen: tree.canteenA2, contractId: contractA, deliveryDate: '2026-11-15', acceptedAt: at('2026-11-15T01:00:00Z'), inspectorIds,
      lines: [{ ingredient: salt, lotCode: `SALT-${lot}`, quantity: '5', expiryDate: '9999-12-31' }],
    });
    // Delivered under a mistyped lot code, then corrected by a reasoned record.
    corrected = await createDelivery({
      supplier, canteen: tree.canteenA2, contractId: contractA, deliveryDate: '2026-11-18', acceptedAt: at('2026-11-18T01:00:00Z'), inspectorIds,
      lines: [{ ingredient: pork, lotCode: `PROK-${lot}`, quantity: '3', temperatureC: 4, expiryDate: '2026-11-20' }],
    });
    await createCorrection(corrected.manifestId, corrected.lineIds[0]!, 'lotCode', `PROK-${lot}`, `FIXED-${lot}`, manager.id);
    await createDelivery({
      supplier, canteen: tree.canteenB, contractId: contractB, deliveryDate: D, acceptedAt: at('2026-11-20T01:00:00Z'), inspectorIds: [],
      lines: [{ ingredient: pork, lotCode: lot, quantity: '10', temperatureC: 4, expiryDate: '2026-11-23' }],
    });
    await createDelivery({
      supplier, canteen: tree.canteenC, contractId: contractC, deliveryDate: '2026-11-21', acceptedAt: at('2026-11-21T02:00:00Z'), inspectorIds: [],
      lines: [{ ingredient: pork, lotCode: lot, quantity: '7.25', temperatureC: 5, expiryDate: '2026-11-23' }],
    });

    const define = async (key: string, user: TestUser) => {
      users[key] = user;
      sessions[key] = await signIn(app, user);
    };
    await define('province', await createUser('official_admin', tree.province));
    await define('cityA', await createUser('official_viewer', tree.cityA));
    await define('countyA', await createUser('official_viewer', tree.countyA));
    await define('countyB', await createUser('official_admin', tree.countyB));
    await define('countyC', await createUser('official_viewer', tree.countyC));
    await define('manager', manager);
    await define('staff', staff);
    await define('supplier', await createUser('supplier', null, { supplierId: supplier.id }));
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const backward = (who: string, canteenId: string, date = D) => sessions[who]!.get(`/api/trace/backward?canteenId=${canteenId}&date=${date}`);
  const forward = (who: string, lotCode = lot, supplierId = supplier.id) =>
    sessions[who]!.get(`/api/trace/forward?supplierId=${supplierId}&lotCode=${encodeURIComponent(lotCode)}`);
  const recall = (who: string) => sessions[who]!.get(`/api/trace/recall?supplierId=${supplier.id}&lotCode=${encodeURIComponent(lot)}`);

  describe('backward: canteen and day → batches, deliveries, suppliers, farm bases, certificates', () => {
    it("lists the day's receipts and the batches on hand, with acceptance, supplier licences and farm base", async () => {
      const response = await backward('countyA', tree.canteenA1.id);
      expect(response.status).toBe(200);
      // The SPA parses every response with the shared contract.
      const trace = ZBackwardTrace.parse(response.body) as TBackwardTrace;
      expect(trace.canteen).toEqual({ id: tree.canteenA1.id, name: '学生食堂', school: { id: tree.schoolA.id, name: tree.schoolA.name }, county: { id: tree.countyA.id, name: tree.countyA.name } });
      expect(trace.date).toBe(D);
      expect(trace.rows.map((r) => [r.relation, r.delivery.lotCode])).toEqual([
        ['received', lot],
        ['on_hand', `CAB1-${lot}`],
        ['on_hand', `RICE-${lot}`],
      ]);
      const porkRow = trace.rows[0]!;
      expect(porkRow.ingredient).toMatchObject({ id: pork.id, name: pork.name, category: 'livestock', unit: 'kg' });
      // Accepted, not booked into the ledger: in stock at its accepted quantity.
      expect(porkRow.batch).toMatchObject({ quantityInStock: '19.500', booked: false, unit: 'kg', expiryDate: '2026-11-23' });
      expect(porkRow.delivery).toMatchObject({ deliveryDate: D, quantity: '20.000', unitPriceFen: 2680, status: 'partially_accepted', certificates: [{ id: certificate.id, name: certificate.name, contentType: 'application/pdf' }] });
      expect(porkRow.delivery.acceptance).toMatchObject({
        acceptedAt: '2026-11-19T23:30:00.000Z',
        decision: 'accept',
        acceptedQuantity: '19.500',
        temperatureC: 3.5,
        inspectors: [{ id: manager.id, displayName: '王食堂' }, { id: staff.id, displayName: '李帮厨' }],
      });
      expect(porkRow.farmBase).toMatchObject({ id: farmBaseId, name: '大竹县测试生猪养殖基地' });
      expect(porkRow.supplierId).toBe(supplier.id);
      expect(porkRow.stockMovements).toEqual([]);
      expect(trace.meals).toEqual([]);

      const own = trace.suppliers.find((s) => s.id === supplier.id)!;
      expect(own).toMatchObject({ name: supplier.name, creditCode: supplier.creditCode, blacklisted: false });
      expect(own.documents.map((d) => [d.kind, d.number, d.expiresOn, d.valid, d.file?.name])).toEqual(
        expect.arrayContaining([
          ['food_business_licence', 'JY15117020000001', '2027-06-30', true, 'JY15117020000001.pdf'],
          ['business_licence', '91511702MA00000001', null, true, '91511702MA00000001.pdf'],
        ]),
      );
      expect(trace.suppliers.map((s) => s.id).sort()).toEqual([supplier.id, otherSupplier.id].sort());
    });

    it('draws the chain farm base → supplier → delivery → batch → canteen', async () => {
      const trace = (await backward('countyA', tree.canteenA1.id)).body as TBackwardTrace;
      const porkRow = trace.rows[0]!;
      const edges = trace.graph.edges.map((e) => `${e.from} > ${e.to}`);
      expect(edges).toEqual(
        expect.arrayContaining([
          `farm_base:${farmBaseId} > supplier:${supplier.id}`,
          `supplier:${supplier.id} > delivery:${porkRow.delivery.manifestId}`,
          `delivery:${porkRow.delivery.manifestId} > batch:${porkRow.batch.id}`,
          `batch:${porkRow.batch.id} > canteen:${tree.canteenA1.id}`,
        ]),
      );
      const ids = new Set(trace.graph.nodes.map((n) => n.id));
      expect(trace.graph.edges.every((e) => ids.has(e.from) && ids.has(e.to))).toBe(true);
      expect(new Set(trace.graph.nodes.map((n) => n.kind))).toEqual(new Set(['farm_base', 'supplier', 'delivery', 'batch', 'canteen']));
    });

    it('shows nothing received after the day, nor batches that had expired by then', async () => {
      const early = (await backward('countyA', tree.canteenA1.id, '2026-11-05')).body as TBackwardTrace;
      expect(early.rows.map((r) => r.delivery.lotCode)).toEqual([`RICE-${lot}`]);
      const before = (await backward('countyA', tree.canteenA1.id, '2026-11-01')).body as TBackwardTrace;
      expect(before.rows).toEqual([]);
      expect(before.graph).toEqual({ nodes: [], edges: [] });
    });

    it("answers 404 for another county's canteen, and for anything that is not a canteen", async () => {
      for (const [who, canteenId] of [
        ['countyA', tree.canteenB.id],
        ['countyA', tree.canteenC.id],
        ['countyB', tree.canteenA1.id],
        ['cityA', tree.canteenC.id],
        ['manager', tree.canteenB.id],
        ['province', tree.schoolA.id],
        ['province', randomUUID()],
      ] as const) {
        const response = await backward(who, canteenId);
        expect({ who, canteenId, status: response.status }).toEqual({ who, canteenId, status: 404 });
        expect(response.body).toMatchObject({ error: 'NOT_FOUND', message: '未找到该食堂', messageEn: 'Canteen not found' });
      }
      expect((await backward('cityA', tree.canteenB.id)).status).toBe(200);
      expect((await backward('manager', tree.canteenA2.id)).status).toBe(200);
    });

    it('refuses bad input with a clear 400 in both languages', async () => {
      for (const url of [
        `/api/trace/backward?canteenId=${tree.canteenA1.id}&date=2026-02-30`,
        `/api/trace/backward?canteenId=${tree.canteenA1.id}&date=20261120`,
        `/api/trace/backward?canteenId=${tree.canteenA1.id}&date=0000-01-01`,
        `/api/trace/backward?canteenId=${tree.canteenA1.id}&date=9999-12-31`,
        `/api/trace/backward?canteenId=${tree.canteenA1.id}`,
        `/api/trace/backward?canteenId=not-a-uuid&date=${D}`,
        `/api/trace/backward?date=${D}`,
        `/api/trace/backward?canteenId=${tree.canteenA1.id}&date[]=x`,
      ]) {
        const response = await sessions.countyA!.get(url);
        expect({ url, status: response.status }).toEqual({ url, status: 400 });
        expect(response.body).toMatchObject({ error: 'VALIDATION_FAILED', message: expect.any(String), messageEn: expect.any(String) });
        expect(response.body.issues.length).toBeGreaterThan(0);
      }
    });
  });

  describe('forward: supplier lot → every canteen in scope', () => {
    it('follows the lot to every canteen of the province, with quantities, dates and acceptance', async () => {
      const response = await forward('province');
      expect(response.status).toBe(200);
      const trace = ZForwardTrace.parse(response.body);
      expect(trace.lot).toMatchObject({ lotCode: lot, supplier: { id: supplier.id, name: supplier.name }, ingredient: { id: pork.id, name: pork.name } });
      expect(trace.lot.farmBases.map((f) => f.id)).toEqual([farmBaseId]);
      expect(trace.totals).toEqual({ canteens: 4, deliveries: 5, delivered: '50.250', accepted: '41.750', inStock: '41.750', unit: 'kg' });
      const byCanteen = new Map(trace.canteens.map((c) => [c.canteen.id, c]));
      expect(byCanteen.get(tree.canteenA1.id)).toMatchObject({
        delivered: '25.000',
        accepted: '24.500',
        inStock: '24.500',
        unit: 'kg',
        firstDeliveryDate: D,
        lastDeliveryDate: '2026-11-21',
        stockMovements: [],
        meals: [],
        retainedSamples: [],
      });
      const a1 = byCanteen.get(tree.canteenA1.id)!;
      expect(a1.deliveries).toHaveLength(2);
      expect(a1.deliveries[0]).toMatchObject({ deliveryDate: D, quantity: '20.000', batch: { quantityInStock: '19.500' }, acceptance: { temperatureC: 3.5 } });
      // Waiting at the door: delivered, nothing accepted nor in stock yet.
      expect(byCanteen.get(tree.canteenA2.id)).toMatchObject({ delivered: '8.000', accepted: '0.000', inStock: '0.000' });
      expect(byCanteen.get(tree.canteenA2.id)!.deliveries[0]).toMatchObject({ status: 'submitted', acceptance: null, batch: null });
      expect(byCanteen.get(tree.canteenC.id)).toMatchObject({ delivered: '7.250', inStock: '7.250', canteen: { county: { id: tree.countyC.id } } });
    });

    it("leaves out the canteens outside the actor's subtree, without a trace of them", async () => {
      const cases: [string, string[], string[]][] = [
        ['countyA', [tree.canteenA1.id, tree.canteenA2.id], [tree.canteenB.id, tree.canteenC.id]],
        ['cityA', [tree.canteenA1.id, tree.canteenA2.id, tree.canteenB.id], [tree.canteenC.id]],
        ['countyB', [tree.canteenB.id], [tree.canteenA1.id, tree.canteenA2.id, tree.canteenC.id]],
        ['countyC', [tree.canteenC.id], [tree.canteenA1.id, tree.canteenB.id]],
        ['manager', [tree.canteenA1.id, tree.canteenA2.id], [tree.canteenB.id, tree.canteenC.id]],
      ];
      for (const [who, visible, hidden] of cases) {
        const response = await forward(who);
        expect(response.status).toBe(200);
        const trace = response.body as TForwardTrace;
        expect({ who, canteens: trace.canteens.map((c) => c.canteen.id).sort() }).toEqual({ who, canteens: [...visible].sort() });
        expect(trace.totals.canteens).toBe(visible.length);
        const text = JSON.stringify(trace);
        for (const id of hidden) expect({ who, leaks: text.includes(id) }).toEqual({ who, leaks: false });
      }
      const b = (await forward('countyB')).body as TForwardTrace;
      expect(b.totals).toMatchObject({ deliveries: 1, delivered: '10.000', inStock: '10.000' });
    });

    it('answers an unknown lot with no canteens, and an unknown supplier with 404', async () => {
      const none = await forward('province', 'NO-SUCH-LOT');
      expect(none.status).toBe(200);
      ZForwardTrace.parse(none.body);
      expect(none.body).toMatchObject({ lot: { lotCode: 'NO-SUCH-LOT', ingredient: null, farmBases: [] }, canteens: [] });
      expect(none.body.totals).toEqual({ canteens: 0, deliveries: 0, delivered: '0.000', accepted: '0.000', inStock: '0.000', unit: null });
      const missing = await forward('province', lot, randomUUID());
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ message: '未找到该供应商', messageEn: 'Supplier not found' });
    });

    it('matches the lot code exactly, whatever characters it holds', async () => {
      for (const code of [lot.toLowerCase(), `${lot}%`, `%`, `_`, `' OR 1=1 --`, '批次\\号', lot.slice(0, -1)]) {
        const response = await forward('province', code);
        expect({ code, status: response.status, canteens: response.body.canteens?.length }).toEqual({ code, status: 200, canteens: 0 });
      }
      const padded = await forward('province', `  ${lot}  `);
      expect(padded.body.canteens).toHaveLength(4);
    });

    it('refuses a missing, empty or overlong lot code and a bad supplier id with 400', async () => {
      for (const url of [
        `/api/trace/forward?supplierId=${supplier.id}`,
        `/api/trace/forward?supplierId=${supplier.id}&lotCode=`,
        `/api/trace/forward?supplierId=${supplier.id}&lotCode=${'x'.repeat(65)}`,
        `/api/trace/forward?supplierId=abc&lotCode=${lot}`,
        `/api/trace/forward?supplierId=${supplier.id}&lotCode=a%00b`,
        `/api/trace/recall?lotCode=${lot}`,
      ]) {
        const response = await sessions.province!.get(url);
        expect({ url, status: response.status }).toEqual({ url, status: 400 });
        expect(response.body).toMatchObject({ message: expect.any(String), messageEn: expect.any(String) });
      }
    });
  });

  describe('corrections and products without a shelf life', () => {
    it('finds a line under the lot code it was corrected to, and lists the correction', async () => {
      for (const code of [`FIXED-${lot}`, `PROK-${lot}`]) {
        const trace = ZForwardTrace.parse((await forward('countyA', code)).body);
        expect(trace.canteens.map((c) => c.canteen.id)).toEqual([tree.canteenA2.id]);
        const delivery = trace.canteens[0]!.deliveries[0]!;
        expect(delivery).toMatchObject({ manifestId: corrected.manifestId, lotCode: `PROK-${lot}` });
        expect(delivery.corrections).toEqual([
          { field: 'lotCode', oldValue: `PROK-${lot}`, newValue: `FIXED-${lot}`, reason: expect.stringContaining('更正'), createdAt: expect.any(String) },
        ]);
      }
      expect(((await forward('countyB', `FIXED-${lot}`)).body as TForwardTrace).canteens).toEqual([]);
    });

    it('shows a product without a shelf life with no expiry date, on hand at any later day', async () => {
      const trace = ZBackwardTrace.parse((await backward('countyA', tree.canteenA2.id, '2027-06-01')).body);
      expect(trace.rows.map((r) => [r.delivery.lotCode, r.relation, r.delivery.expiryDate, r.batch.expiryDate])).toEqual([[`SALT-${lot}`, 'on_hand', null, null]]);
    });
  });

  describe('recall view', () => {
    it('lists the affected canteens in scope with school, county, contacts and stock still held', async () => {
      const response = await recall('cityA');
      expect(response.status).toBe(200);
      const view = ZRecall.parse(response.body) as TRecall;
      expect(view.lot).toMatchObject({ lotCode: lot, ingredient: { id: pork.id } });
      expect(view.totals).toEqual({ canteens: 3, canteensWithStock: 2, inStock: '34.500', unit: 'kg' });
      expect(view.canteens.map((c) => c.canteen.id)).toEqual([tree.canteenA1.id, tree.canteenB.id, tree.canteenA2.id]);
      const a1 = view.canteens[0]!;
      expect(a1).toMatchObject({
        school: { id: tree.schoolA.id, name: tree.schoolA.name, contactName: '赵老师', contactPhone: '0818-2100001' },
        county: { id: tree.countyA.id, name: tree.countyA.name },
        inStock: '24.500',
        lastDeliveryDate: '2026-11-21',
      });
      expect(a1.contacts).toEqual(
        expect.arrayContaining([
          { role: 'principal', displayName: '张校长', phone: '13900000002' },
          { role: 'canteen_manager', displayName: '王食堂', phone: '13900000001' },
        ]),
      );
      expect(a1.contacts.some((c) => c.role === 'canteen_staff')).toBe(false);
      expect(JSON.stringify(view)).not.toContain(tree.canteenC.id);
    });

    it('shows a county official only the canteens of that county', async () => {
      const view = (await recall('countyC')).body as TRecall;
      expect(view.canteens.map((c) => c.canteen.id)).toEqual([tree.canteenC.id]);
      expect(view.canteens[0]!.contacts).toEqual([]);
    });
  });

  describe('.xlsx exports', () => {
    const readWorkbook = async (body: Buffer) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(body as unknown as ArrayBuffer);
      return book;
    };
    const rowsOf = (sheet: ExcelJS.Worksheet) => {
      const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1) as string[];
      const rows: Record<string, ExcelJS.CellValue>[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
      });
      return { header, rows };
    };

    it('exports the forward trace, one row per lot movement in scope, with Chinese headers, real dates and a filter', async () => {
      const response = await sessions.cityA!.get(`/api/trace/forward/export?supplierId=${supplier.id}&lotCode=${lot}`).responseType('blob');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const disposition = response.headers['content-disposition'] as string;
      expect(disposition).toMatch(/^attachment; filename="trace-forward-\d{8}\.xlsx"; filename\*=UTF-8''/);
      const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)![1]!;
      expect(encoded).toMatch(/^[A-Za-z0-9%._~!$&+^`|-]+$/);
      expect(decodeURIComponent(encoded)).toMatch(new RegExp(`^正向追溯_${supplier.name}_${lot}_\\d{8}\\.xlsx$`));

      const book = await readWorkbook(response.body as Buffer);
      const sheet = book.getWorksheet('追溯记录')!;
      const { header, rows } = rowsOf(sheet);
      expect(header).toEqual(expect.arrayContaining(['追溯批次号', '食材', '送货数量', '单位', '收货地点（食堂）', '送货日期', '供应商', '参考单据号']));
      expect(sheet.autoFilter).toBeTruthy();
      expect(rows).toHaveLength(4);
      expect(rows.every((r) => r['追溯批次号'] === lot && r['食材'] === pork.name && r['单位'] === '千克')).toBe(true);
      expect(new Set(rows.map((r) => r['收货地点（食堂）']))).toEqual(new Set([`${tree.schoolA.name} 学生食堂`, `${tree.schoolA.name} 教师食堂`, `${tree.schoolB.name} 学生食堂`]));
      const first = rows.find((r) => r['送货数量'] === 20)!;
      expect(first['送货日期']).toBeInstanceOf(Date);
      expect((first['送货日期'] as Date).toISOString()).toBe(`${D}T00:00:00.000Z`);
      expect(first['验收时间']).toBeInstanceOf(Date);
      // 07:30 in Shanghai, written as the wall-clock time.
      expect((first['验收时间'] as Date).toISOString()).toBe(`${D}T07:30:00.000Z`);
      expect(first).toMatchObject({ 验收数量: 19.5, 当前在库: 19.5, '温度（℃）': 3.5, 验收人: '王食堂、李帮厨', 供应商: supplier.name, 统一社会信用代码: supplier.creditCode, 参考单据类型: '送货单', '单价（元）': 26.8 });
      const pending = rows.find((r) => r['送货数量'] === 8)!;
      expect(pending).toMatchObject({ 送货单状态: '待验收', 验收数量: null, 当前在库: null });
      expect(book.getWorksheet('供应商资质')!.rowCount).toBe(3);
    });

    it('exports the backward trace with the same columns', async () => {
      const response = await sessions.countyA!.get(`/api/trace/backward/export?canteenId=${tree.canteenA1.id}&date=${D}`).responseType('blob');
      expect(response.status).toBe(200);
      const disposition = response.headers['content-disposition'] as string;
      expect(disposition).toContain(`filename="trace-backward-20261120.xlsx"`);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe(`反向追溯_${tree.schoolA.name}学生食堂_20261120.xlsx`);
      const book = await readWorkbook(response.body as Buffer);
      const { rows } = rowsOf(book.getWorksheet('追溯记录')!);
      // None of them is booked into the ledger here: each says its stock is the accepted quantity.
      expect(rows.map((r) => [r['追溯批次号'], r['备注']])).toEqual([
        [lot, '追溯日当天收货；尚未入库（在库按验收数量）'],
        [`CAB1-${lot}`, '追溯日在库（此前收货）；尚未入库（在库按验收数量）'],
        [`RICE-${lot}`, '追溯日在库（此前收货）；尚未入库（在库按验收数量）'],
      ]);
      expect(rows[0]!['基地/产地']).toBe('大竹县测试生猪养殖基地（四川省达州市）');
      expect(rows[0]!['证明材料']).toBe(certificate.name);
    });

    it('answers out-of-scope and bad export requests as JSON errors, never a file', async () => {
      const outside = await sessions.countyA!.get(`/api/trace/backward/export?canteenId=${tree.canteenC.id}&date=${D}`);
      expect(outside.status).toBe(404);
      expect(outside.headers['content-type']).toMatch(/application\/json/);
      const bad = await sessions.countyA!.get(`/api/trace/forward/export?supplierId=${supplier.id}&lotCode=`);
      expect(bad.status).toBe(400);
      const empty = await sessions.countyC!.get(`/api/trace/forward/export?supplierId=${supplier.id}&lotCode=NONE`).responseType('blob');
      expect(empty.status).toBe(200);
      const { rows } = rowsOf((await readWorkbook(empty.body as Buffer)).getWorksheet('追溯记录')!);
      expect(rows).toEqual([]);
    });
  });

  describe('who may trace', () => {
    it('refuses canteen staff and supplier accounts (403) and anonymous callers (401)', async () => {
      for (const who of ['staff', 'supplier']) {
        for (const url of [
          `/api/trace/backward?canteenId=${tree.canteenA1.id}&date=${D}`,
          `/api/trace/forward?supplierId=${supplier.id}&lotCode=${lot}`,
          `/api/trace/recall?supplierId=${supplier.id}&lotCode=${lot}`,
          `/api/trace/forward/export?supplierId=${supplier.id}&lotCode=${lot}`,
        ]) {
          const response = await sessions[who]!.get(url);
          expect({ who, url, status: response.status }).toEqual({ who, url, status: 403 });
        }
      }
      const request = (await import('supertest')).default;
      const anonymous = await request(app.getHttpServer()).get(`/api/trace/forward?supplierId=${supplier.id}&lotCode=${lot}`);
      expect(anonymous.status).toBe(401);
    });
  });
});
