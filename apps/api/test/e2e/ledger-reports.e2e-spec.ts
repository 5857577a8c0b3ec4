import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { type TLedgerReport, ZLedgerReport, ZMealCosts } from '@canteen/shared';
import { type TestMovement, bookStockIns, createAcceptedBatches, insertMovement, ledgerDay } from '@test/factories/ledger.factory';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestIngredient, createIngredient } from '@test/factories/supply.factory';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { type TestUser, createUser } from '@test/factories/user.factory';
import { type Session, signIn, startApp } from './harness';

/**
 * 台账, its .xlsx export and meal costs over a known set of movements. Days are counted from today
 * (d(-n)); the period under test is d(-10) … d(-3).
 */
const d = ledgerDay;
const FROM = d(-10);
const TO = d(-3);

describe('ledger reports (台账、导出、餐次成本)', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let pork: TestIngredient;
  let eggs: TestIngredient;
  let cabbage: TestIngredient;
  let manager: TestUser;
  let supplierName: string;
  const sessions: Record<'managerA' | 'countyA' | 'countyB' | 'cityA', Session> = {} as never;
  const m: Record<string, TestMovement> = {};

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    const t = Date.now();
    pork = await createIngredient({ name: `台账猪肉${t}`, category: 'livestock' });
    eggs = await createIngredient({ name: `台账鸡蛋${t}`, category: 'eggs', unit: 'piece' });
    cabbage = await createIngredient({ name: `台账白菜${t}`, category: 'vegetables' });
    manager = await createUser('canteen_manager', tree.schoolA);
    await testPrisma().user.update({ where: { id: manager.id }, data: { displayName: '王店长' } });
    sessions.managerA = await signIn(app, manager);
    sessions.countyA = await signIn(app, await createUser('official_viewer', tree.countyA));
    sessions.countyB = await signIn(app, await createUser('official_admin', tree.countyB));
    sessions.cityA = await signIn(app, await createUser('official_admin', tree.cityA));

    const accepted = await createAcceptedBatches(
      tree.canteenA1,
      [
        { ingredient: pork, quantity: '10', unitPriceFen: 2000, lotCode: `P1-${t}` },
        { ingredient: pork, quantity: '4', unitPriceFen: 2500, lotCode: `P2-${t}` },
        { ingredient: eggs, quantity: '30', unitPriceFen: 80, lotCode: `E1-${t}` },
        { ingredient: cabbage, quantity: '20', unitPriceFen: 300, lotCode: `C1-${t}` },
      ],
      { deliveryDate: d(-30) },
    );
    supplierName = accepted.supplier.name;
    const [p1, p2, e1, c1] = accepted.batchIds as [string, string, string, string];
    const by = { createdById: manager.id };
    const book = async (name: string, spec: Parameters<typeof insertMovement>[0]) => (m[name] = await insertMovement({ ...by, ...spec }));

    // Before the period: cabbage comes and goes; pork opens at 7 kg worth 140 yuan.
    m.c1In = (await bookStockIns([c1], { occurredOn: d(-30), ...by }))[0]!;
    await book('c1Out', { batchId: c1, kind: 'stock_out', quantity: '-20', occurredOn: d(-25), meal: 'dinner' });
    m.p1In = (await bookStockIns([p1], { occurredOn: d(-20), ...by }))[0]!;
    await book('p1Early', { batchId: p1, kind: 'stock_out', quantity: '-3', occurredOn: d(-15), meal: 'lunch' });
    // The period.
    m.p2In = (await bookStockIns([p2], { occurredOn: d(-9), ...by }))[0]!;
    m.e1In = (await bookStockIns([e1], { occurredOn: d(-9), ...by }))[0]!;
    await book('lunchP1', { batchId: p1, kind: 'stock_out', quantity: '-2', occurredOn: d(-8), meal: 'lunch' });
    await book('lunchP2', { batchId: p2, kind: 'stock_out', quantity: '-1', occurredOn: d(-8), meal: 'lunch' });
    await book('dinnerP2', { batchId: p2, kind: 'stock_out', quantity: '-1.5', occurredOn: d(-7), meal: 'dinner' });
    await book('breakfastP1', { batchId: p1, kind: 'stock_out', quantity: '-1', occurredOn: d(-7), meal: 'breakfast' });
    await book('reverseLunch', { batchId: p1, kind: 'reversal', quantity: '2', occurredOn: d(-6), meal: 'lunch', reversesId: m.lunchP1!.id, reason: '误记，实际未领用' });
    await book('writeOff', { batchId: p1, kind: 'write_off', quantity: '-0.5', occurredOn: d(-5), reason: '冰箱断电变质' });
    const stocktake = await testPrisma().stocktake.create({
      data: { canteenId: tree.canteenA1.id, countedOn: new Date(`${d(-5)}T00:00:00Z`), status: 'posted', createdById: manager.id },
      select: { id: true },
    });
    await book('found', { batchId: e1, kind: 'adjustment', quantity: '2', occurredOn: d(-5), stocktakeId: stocktake.id, reason: '盘盈' });
    await book('returned', { batchId: p2, kind: 'return', quantity: '-1', occurredOn: d(-4), reason: '包装破损退回' });
    // After the period: the breakfast is reversed late, and more pork goes out.
    await book('reverseBreakfast', { batchId: p1, kind: 'reversal', quantity: '1', occurredOn: d(-2), meal: 'breakfast', reversesId: m.breakfastP1!.id, reason: '录错餐次' });
    await book('late', { batchId: p1, kind: 'stock_out', quantity: '-1', occurredOn: d(-1), meal: 'lunch' });
  });

  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const query = (canteenId = tree.canteenA1.id, from = FROM, to = TO) => `canteenId=${canteenId}&from=${from}&to=${to}`;

  describe('the report', () => {
    let report: TLedgerReport;

    it('sums opening, each kind of the period (reversals apart) and closing per ingredient', async () => {
      const response = await sessions.managerA.get(`/api/ledger/report?${query()}`);
      expect(response.status).toBe(200);
      report = ZLedgerReport.parse(response.body);
      expect(report).toMatchObject({ canteen: { id: tree.canteenA1.id, name: '学生食堂' }, from: FROM, to: TO });
      // Cabbage: nothing on hand at the start and nothing moved in the period, so it is left out.
      expect(report.rows.map((row) => row.ingredient.name)).toEqual([pork.name, eggs.name]);
      const [porkRow, eggRow] = report.rows;
      expect(porkRow).toEqual({
        ingredient: { id: pork.id, code: pork.code, name: pork.name, category: 'livestock' },
        unit: 'kg',
        opening: { quantity: '7', valueFen: 14000 },
        stockIn: { quantity: '4', valueFen: 10000 },
        stockOut: { quantity: '-5.5', valueFen: -12250 },
        returned: { quantity: '-1', valueFen: -2500 },
        writtenOff: { quantity: '-0.5', valueFen: -1000 },
        adjusted: { quantity: '0', valueFen: 0 },
        reversed: { quantity: '2', valueFen: 4000 },
        closing: { quantity: '6', valueFen: 12250 },
      });
      expect(eggRow).toMatchObject({
        unit: 'piece',
        opening: { quantity: '0', valueFen: 0 },
        stockIn: { quantity: '30', valueFen: 2400 },
        adjusted: { quantity: '2', valueFen: 160 },
        closing: { quantity: '32', valueFen: 2560 },
      });
      expect(report.totals).toEqual({ openingFen: 14000, stockInFen: 12400, stockOutFen: -12250, closingFen: 14810 });
    });

    it('closes each period where the next opens, and includes both ends of a period', async () => {
      const next = ZLedgerReport.parse((await sessions.managerA.get(`/api/ledger/report?${query(tree.canteenA1.id, d(-2), d(0))}`)).body);
      const porkNext = next.rows.find((row) => row.ingredient.id === pork.id)!;
      expect(porkNext.opening).toEqual(report.rows[0]!.closing);
      expect(porkNext).toMatchObject({ reversed: { quantity: '1', valueFen: 2000 }, stockOut: { quantity: '-1', valueFen: -2000 }, closing: { quantity: '6', valueFen: 12250 } });
      // The closing of the last day equals what is on hand.
      const onHand = await testPrisma().stockBalance.aggregate({ where: { canteenId: tree.canteenA1.id, ingredientId: pork.id }, _sum: { quantity: true } });
      expect(onHand._sum.quantity?.toFixed()).toBe('6');

      const oneDay = ZLedgerReport.parse((await sessions.managerA.get(`/api/ledger/report?${query(tree.canteenA1.id, d(-20), d(-20))}`)).body);
      expect(oneDay.rows).toHaveLength(1);
      expect(oneDay.rows[0]).toMatchObject({ opening: { quantity: '0' }, stockIn: { quantity: '10', valueFen: 20000 }, closing: { quantity: '10', valueFen: 20000 } });
    });

    it('is the same for an official of the county and of the city', async () => {
      for (const who of ['countyA', 'cityA'] as const) {
        const response = await sessions[who].get(`/api/ledger/report?${query()}`);
        expect(response.status).toBe(200);
        expect(response.body).toEqual(report);
      }
    });
  });

  describe('the .xlsx export', () => {
    const rowsOf = (sheet: ExcelJS.Worksheet) => {
      const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1) as string[];
      const rows: Record<string, ExcelJS.CellValue>[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
      });
      return rows;
    };
    let book: ExcelJS.Workbook;

    beforeAll(async () => {
      // A sealed, signed checkpoint of the county that lists this canteen's head.
      const head = await testPrisma().ledgerHead.findUniqueOrThrow({ where: { canteenId: tree.canteenA1.id } });
      await testPrisma().ledgerDigest.create({
        data: {
          countyId: tree.countyA.id,
          day: new Date(`${d(-1)}T00:00:00Z`),
          root: 'ab'.repeat(32),
          payload: JSON.stringify({ v: 1, day: d(-1), leaves: [{ canteenId: tree.canteenA1.id, seq: head.seq, hash: head.hash }] }),
          signature: 'c2lnbmF0dXJl',
          keyId: '0123456789abcdef',
        },
      });
    });

    it('downloads with a Chinese file name and an ASCII fallback', async () => {
      const response = await sessions.countyA.get(`/api/ledger/report.xlsx?${query()}`).responseType('blob');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const disposition = response.headers['content-disposition'] as string;
      const period = `${FROM.replaceAll('-', '')}-${TO.replaceAll('-', '')}`;
      expect(disposition).toContain(`filename="ledger-${period}.xlsx"`);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe(`出入库台账_${tree.schoolA.name}学生食堂_${period}.xlsx`);
      book = new ExcelJS.Workbook();
      await book.xlsx.load(response.body as unknown as ArrayBuffer);
    });

    it('sheet 1: the summary per ingredient with a totals row, in yuan', () => {
      const rows = rowsOf(book.getWorksheet('台账汇总')!);
      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatchObject({
        类别: '畜禽肉类',
        食材: pork.name,
        单位: '千克',
        期初数量: 7,
        '期初金额（元）': 140,
        出库数量: -5.5,
        '出库金额（元）': -122.5,
        冲正数量: 2,
        期末数量: 6,
        '期末金额（元）': 122.5,
      });
      expect(rows[1]).toMatchObject({ 食材: eggs.name, 单位: '个', 盘点调整数量: 2, 期末数量: 32 });
      expect(rows[2]).toMatchObject({ 类别: '合计', '期初金额（元）': 140, '期末金额（元）': 148.1 });
    });

    it('sheet 2: every movement of the period in chain order, with reversal links and hash prefixes', async () => {
      const rows = rowsOf(book.getWorksheet('流水明细')!);
      const inPeriod = ['p2In', 'e1In', 'lunchP1', 'lunchP2', 'dinnerP2', 'breakfastP1', 'reverseLunch', 'writeOff', 'found', 'returned'];
      expect(rows.map((r) => r['序号'])).toEqual(inPeriod.map((name) => m[name]!.seq));
      const at = (name: string) => rows.find((r) => r['序号'] === m[name]!.seq)!;
      expect(at('lunchP1')).toMatchObject({
        类型: '出库',
        餐次: '午餐',
        食材: pork.name,
        批次号: expect.stringMatching(/^P1-/),
        供应商: supplierName,
        数量: -2,
        单位: '千克',
        '单价（元）': 20,
        '金额（元）': -40,
        冲正关系: `已被第 ${m.reverseLunch!.seq} 笔冲正`,
        操作人: '王店长',
        '哈希（前16位）': m.lunchP1!.hash.slice(0, 16),
      });
      expect((at('lunchP1')['业务日期'] as Date).toISOString()).toBe(`${d(-8)}T00:00:00.000Z`);
      expect(at('lunchP1')['记录时间']).toBeInstanceOf(Date);
      expect(at('reverseLunch')).toMatchObject({ 类型: '冲正', 数量: 2, 原因: '误记，实际未领用', 冲正关系: `冲正第 ${m.lunchP1!.seq} 笔` });
      // Reversed after the period: the link still shows.
      expect(at('breakfastP1')['冲正关系']).toBe(`已被第 ${m.reverseBreakfast!.seq} 笔冲正`);
      expect(at('found')).toMatchObject({ 类型: '盘点调整', 数量: 2, 单位: '个', 原因: '盘盈' });
      expect(at('writeOff')).toMatchObject({ 类型: '报损', 餐次: null, 原因: '冰箱断电变质' });
      expect(at('returned')['类型']).toBe('退货');
    });

    it('sheet 3: the canteen, the period, the chain head, the latest signed digest and how to verify', async () => {
      const sheet = book.getWorksheet('说明')!;
      const about = new Map<string, string>();
      sheet.eachRow((row) => about.set(String(row.getCell(1).value), String(row.getCell(2).value ?? '')));
      const head = await testPrisma().ledgerHead.findUniqueOrThrow({ where: { canteenId: tree.canteenA1.id } });
      expect(about.get('学校')).toBe(tree.schoolA.name);
      expect(about.get('区县')).toBe(tree.countyA.name);
      expect(about.get('期间')).toBe(`${FROM} 至 ${TO}`);
      expect(about.get('本期流水笔数')).toBe('10');
      expect(about.get('账本链头')).toBe(`第 ${head.seq} 笔，哈希 ${head.hash}`);
      expect(about.get('最新签名摘要')).toContain(`${d(-1)}，默克尔根 ${'ab'.repeat(32)}`);
      expect(about.get('本食堂检查点')).toBe(`第 ${head.seq} 笔，哈希 ${head.hash}`);
      expect(about.get('如何校验')).toContain('pnpm ledger:verify');
      expect(about.get('生成时间')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    });
  });

  describe('meal costs', () => {
    it('costs each day and meal, a reversal counted against the meal it undoes', async () => {
      const response = await sessions.managerA.get(`/api/ledger/costs?${query()}`);
      expect(response.status).toBe(200);
      const costs = ZMealCosts.parse(response.body);
      // Lunch d(-8): 40 + 25 yuan issued, the 40 reversed on d(-6). Breakfast d(-7): reversed on d(-2), after the period.
      expect(costs.meals).toEqual([
        { day: d(-8), meal: 'lunch', costFen: 2500, headcount: null, perStudentFen: null },
        { day: d(-7), meal: 'breakfast', costFen: 0, headcount: null, perStudentFen: null },
        { day: d(-7), meal: 'dinner', costFen: 3750, headcount: null, perStudentFen: null },
      ]);
      expect(costs.totalFen).toBe(6250);
    });

    it('leaves a late reversal out of the period it was booked in', async () => {
      const costs = ZMealCosts.parse((await sessions.managerA.get(`/api/ledger/costs?${query(tree.canteenA1.id, d(-2), d(0))}`)).body);
      expect(costs.meals).toEqual([{ day: d(-1), meal: 'lunch', costFen: 2000, headcount: null, perStudentFen: null }]);
      expect(costs.totalFen).toBe(2000);
    });
  });

  describe('refusals', () => {
    const endpoints = ['report', 'report.xlsx', 'costs'];

    it.each(endpoints)('%s: another county’s canteen or an unknown one answers 404', async (endpoint) => {
      expect((await sessions.countyB.get(`/api/ledger/${endpoint}?${query()}`)).status).toBe(404);
      expect((await sessions.managerA.get(`/api/ledger/${endpoint}?${query(tree.canteenB.id)}`)).status).toBe(404);
      expect((await sessions.managerA.get(`/api/ledger/${endpoint}?${query(randomUUID())}`)).status).toBe(404);
      // A school is not a canteen.
      expect((await sessions.managerA.get(`/api/ledger/${endpoint}?${query(tree.schoolA.id)}`)).status).toBe(404);
    });

    it.each(endpoints)('%s: a bad period answers 400 in both languages', async (endpoint) => {
      const reversed = await sessions.managerA.get(`/api/ledger/${endpoint}?${query(tree.canteenA1.id, TO, FROM)}`);
      expect(reversed.status).toBe(400);
      expect(reversed.body.issues[0]).toMatchObject({ path: 'to', message: '开始日期不能晚于结束日期' });
      const tooLong = await sessions.managerA.get(`/api/ledger/${endpoint}?${query(tree.canteenA1.id, '2025-01-01', '2026-01-02')}`);
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.issues[0].messageEn).toBe('A period spans at most 366 days');
      expect((await sessions.managerA.get(`/api/ledger/${endpoint}?${query(tree.canteenA1.id, '2025-01-01', '2026-01-01')}`)).status).toBe(200);
      expect((await sessions.managerA.get(`/api/ledger/${endpoint}?${query(tree.canteenA1.id, '2026-02-30', TO)}`)).status).toBe(400);
      expect((await sessions.managerA.get(`/api/ledger/${endpoint}?canteenId=${tree.canteenA1.id}&from=${FROM}`)).status).toBe(400);
      expect((await sessions.managerA.get(`/api/ledger/${endpoint}?${query('not-an-id')}`)).status).toBe(400);
    });
  });
});
