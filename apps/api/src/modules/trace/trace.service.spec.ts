import ExcelJS from 'exceljs';
import type { Role } from '@canteen/shared';
import { AppError } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { sumQuantities } from './trace.mapper';
import type { CanteenPeriod } from '@/modules/menus/plans.repository';
import type { ForwardRow, SupplierRow, TraceMovementRow, TraceReferences } from './trace.repository';
import { TraceService } from './trace.service';
import { attachmentDisposition } from '@/common/http/content-disposition';
import { safeFileName } from './trace-workbook';

const COUNTY_PATH = '/p/c/k/';

function actor(role: Role, path: string | null = COUNTY_PATH): Actor {
  return {
    userId: 'actor-1',
    username: 'actor',
    displayName: '操作者',
    role,
    permissions: [],
    mustChangePassword: false,
    orgUnit: path ? { id: 'unit', name: '区', level: 'county', path } : null,
    supplier: role === 'supplier' ? { id: 'sup-1', name: '公司' } : null,
    sessionId: 's',
    ip: '127.0.0.1',
    requestId: 'r',
  };
}

const supplier: SupplierRow = {
  id: 'sup-1',
  name: '达州市测试配送有限公司',
  creditCode: '91511702MA6BXRL03B',
  contactName: null,
  contactPhone: null,
  blacklistedAt: null,
  blacklistReason: null,
  documents: [{ id: 'doc-1', kind: 'food_business_licence', number: 'JY1', expiresOn: new Date('2026-01-31T00:00:00Z'), fileId: 'file-1' }],
};

function line(overrides: Partial<ForwardRow>): ForwardRow {
  return {
    line_id: 'line-1',
    line_no: 1,
    lot_code: 'LOT-1',
    ingredient_id: 'ing-1',
    quantity: '10.000',
    unit: 'kg',
    unit_price_fen: 1000,
    production_date: '2026-11-19',
    expiry_date: '2026-11-22',
    farm_base_id: null,
    certificate_ids: [],
    manifest_id: 'm-1',
    manifest_code: 'DN-20261120-0001',
    delivery_date: '2026-11-20',
    status: 'accepted',
    source: 'form',
    purchase_order_id: null,
    supplier_id: 'sup-1',
    acceptance_id: 'acc-1',
    accepted_at: new Date('2026-11-19T23:30:00Z'),
    inspector_ids: [],
    decision: 'accept',
    accepted_quantity: '10.000',
    temperature_c: null,
    reason: null,
    photo_ids: [],
    batch_id: 'batch-1',
    batch_quantity: '10.000',
    batch_booked: false,
    batch_unit: 'kg',
    received_at: new Date('2026-11-19T23:30:00Z'),
    batch_expiry_date: '2026-11-22',
    canteen_id: 'canteen-1',
    canteen_name: '学生食堂',
    canteen_contact_name: null,
    canteen_contact_phone: null,
    school_id: 'school-1',
    school_name: '第一小学',
    school_address: null,
    school_contact_name: null,
    school_contact_phone: null,
    county_id: 'county-1',
    county_name: '通川区',
    ...overrides,
  };
}

const emptyRefs = (): TraceReferences => ({
  ingredients: new Map([['ing-1', { id: 'ing-1', code: 'M001', name: '猪肉', category: 'livestock', unit: 'kg' }]]),
  farmBases: new Map(),
  files: new Map([['file-1', { id: 'file-1', originalName: 'licence.pdf', contentType: 'application/pdf' }]]),
  inspectors: new Map(),
  orderCodes: new Map(),
  suppliers: new Map([['sup-1', supplier]]),
  corrections: new Map(),
});

function movement(overrides: Partial<TraceMovementRow>): TraceMovementRow {
  return {
    id: 'mv-1',
    canteen_id: 'canteen-1',
    seq: 1,
    batch_id: 'batch-1',
    kind: 'stock_in',
    occurred_on: '2026-11-20',
    meal: null,
    quantity: '10.000',
    unit: 'kg',
    reason: null,
    reverses_id: null,
    reversed: false,
    ...overrides,
  };
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const dish = (name: string) => ({ dishVersionId: `dv-${name}`, dishVersion: { id: `dv-${name}`, dishId: `d-${name}`, version: 1, name, cookingMethod: 'stir_fry', allergens: [], photoFileId: null } });

function setup(rows: ForwardRow[] = [], movements: TraceMovementRow[] = []) {
  const repository = {
    findCanteen: jest.fn(async () => null),
    findSupplier: jest.fn(async (id: string) => (id === 'sup-1' ? supplier : null)),
    backwardRows: jest.fn(async () => []),
    forwardRows: jest.fn(async () => rows),
    movements: jest.fn(async () => movements),
    findSchoolContacts: jest.fn(async () => [{ orgUnitId: 'school-1', role: 'canteen_manager', displayName: '王', phone: '13900000000' }]),
    references: jest.fn(async () => emptyRefs()),
  };
  // At canteen-1 lunch on the 20th was recorded against plan version 2, dinner on the 21st only
  // planned (version 1, published); canteen-2 served the same lunch from a plan of its own.
  const records = [
    { canteen: { id: 'canteen-2' }, day: day('2026-11-20'), meal: 'lunch', planVersionId: 'pv-3', servedTotal: 95 },
    { canteen: { id: 'canteen-1' }, day: day('2026-11-20'), meal: 'lunch', planVersionId: 'pv-2', servedTotal: 380 },
  ];
  const published = [
    { id: 'pv-3', planId: 'plan-2', version: 1, plan: { weekStart: day('2026-11-16'), canteenId: 'canteen-2' } },
    { id: 'pv-1', planId: 'plan-1', version: 1, plan: { weekStart: day('2026-11-16'), canteenId: 'canteen-1' } },
  ];
  const inPeriods = (periods: CanteenPeriod[], canteenId: string) => periods.some((p) => p.canteenId === canteenId);
  const production = {
    latestInPeriod: jest.fn(async (_scope: unknown, periods: CanteenPeriod[]) => records.filter((r) => inPeriods(periods, r.canteen.id))),
  };
  const plans = {
    findPublishedCovering: jest.fn(async (_scope: unknown, periods: CanteenPeriod[]) => published.filter((p) => inPeriods(periods, p.plan.canteenId))),
    findEntries: jest.fn(async () => [
      { versionId: 'pv-1', day: day('2026-11-20'), meal: 'lunch', dishes: [dish('米饭'), dish('回锅肉')] },
      { versionId: 'pv-2', day: day('2026-11-20'), meal: 'lunch', ageBand: '6-8', dishes: [dish('米饭'), dish('青椒肉丝')] },
      { versionId: 'pv-2', day: day('2026-11-20'), meal: 'lunch', ageBand: '9-11', dishes: [dish('米饭'), dish('青椒肉丝'), dish('紫菜汤')] },
      { versionId: 'pv-1', day: day('2026-11-21'), meal: 'dinner', dishes: [dish('面条')] },
      { versionId: 'pv-3', day: day('2026-11-20'), meal: 'lunch', dishes: [dish('米饭'), dish('土豆烧肉')] },
      { versionId: 'pv-3', day: day('2026-11-22'), meal: 'dinner', dishes: [dish('饺子')] },
    ]),
  };
  return { repository, production, plans, service: new TraceService(repository as never, production as never, plans as never) };
}

describe('TraceService', () => {
  it('asks for trace:read before anything else', async () => {
    const { repository, service } = setup();
    for (const role of ['canteen_staff', 'supplier'] as Role[]) {
      await expect(service.forward(actor(role, role === 'supplier' ? null : '/p/c/k/s/'), { supplierId: 'sup-1', lotCode: 'LOT-1' })).rejects.toMatchObject({ status: 403 });
    }
    await expect(service.backward(actor('canteen_staff', '/p/c/k/s/'), { canteenId: 'c', date: '2026-11-20' })).rejects.toBeInstanceOf(AppError);
    expect(repository.findSupplier).not.toHaveBeenCalled();
    expect(repository.findCanteen).not.toHaveBeenCalled();
  });

  it("answers 404 for a canteen the scoped look-up does not find, and reads only through the actor's scope", async () => {
    const { repository, service } = setup();
    await expect(service.backward(actor('official_viewer'), { canteenId: 'c', date: '2026-11-20' })).rejects.toMatchObject({ status: 404, zh: '未找到该食堂' });
    expect(repository.findCanteen).toHaveBeenCalledWith({ path: COUNTY_PATH }, 'c');
    await service.forward(actor('official_viewer'), { supplierId: 'sup-1', lotCode: 'LOT-1' });
    expect(repository.forwardRows).toHaveBeenCalledWith({ path: COUNTY_PATH }, 'sup-1', 'LOT-1');
    await expect(service.recall(actor('official_viewer'), { supplierId: 'nope', lotCode: 'LOT-1' })).rejects.toMatchObject({ status: 404 });
  });

  it('sums quantities per canteen exactly, and draws a pending line straight to its canteen', async () => {
    const { service } = setup([
      line({}),
      line({ line_id: 'line-2', manifest_id: 'm-2', manifest_code: 'DN-2', quantity: '0.100', accepted_quantity: '0.100', batch_id: 'batch-2', batch_quantity: '0.100', delivery_date: '2026-11-21' }),
      line({ line_id: 'line-3', manifest_id: 'm-3', manifest_code: 'DN-3', canteen_id: 'canteen-2', canteen_name: '教师食堂', status: 'submitted', acceptance_id: null, accepted_at: null, decision: null, accepted_quantity: null, batch_id: null, batch_quantity: null, received_at: null, batch_expiry_date: null, quantity: '0.200' }),
    ]);
    const trace = await service.forward(actor('official_viewer'), { supplierId: 'sup-1', lotCode: 'LOT-1' });
    expect(trace.totals).toEqual({ canteens: 2, deliveries: 3, delivered: '10.300', accepted: '10.100', inStock: '10.100', unit: 'kg' });
    expect(trace.canteens[0]!.deliveries[0]!.batch).toMatchObject({ quantityInStock: '10.000', booked: false });
    expect(trace.canteens[0]).toMatchObject({ delivered: '10.100', firstDeliveryDate: '2026-11-20', lastDeliveryDate: '2026-11-21' });
    expect(trace.graph.edges).toContainEqual({ from: 'delivery:m-3', to: 'canteen:canteen-2' });
    expect(trace.graph.edges).toContainEqual({ from: 'batch:batch-1', to: 'canteen:canteen-1' });
    // The licence expired before today: shown, flagged invalid.
    expect(trace.lot.supplier.documents).toEqual([{ id: 'doc-1', kind: 'food_business_licence', number: 'JY1', expiresOn: '2026-01-31', valid: false, file: { id: 'file-1', name: 'licence.pdf', contentType: 'application/pdf' } }]);

    const recall = await service.recall(actor('official_viewer'), { supplierId: 'sup-1', lotCode: 'LOT-1' });
    expect(recall.totals).toEqual({ canteens: 2, canteensWithStock: 1, inStock: '10.100', unit: 'kg' });
    expect(recall.canteens[0]!.contacts).toEqual([{ role: 'canteen_manager', displayName: '王', phone: '13900000000' }]);
  });

  it("follows the lot's batches through the ledger into the meals they fed, a reversed stock-out feeding none", async () => {
    const { service, repository, production, plans } = setup(
      [line({ batch_quantity: '4.000', batch_booked: true })],
      [
        movement({}),
        movement({ id: 'mv-2', seq: 2, kind: 'stock_out', meal: 'lunch', quantity: '-5.000' }),
        movement({ id: 'mv-3', seq: 3, kind: 'stock_out', meal: 'dinner', quantity: '-1.000', reversed: true }),
        movement({ id: 'mv-4', seq: 4, kind: 'reversal', meal: 'dinner', quantity: '1.000', reverses_id: 'mv-3', reason: '录错' }),
        movement({ id: 'mv-5', seq: 5, kind: 'stock_out', occurred_on: '2026-11-21', meal: 'dinner', quantity: '-1.000' }),
      ],
    );
    const trace = await service.forward(actor('official_viewer'), { supplierId: 'sup-1', lotCode: 'LOT-1' });
    expect(repository.movements).toHaveBeenCalledWith({ path: COUNTY_PATH }, ['batch-1']);
    expect(production.latestInPeriod).toHaveBeenCalledWith({ path: COUNTY_PATH }, [{ canteenId: 'canteen-1', from: '2026-11-20', to: '2026-11-21' }]);
    // Only the versions that tell the issued meals: the lunch's record's, the dinner's week's published one.
    expect(plans.findEntries).toHaveBeenCalledWith({ path: COUNTY_PATH }, ['pv-2', 'pv-1']);
    const canteen = trace.canteens[0]!;
    expect(canteen.inStock).toBe('4.000');
    expect(canteen.deliveries[0]!.batch).toMatchObject({ quantityInStock: '4.000', booked: true });
    expect(canteen.stockMovements.map((m) => [m.seq, m.kind, m.meal, m.quantity])).toEqual([
      [1, 'stock_in', null, '10.000'],
      [2, 'stock_out', 'lunch', '-5.000'],
      [3, 'stock_out', 'dinner', '-1.000'],
      [4, 'reversal', 'dinner', '1.000'],
      [5, 'stock_out', 'dinner', '-1.000'],
    ]);
    expect(canteen.stockMovements[3]).toEqual({ id: 'mv-4', seq: 4, batchId: 'batch-1', kind: 'reversal', occurredOn: '2026-11-20', meal: 'dinner', quantity: '1.000', unit: 'kg', reason: '录错', reversesId: 'mv-3' });
    // Lunch as served (the record's plan version, dishes once each in plan order); dinner as planned, no headcount.
    expect(canteen.meals).toEqual([
      { day: '2026-11-20', meal: 'lunch', dishes: ['米饭', '青椒肉丝', '紫菜汤'], servedTotal: 380, batchIds: ['batch-1'] },
      { day: '2026-11-21', meal: 'dinner', dishes: ['面条'], servedTotal: null, batchIds: ['batch-1'] },
    ]);

    const recall = await service.recall(actor('official_viewer'), { supplierId: 'sup-1', lotCode: 'LOT-1' });
    expect(recall.totals).toMatchObject({ canteensWithStock: 1, inStock: '4.000' });
  });

  it("reads the menus once for every canteen the lot fed, each over its own days, and keeps each canteen's meals its own", async () => {
    const { service, production, plans } = setup(
      [line({}), line({ line_id: 'line-2', manifest_id: 'm-2', manifest_code: 'DN-2', batch_id: 'batch-2', canteen_id: 'canteen-2', canteen_name: '教师食堂' })],
      [
        movement({}),
        movement({ id: 'mv-2', seq: 2, kind: 'stock_out', meal: 'lunch', quantity: '-5.000' }),
        movement({ id: 'mv-3', seq: 3, kind: 'stock_out', occurred_on: '2026-11-21', meal: 'dinner', quantity: '-1.000' }),
        movement({ id: 'mv-4', canteen_id: 'canteen-2', batch_id: 'batch-2' }),
        movement({ id: 'mv-5', canteen_id: 'canteen-2', batch_id: 'batch-2', seq: 2, kind: 'stock_out', meal: 'lunch', quantity: '-3.000' }),
        movement({ id: 'mv-6', canteen_id: 'canteen-2', batch_id: 'batch-2', seq: 3, kind: 'stock_out', occurred_on: '2026-11-22', meal: 'dinner', quantity: '-2.000' }),
      ],
    );
    const trace = await service.forward(actor('official_viewer'), { supplierId: 'sup-1', lotCode: 'LOT-1' });
    const periods = [
      { canteenId: 'canteen-1', from: '2026-11-20', to: '2026-11-21' },
      { canteenId: 'canteen-2', from: '2026-11-20', to: '2026-11-22' },
    ];
    expect(production.latestInPeriod.mock.calls).toEqual([[{ path: COUNTY_PATH }, periods]]);
    expect(plans.findPublishedCovering.mock.calls).toEqual([[{ path: COUNTY_PATH }, periods]]);
    expect(plans.findEntries).toHaveBeenCalledTimes(1);
    const mealsOf = (canteenId: string) => trace.canteens.find((c) => c.canteen.id === canteenId)!.meals;
    expect(mealsOf('canteen-1')).toEqual([
      { day: '2026-11-20', meal: 'lunch', dishes: ['米饭', '青椒肉丝', '紫菜汤'], servedTotal: 380, batchIds: ['batch-1'] },
      { day: '2026-11-21', meal: 'dinner', dishes: ['面条'], servedTotal: null, batchIds: ['batch-1'] },
    ]);
    expect(mealsOf('canteen-2')).toEqual([
      { day: '2026-11-20', meal: 'lunch', dishes: ['米饭', '土豆烧肉'], servedTotal: 95, batchIds: ['batch-2'] },
      { day: '2026-11-22', meal: 'dinner', dishes: ['饺子'], servedTotal: null, batchIds: ['batch-2'] },
    ]);
  });

  it('counts a canteen whose batches are all issued as holding none, and calls the ones still holding stock first', async () => {
    const { service, production } = setup([
      line({ batch_quantity: '0.000', batch_booked: true }),
      line({ line_id: 'line-2', batch_id: 'batch-2', canteen_id: 'canteen-2', school_id: 'school-2', school_name: '第二小学', batch_quantity: '2.500', batch_booked: true }),
    ]);
    const recall = await service.recall(actor('official_viewer'), { supplierId: 'sup-1', lotCode: 'LOT-1' });
    expect(recall.totals).toEqual({ canteens: 2, canteensWithStock: 1, inStock: '2.500', unit: 'kg' });
    expect(recall.canteens.map((c) => [c.canteen.id, c.inStock])).toEqual([
      ['canteen-2', '2.500'],
      ['canteen-1', '0.000'],
    ]);
    // No stock-out to a meal: the menus are not asked.
    await service.forward(actor('official_viewer'), { supplierId: 'sup-1', lotCode: 'LOT-1' });
    expect(production.latestInPeriod).not.toHaveBeenCalled();
  });

  it('writes a workbook whose rows carry the lot, the place and real dates, and where the lot went', async () => {
    const { service } = setup(
      [line({ batch_quantity: '4.000', batch_booked: true })],
      [
        movement({}),
        movement({ id: 'mv-2', seq: 2, kind: 'stock_out', meal: 'lunch', quantity: '-6.000' }),
        movement({ id: 'mv-3', seq: 3, kind: 'stock_out', meal: 'dinner', quantity: '-1.000', reversed: true }),
        movement({ id: 'mv-4', seq: 4, kind: 'reversal', meal: 'dinner', quantity: '1.000', reverses_id: 'mv-3', reason: '录错' }),
      ],
    );
    const file = await service.exportForward(actor('official_viewer'), { supplierId: 'sup-1', lotCode: 'LOT-1' });
    expect(file.fileName).toMatch(/^正向追溯_达州市测试配送有限公司_LOT-1_\d{8}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.data as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('追溯记录')!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe('LOT-1');
    expect(sheet.getRow(2).getCell(6).value).toEqual(new Date('2026-11-20T00:00:00Z'));
    expect(sheet.getRow(1).getCell(15).value).toBe('当前在库');
    expect(sheet.getRow(2).getCell(15).value).toBe(4);

    const sheetRows = (name: string) => {
      const target = book.getWorksheet(name)!;
      return Array.from({ length: target.rowCount }, (_, i) => Array.from({ length: target.columnCount }, (_, j) => target.getRow(i + 1).getCell(j + 1).value ?? null));
    };
    expect(sheetRows('台账流水').map((r) => [r[2], r[4], r[5], r[6], r[8], r[11]])).toEqual([
      ['台账序号', '类型', '餐次', '追溯批次号', '数量', '冲正关系'],
      [1, '入库', null, 'LOT-1', 10, null],
      [2, '出库', '午餐', 'LOT-1', -6, null],
      [3, '出库', '晚餐', 'LOT-1', -1, '已被第 4 笔冲正'],
      [4, '冲正', '晚餐', 'LOT-1', 1, '冲正第 3 笔'],
    ]);
    expect(sheetRows('供餐餐次')).toEqual([
      ['食堂', '区县', '日期', '餐次', '菜品', '就餐人数', '所用批次'],
      ['第一小学 学生食堂', '通川区', new Date('2026-11-20T00:00:00Z'), '午餐', '米饭；青椒肉丝；紫菜汤', 380, '猪肉 LOT-1'],
    ]);
  });
});

describe('trace helpers', () => {
  it('adds decimal quantities without floating-point drift', () => {
    expect(sumQuantities(['0.100', '0.200', null, '12.345'])).toBe('12.645');
    expect(sumQuantities([])).toBe('0.000');
    expect(sumQuantities(['99999999999.999', '0.001'])).toBe('100000000000.000');
  });

  it("encodes a Chinese file name for Content-Disposition per RFC 5987, with an ASCII fallback", () => {
    const header = attachmentDisposition("正向追溯_it's (1)*.xlsx", 'trace "x".xlsx');
    expect(header).toBe(`attachment; filename="trace _x_.xlsx"; filename*=UTF-8''%E6%AD%A3%E5%90%91%E8%BF%BD%E6%BA%AF_it%27s%20%281%29%2A.xlsx`);
    expect(safeFileName('a/b\\c:d*?"<>|\u0001e.xlsx')).toBe('a_b_c_d_e.xlsx');
  });
});
