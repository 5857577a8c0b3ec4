import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { AppError } from '@/common/http/app-error';
import { GB18030_NOTE, gb18030Manifest } from '@test/fixtures/manifest-gb18030';
import type { Upload } from '@/common/storage/uploads';
import { buildTemplate, parseCsv, readManifestFile } from './manifest-file';

const upload = (data: Buffer, kind: 'xlsx' | 'csv'): Upload => ({
  data,
  kind,
  contentType: kind,
  originalName: `manifest.${kind}`,
  sha256: createHash('sha256').update(data).digest('hex'),
  fields: {},
  storageKey: `test/${kind}`,
});

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('送货单');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const HEADER = ['食材编码', '批次号', '生产日期', '保质期（天）', '到期日期', '数量', '单位', '单价(元)', '产地基地', '证书文件编号', '备注'];

describe('manifest files', () => {
  it('parses CSV with quotes, commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', 'z'],
    ]);
  });

  it('reads an xlsx into lines: dates in any usual form, yuan to fen, unit names, certificate lists', async () => {
    const data = await xlsx([
      HEADER,
      ['ING-1', 'L001', new Date(Date.UTC(2026, 10, 20)), 7, null, 12.5, '千克', 3.2, '河市基地', 'a, b；c', '备注'],
      [],
      ['ING-2', 'L002', '2026/11/3', null, '2026年11月30日', '3', 'kg', '￥0.05', null, null, null],
      ['ING-3', 'L003', 46346, null, '20261201', 1, 'box', 'abc', null, null, null],
    ]);
    const content = await readManifestFile(upload(data, 'xlsx'));
    expect(content.rows.map((row) => row.row)).toEqual([2, 4, 5]);
    expect(content.rows[0]!.line).toEqual({
      ingredientCode: 'ING-1',
      lotCode: 'L001',
      productionDate: '2026-11-20',
      shelfLifeDays: 7,
      quantity: 12.5,
      unit: 'kg',
      unitPriceFen: 320,
      farmBaseName: '河市基地',
      certificateIds: ['a', 'b', 'c'],
      note: '备注',
    });
    expect(content.rows[1]!.line).toMatchObject({ productionDate: '2026-11-03', expiryDate: '2026-11-30', quantity: '3', unitPriceFen: 5 });
    expect(content.rows[2]!.line).toMatchObject({ productionDate: '2026-11-20', expiryDate: '2026-12-01' });
    expect(content.rows.map((row) => row.unreadable)).toEqual([[], [], ['unitPriceFen']]);
    expect(content.issues).toEqual([
      { path: 'lines.2.unitPriceFen', row: 5, column: '单价(元)', message: '第 5 行「单价(元)」：单价不是有效的数字', messageEn: 'Row 5, unitPrice: The unit price is not a number' },
    ]);
  });

  it('reads every unreadable cell of a row, not only the first', async () => {
    const data = await xlsx([HEADER, ['ING-1', 'L001', '2026-11-20', '3.5', null, 1, 'kg', '-1.234', null, null, null]]);
    const content = await readManifestFile(upload(data, 'xlsx'));
    expect(content.rows[0]!.unreadable).toEqual(['shelfLifeDays', 'unitPriceFen']);
    expect(content.issues.map((issue) => issue.message)).toEqual(['第 2 行「保质期(天)」：保质期应为整数天数', '第 2 行「单价(元)」：单价（元）最多 2 位小数']);
  });

  it('reads a CSV saved by Chinese Excel (GB18030)', async () => {
    const content = await readManifestFile(upload(gb18030Manifest({ code: 'ING-1', lot: 'L001', day: '2026-11-20' }), 'csv'));
    expect(content.issues).toEqual([]);
    expect(content.rows.map((row) => row.line)).toEqual([
      { ingredientCode: 'ING-1', lotCode: 'L001', productionDate: '2026-11-20', shelfLifeDays: 5, quantity: '12.5', unit: 'kg', unitPriceFen: 450, note: GB18030_NOTE },
    ]);
  });

  it('refuses a file without a required column, naming each', async () => {
    const data = await xlsx([['食材名称', '生产日期', '数量'], ['白菜', '2026-11-20', 1]]);
    const error = await readManifestFile(upload(data, 'xlsx')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('FILE_COLUMNS_MISSING');
    expect((error as AppError).issues?.map((issue) => issue.message)).toEqual(['缺少「批次号」列', '缺少「单位」列', '缺少「单价(元)」列', '缺少「到期日期」列']);
  });

  it('refuses a file that is not a readable workbook, and one without data rows', async () => {
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('xl/ not a zip')]);
    await expect(readManifestFile(upload(broken, 'xlsx'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    await expect(readManifestFile(upload(Buffer.from(`${HEADER.join(',')}\n,,,\n`), 'csv'))).rejects.toMatchObject({ code: 'FILE_EMPTY' });
  });

  it('builds a template whose header row reads back, with the catalogue on its own sheet', async () => {
    const data = await buildTemplate(
      [{ code: 'VEG-001', name: '大白菜', category: 'vegetables', unit: 'kg', unitDecimals: 2, shelfLifeDays: 5, coldChain: 'ambient', quarantineRequired: false }],
      ['河市基地'],
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['送货单', '食材编码', '产地基地', '填写说明']);
    expect(workbook.getWorksheet('食材编码')!.getRow(2).getCell(2).value).toBe('大白菜');
    const content = await readManifestFile(upload(data, 'xlsx')).catch((e: unknown) => e);
    // The empty template has every column and no data rows.
    expect((content as AppError).code).toBe('FILE_EMPTY');
  });
});
