import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { MANIFEST_FILE_COLUMNS, ZDeliveryRefusedEvent } from '@canteen/shared';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createSupplier } from '@test/factories/supply.factory';
import { createUser } from '@test/factories/user.factory';
import {
  type DeliveryWorld,
  PDF,
  createDeliveryWorld,
  daysFromToday,
  deliveryCounts,
  newLot,
  today,
  uploadCertificate,
  workbook,
} from '@test/fixtures/deliveries';
import { GB18030_NOTE, gb18030Manifest } from '@test/fixtures/manifest-gb18030';
import { type Session, signIn, startApp } from './harness';

// The world signs in eight people (argon2 each); a loaded machine needs more than the default 5 s.
jest.setTimeout(60_000);

const HEADERS = MANIFEST_FILE_COLUMNS.map((column) => column.header);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('delivery manifests: the .xlsx/.csv upload and its template', () => {
  let app: NestFastifyApplication;
  let world: DeliveryWorld;

  beforeAll(async () => {
    app = await startApp({ UPLOAD_MAX_BYTES: 200_000 });
    world = await createDeliveryWorld(app);
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const importFile = (data: Buffer, name: string, fields: Record<string, string> = {}, session: Session = world.sessions.supplier) => {
    let pending = session.agent.post('/api/deliveries/import').set('x-csrf-token', session.csrf);
    for (const [key, value] of Object.entries({ canteenId: world.tree.canteenA1.id, deliveryDate: today(), ...fields })) pending = pending.field(key, value);
    return pending.attach('file', data, name);
  };
  /** A valid row of the template, with some cells changed. */
  const good = (overrides: Partial<Record<string, unknown>> = {}) => {
    const row: Record<string, unknown> = {
      食材编码: world.cabbage.code,
      批次号: newLot('ROW'),
      生产日期: daysFromToday(-1),
      '保质期(天)': 5,
      数量: 10,
      单位: 'kg',
      '单价(元)': 3.5,
      ...overrides,
    };
    return HEADERS.map((header) => row[header] ?? null);
  };

  it('downloads the template: Chinese headers, the ingredient codes and the supplier’s farm bases', async () => {
    const response = await world.sessions.supplier.get('/api/deliveries/template.xlsx').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(XLSX_TYPE);
    expect(response.headers['content-disposition']).toContain("filename*=UTF-8''%E9%80%81%E8%B4%A7%E5%8D%95");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.body as ExcelJS.Buffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['送货单', '食材编码', '产地基地', '填写说明']);
    expect((book.getWorksheet('送货单')!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    const codes: unknown[] = [];
    book.getWorksheet('食材编码')!.eachRow((row, n) => n > 1 && codes.push(row.getCell(1).value));
    expect(codes).toEqual(expect.arrayContaining([world.cabbage.code, world.pork.code, world.salt.code]));
    const bases: unknown[] = [];
    book.getWorksheet('产地基地')!.eachRow((row, n) => n > 1 && bases.push(row.getCell(1).value));
    expect(bases).toEqual([world.farm.name]);

    // Round trip: fill the downloaded template and import it.
    const certificate = await uploadCertificate(world.sessions.supplier);
    const sheet = book.getWorksheet('送货单')!;
    sheet.getRow(2).values = [world.cabbage.code, null, newLot('XL'), new Date(`${daysFromToday(-1)}T00:00:00Z`), 5, null, 20.5, 'kg', 2.8, world.farm.name, null, '头茬'];
    sheet.getRow(3).values = [null, world.pork.name, newLot('XL'), daysFromToday(-1), null, daysFromToday(2), 6, '千克', 26, null, certificate, null];
    sheet.getRow(4).values = [world.salt.code, null, newLot('XL'), daysFromToday(-10), null, null, 3, '袋', '2.5', null, null, null];
    const filled = Buffer.from(await book.xlsx.writeBuffer());
    const imported = await importFile(filled, '送货单.xlsx', { note: '整车' });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ source: 'file', status: 'submitted', lineCount: 3, note: '整车', totalFen: 5740 + 15600 + 750 });
    expect(imported.body.lines.map((l: { ingredient: { id: string } }) => l.ingredient.id)).toEqual([world.cabbage.id, world.pork.id, world.salt.id]);
    expect(imported.body.lines[0]).toMatchObject({ quantity: '20.5', unitPriceFen: 280, farmBase: { name: world.farm.name }, note: '头茬', expiryDate: daysFromToday(4) });
    expect(imported.body.lines[1]).toMatchObject({ unit: 'kg', certificates: [{ id: certificate }], missingQuarantineCertificate: false, expiryDate: daysFromToday(2) });
    expect(imported.body.lines[2]).toMatchObject({ unitPriceFen: 250, expiryDate: null });
  });

  it('the template is for suppliers', async () => {
    expect((await world.sessions.officialA.get('/api/deliveries/template.xlsx')).status).toBe(403);
  });

  it('refuses a bad file whole, with every error by row and column, and stores nothing', async () => {
    const usedLot = newLot('USED');
    const first = await importFile(await workbook([HEADERS, good({ 批次号: usedLot })]), 'first.xlsx');
    expect(first.status).toBe(201);
    const before = await deliveryCounts();
    const data = await workbook([
      HEADERS,
      good(),
      good({ 生产日期: '2026-13-45' }),
      good({ 到期日期: daysFromToday(-5), '保质期(天)': null }),
      good({ 数量: -3 }),
      good({ 食材编码: '不存在的编码' }),
      good({ 单位: '斤' }),
      good({ '单价(元)': '三块' }),
      good({ 食材编码: world.pork.code, 批次号: usedLot }),
      good({ 数量: 0 }),
      good({ '保质期(天)': null }),
    ]);
    const response = await importFile(data, 'bad.xlsx');
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ error: 'MANIFEST_INVALID', message: expect.stringContaining('未保存任何内容') });
    const issues = response.body.issues as { row: number; column: string; path: string; message: string }[];
    expect(issues.map((issue) => [issue.row, issue.column])).toEqual([
      [3, '生产日期'],
      [4, '到期日期'],
      [5, '数量'],
      [6, '食材编码'],
      [7, '单位'],
      [8, '单价(元)'],
      [9, '批次号'],
      [10, '数量'],
      [11, '到期日期'],
    ]);
    expect(issues[0]).toMatchObject({ path: 'lines.1.productionDate', message: '第 3 行「生产日期」：日期格式应为 YYYY-MM-DD 且是真实日期' });
    expect(issues[1]!.message).toBe('第 4 行「到期日期」：到期日期早于生产日期');
    expect(issues[2]!.message).toBe('第 5 行「数量」：数量必须大于 0');
    expect(issues[3]!.message).toContain('未知食材「不存在的编码」');
    expect(issues[6]!.message).toContain('已用于其他食材');
    expect(await deliveryCounts()).toEqual(before);
  });

  it('lists every problem of every row at once, in both languages', async () => {
    const usedLot = newLot('TAKEN');
    expect((await importFile(await workbook([HEADERS, good({ 食材编码: world.fish.code, 批次号: usedLot })]), 'fish.xlsx')).status).toBe(201);
    const before = await deliveryCounts();
    const data = await workbook([
      HEADERS,
      good({ 数量: 1.234, '单价(元)': -1, 批次号: usedLot }),
      good({ 单位: '箱', '保质期(天)': '3.5', 生产日期: daysFromToday(1) }),
      good({ 食材编码: null, 批次号: null, 数量: 0 }),
    ]);
    const response = await importFile(data, 'many.xlsx');
    expect(response.status).toBe(422);
    const issues = response.body.issues as { row: number; column: string; message: string; messageEn: string }[];
    expect(issues.map((issue) => [issue.row, issue.column])).toEqual([
      [2, '批次号'],
      [2, '数量'],
      [2, '单价(元)'],
      [3, '生产日期'],
      [3, '保质期(天)'],
      [3, '单位'],
      [4, '食材编码'],
      [4, '批次号'],
      [4, '数量'],
    ]);
    expect(issues.slice(0, 3).map((issue) => issue.message)).toEqual([
      expect.stringContaining('已用于其他食材'),
      expect.stringContaining('数量最多 2 位小数'),
      '第 2 行「单价(元)」：单价不能为负数',
    ]);
    expect(issues[2]!.messageEn).toBe('Row 2, unitPrice: The unit price cannot be negative');
    expect(issues.every((issue) => issue.messageEn.startsWith(`Row ${issue.row}, `))).toBe(true);
    expect(await deliveryCounts()).toEqual(before);
  });

  it('refuses the same file uploaded again with 409 naming the first manifest, and stores nothing', async () => {
    const rows = [good(), good({ 食材编码: world.eggs.code, 数量: 30, 单位: '个', '单价(元)': 0.6 })];
    const first = await importFile(await workbook([HEADERS, ...rows]), 'good.xlsx');
    expect(first.status).toBe(201);
    const before = await deliveryCounts();
    const again = await importFile(await workbook([HEADERS, ...rows]), 'good (1).xlsx');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'MANIFEST_DUPLICATE', message: expect.stringContaining(`送货单 ${first.body.code}`), messageEn: expect.stringContaining(first.body.code) });
    // The same rows saved as CSV, in another order, are the same delivery.
    const csv = [HEADERS, rows[1]!, rows[0]!].map((cells) => cells.map((cell) => cell ?? '').join(',')).join('\r\n');
    expect((await importFile(Buffer.from(csv), 'good.csv')).status).toBe(409);
    expect(await deliveryCounts()).toEqual(before);
  });

  it('refuses a blacklisted supplier’s file whole and announces the refused delivery', async () => {
    const supplier = await createSupplier({ blacklisted: true });
    const session = await signIn(app, await createUser('supplier', null, { supplierId: supplier.id }));
    const row = (code: string) => {
      const cells: Record<string, unknown> = { 食材编码: code, 批次号: newLot('BL'), 生产日期: daysFromToday(-1), '保质期(天)': 5, 数量: 10, 单位: 'kg' };
      return HEADERS.map((header) => cells[header] ?? null);
    };
    const before = await deliveryCounts();
    const response = await importFile(await workbook([HEADERS, row(world.cabbage.code), row('不存在的编码')]), 'blacklisted.xlsx', {}, session);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: 'SUPPLIER_BLACKLISTED', message: expect.stringContaining('严重违法失信名单') });
    expect(await deliveryCounts()).toEqual({ ...before, events: before.events! + 1 });
    const events = await testPrisma().outboxEvent.findMany({ where: { type: 'delivery.refused', payload: { path: ['supplierId'], equals: supplier.id } } });
    expect(events.map((event) => ({ orgPath: event.orgPath, ...ZDeliveryRefusedEvent.parse(event.payload) }))).toEqual([
      expect.objectContaining({ orgPath: world.tree.canteenA1.path, reason: 'blacklisted', source: 'file', canteenId: world.tree.canteenA1.id, deliveryDate: today(), lineCount: 2, categories: [] }),
    ]);
  });

  it('refuses a file with a missing column, naming it', async () => {
    const before = await deliveryCounts();
    const headers = HEADERS.filter((header) => header !== '批次号');
    const response = await importFile(await workbook([headers, headers.map(() => '1')]), 'no-lot.xlsx');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'FILE_COLUMNS_MISSING', message: '文件缺少必需的列：「批次号」' });
    expect(response.body.issues).toEqual([{ path: 'columns', column: '批次号', message: '缺少「批次号」列', messageEn: 'Missing column 批次号' }]);
    expect(await deliveryCounts()).toEqual(before);
  });

  it('imports a UTF-8 CSV (with BOM, quotes, Chinese unit names)', async () => {
    const rows = [
      HEADERS.join(','),
      `${world.cabbage.code},,${newLot('CSV')},${daysFromToday(-1)},5,,"1,000",公斤,2.50,,,"含 ""有机"" 标识"`,
      `,${world.eggs.name},${newLot('CSV')},${daysFromToday(-2).replaceAll('-', '/')},,${daysFromToday(15)},360,个,0.6,,,`,
    ];
    const response = await importFile(Buffer.from(`\uFEFF${rows.join('\r\n')}\r\n`), 'manifest.csv');
    expect(response.status).toBe(201);
    expect(response.body.lines).toEqual([
      expect.objectContaining({ quantity: '1000', unit: 'kg', unitPriceFen: 250, note: '含 "有机" 标识' }),
      expect.objectContaining({ quantity: '360', unit: 'piece', productionDate: daysFromToday(-2), unitPriceFen: 60 }),
    ]);
    const row = await testPrisma().deliveryManifest.findUniqueOrThrow({ where: { id: response.body.id } });
    expect(row.source).toBe('file');
  });

  it('imports a CSV saved by Chinese Excel (GB18030); refuses binary content with 415', async () => {
    const response = await importFile(gb18030Manifest({ code: world.cabbage.code, lot: newLot('GBK'), day: daysFromToday(-1) }), '送货单.csv');
    expect(response.status).toBe(201);
    expect(response.body.lines).toEqual([expect.objectContaining({ quantity: '12.5', unit: 'kg', unitPriceFen: 450, note: GB18030_NOTE })]);
    const before = await deliveryCounts();
    const junk = await importFile(Buffer.concat([Buffer.from('食材编码,'), Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37 + 11) % 256))]), 'junk.csv');
    expect(junk.status).toBe(415);
    expect(junk.body).toMatchObject({ error: 'FILE_TYPE_NOT_ALLOWED', message: '文件类型不符合要求，只接受 Excel (.xlsx) / CSV' });
    expect(await deliveryCounts()).toEqual(before);
  });

  it('refuses the wrong file type, an oversize file, missing header fields, a file without rows', async () => {
    const before = await deliveryCounts();
    const pdf = await importFile(PDF, 'manifest.pdf');
    expect(pdf.status).toBe(415);
    expect(pdf.body.message).toContain('Excel (.xlsx) / CSV');
    const big = await importFile(Buffer.concat([await workbook([HEADERS]), Buffer.alloc(250_000)]), 'big.xlsx');
    expect(big.status).toBe(413);
    const noCanteen = await importFile(await workbook([HEADERS]), 'x.xlsx', { canteenId: '', deliveryDate: 'someday' });
    expect(noCanteen.status).toBe(400);
    expect(noCanteen.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['canteenId', 'deliveryDate']);
    const empty = await importFile(await workbook([HEADERS]), 'empty.xlsx');
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('FILE_EMPTY');
    const broken = await importFile(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('xl/garbage')]), 'broken.xlsx');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toBe('FILE_UNREADABLE');
    const notMultipart = await world.sessions.supplier.post('/api/deliveries/import', { canteenId: world.tree.canteenA1.id });
    expect(notMultipart.status).toBe(415);
    expect(await deliveryCounts()).toEqual(before);
  });

  it('imports a 2,000-line file in one transaction, and accepts it', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const ingredient = [world.cabbage, world.eggs, world.salt][i % 3]!;
      return [ingredient.code, null, `BULK-${Date.now().toString(36)}-${i}`, daysFromToday(-1), ingredient === world.salt ? null : 10, null, 10 + (i % 7), ingredient.unit, 1.5, null, null, null];
    });
    const started = Date.now();
    const response = await importFile(await workbook([HEADERS, ...rows]), 'bulk.xlsx');
    expect(response.status).toBe(201);
    expect(response.body.lineCount).toBe(2000);
    expect(Date.now() - started).toBeLessThan(30_000);
    const accepted = await world.sessions.manager.post(`/api/deliveries/${response.body.id}/acceptance`, {
      secondInspector: { username: world.users.staff.username, password: world.users.staff.password },
      lines: response.body.lines.map((l: { id: string }) => ({ lineId: l.id, decision: 'accept' })),
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.batches).toHaveLength(2000);
  });

  it('canteen users and officials cannot import', async () => {
    const response = await importFile(await workbook([HEADERS]), 'x.xlsx', {}, world.sessions.manager);
    expect(response.status).toBe(403);
  });
});
