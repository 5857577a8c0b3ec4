import ExcelJS from 'exceljs';
import type { Role } from '@canteen/shared';
import { AppError } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { sumQuantities } from './trace.mapper';
import type { ForwardRow, SupplierRow, TraceReferences } from './trace.repository';
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

function setup(rows: ForwardRow[] = []) {
  const repository = {
    findCanteen: jest.fn(async () => null),
    findSupplier: jest.fn(async (id: string) => (id === 'sup-1' ? supplier : null)),
    backwardRows: jest.fn(async () => []),
    forwardRows: jest.fn(async () => rows),
    findSchoolContacts: jest.fn(async () => [{ orgUnitId: 'school-1', role: 'canteen_manager', displayName: '王', phone: '13900000000' }]),
    references: jest.fn(async () => emptyRefs()),
  };
  return { repository, service: new TraceService(repository as never) };
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
    expect(trace.canteens[0]).toMatchObject({ delivered: '10.100', firstDeliveryDate: '2026-11-20', lastDeliveryDate: '2026-11-21' });
    expect(trace.graph.edges).toContainEqual({ from: 'delivery:m-3', to: 'canteen:canteen-2' });
    expect(trace.graph.edges).toContainEqual({ from: 'batch:batch-1', to: 'canteen:canteen-1' });
    // The licence expired before today: shown, flagged invalid.
    expect(trace.lot.supplier.documents).toEqual([{ id: 'doc-1', kind: 'food_business_licence', number: 'JY1', expiresOn: '2026-01-31', valid: false, file: { id: 'file-1', name: 'licence.pdf', contentType: 'application/pdf' } }]);

    const recall = await service.recall(actor('official_viewer'), { supplierId: 'sup-1', lotCode: 'LOT-1' });
    expect(recall.totals).toEqual({ canteens: 2, canteensWithStock: 1, inStock: '10.100', unit: 'kg' });
    expect(recall.canteens[0]!.contacts).toEqual([{ role: 'canteen_manager', displayName: '王', phone: '13900000000' }]);
  });

  it('writes a workbook whose rows carry the lot, the place and real dates', async () => {
    const { service } = setup([line({})]);
    const file = await service.exportForward(actor('official_viewer'), { supplierId: 'sup-1', lotCode: 'LOT-1' });
    expect(file.fileName).toMatch(/^正向追溯_达州市测试配送有限公司_LOT-1_\d{8}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.data as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('追溯记录')!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe('LOT-1');
    expect(sheet.getRow(2).getCell(6).value).toEqual(new Date('2026-11-20T00:00:00Z'));
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
