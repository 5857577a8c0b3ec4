import ExcelJS from 'exceljs';
import type { Role } from '@canteen/shared';
import type { Actor } from '@/common/tenancy/actor';
import { ledgerWorkbook } from './ledger-export';
import { toLedgerReport, toMealCosts } from './ledger-reports.mapper';
import type { LedgerReportsRepository, ReportCellRow } from './ledger-reports.repository';
import { LedgerReportsService, checkpointOf } from './ledger-reports.service';

const canteen = { id: 'canteen-1', name: '学生食堂' };

function cell(ingredient: string, bucket: ReportCellRow['bucket'], quantity: string, valueFen: number, unit = 'kg'): ReportCellRow {
  const [code, name, category] = ingredient === 'rice' ? ['GR-001', '大米', 'grains'] : ['LV-001', '猪肉', 'livestock'];
  return { ingredient_id: ingredient, ingredient_code: code!, ingredient_name: name!, category: category!, unit, bucket, quantity, value_fen: BigInt(valueFen) };
}

function actor(role: Role): Actor {
  return {
    userId: 'u',
    username: 'u',
    displayName: '张科长',
    role,
    permissions: [],
    mustChangePassword: false,
    orgUnit: { id: 'k', name: '区', level: 'county', path: '/p/c/k/' },
    supplier: null,
    sessionId: 's',
    ip: '127.0.0.1',
    requestId: 'r',
  };
}

describe('toLedgerReport', () => {
  it('pivots the cells into rows with signed figures, catalogue order, and the totals', () => {
    const report = toLedgerReport(canteen, '2026-11-01', '2026-11-30', [
      cell('pork', 'opening', '7.000', 14000),
      cell('pork', 'stock_out', '-5.500', -12250),
      cell('pork', 'reversal', '2.000', 4000),
      cell('pork', null, '3.500', 5750),
      cell('rice', 'stock_in', '50.000', 25000),
      cell('rice', null, '50.000', 25000),
    ]);
    expect(report.rows.map((row) => row.ingredient.name)).toEqual(['大米', '猪肉']);
    expect(report.rows[1]).toMatchObject({
      opening: { quantity: '7', valueFen: 14000 },
      stockIn: { quantity: '0', valueFen: 0 },
      stockOut: { quantity: '-5.5', valueFen: -12250 },
      reversed: { quantity: '2', valueFen: 4000 },
      closing: { quantity: '3.5', valueFen: 5750 },
    });
    expect(report.totals).toEqual({ openingFen: 14000, stockInFen: 25000, stockOutFen: -12250, closingFen: 30750 });
  });

  it('leaves out an ingredient with nothing at the start and nothing in the period', () => {
    const report = toLedgerReport(canteen, '2026-11-01', '2026-11-30', [cell('pork', 'opening', '0.000', 0), cell('pork', null, '0.000', 0)]);
    expect(report.rows).toEqual([]);
    expect(report.totals).toEqual({ openingFen: 0, stockInFen: 0, stockOutFen: 0, closingFen: 0 });
  });

  it('keeps one row per unit when an ingredient was booked in two units', () => {
    const report = toLedgerReport(canteen, '2026-11-01', '2026-11-30', [
      cell('pork', 'stock_in', '1.000', 100, 'kg'),
      cell('pork', null, '1.000', 100, 'kg'),
      cell('pork', 'stock_in', '500.000', 100, 'g'),
      cell('pork', null, '500.000', 100, 'g'),
    ]);
    expect(report.rows.map((row) => [row.unit, row.closing.quantity])).toEqual([
      ['g', '500'],
      ['kg', '1'],
    ]);
  });
});

describe('toMealCosts', () => {
  it('sums the meals and leaves per-student cost empty until a headcount is recorded', () => {
    const costs = toMealCosts(canteen, '2026-11-01', '2026-11-01', [
      { day: '2026-11-01', meal: 'lunch', cost_fen: 12345n, headcount: null, per_student_fen: null },
      { day: '2026-11-01', meal: 'dinner', cost_fen: 500n, headcount: 100, per_student_fen: 5n },
    ]);
    expect(costs.meals[1]).toEqual({ day: '2026-11-01', meal: 'dinner', costFen: 500, headcount: 100, perStudentFen: 5 });
    expect(costs.totalFen).toBe(12845);
  });
});

describe('checkpointOf', () => {
  it('finds the canteen’s leaf in a signed payload, and nothing in text it cannot read', () => {
    const payload = JSON.stringify({ leaves: [{ canteenId: 'other', seq: 1, hash: 'a' }, { canteenId: 'canteen-1', seq: 42, hash: 'b' }] });
    expect(checkpointOf(payload, 'canteen-1')).toEqual({ seq: 42, hash: 'b' });
    expect(checkpointOf(payload, 'missing')).toBeNull();
    expect(checkpointOf('not json', 'canteen-1')).toBeNull();
    expect(checkpointOf('{"leaves":[{"canteenId":"canteen-1","seq":"42"}]}', 'canteen-1')).toBeNull();
  });
});

describe('LedgerReportsService', () => {
  it('needs stock:read and answers 404 for a canteen outside the scope', async () => {
    const repository = { findCanteen: async () => null } as unknown as LedgerReportsRepository;
    const service = new LedgerReportsService(repository);
    const query = { canteenId: 'canteen-1', from: '2026-11-01', to: '2026-11-30' };
    await expect(service.report(actor('supplier'), query)).rejects.toMatchObject({ status: 403 });
    await expect(service.report(actor('official_viewer'), query)).rejects.toMatchObject({ status: 404 });
    await expect(service.costs(actor('official_viewer'), query)).rejects.toMatchObject({ status: 404 });
    await expect(service.exportReport(actor('official_viewer'), query)).rejects.toMatchObject({ status: 404 });
  });
});

describe('ledgerWorkbook', () => {
  it('says plainly when a canteen has no movements and no sealed digest yet', async () => {
    const report = toLedgerReport(canteen, '2026-11-01', '2026-11-30', []);
    const data = await ledgerWorkbook(report, [], {
      school: '第一小学',
      canteen: '学生食堂',
      canteenCode: 'C-1',
      county: '通川区',
      from: '2026-11-01',
      to: '2026-11-30',
      generatedAt: '2026-12-01 08:00:00',
      generatedBy: '张科长',
      head: null,
      digest: null,
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(data as unknown as ArrayBuffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['台账汇总', '流水明细', '说明']);
    expect(book.getWorksheet('台账汇总')!.rowCount).toBe(2);
    expect(book.getWorksheet('流水明细')!.rowCount).toBe(1);
    const about = new Map<string, unknown>();
    book.getWorksheet('说明')!.eachRow((row) => about.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(about.get('账本链头')).toBe('尚无流水');
    expect(about.get('已封存至')).toBe('尚未封存');
    expect(about.get('最新签名摘要')).toBe('尚无签名摘要');
    expect(about.get('如何校验')).toContain('pnpm ledger:verify --canteen C-1');
  });
});
