import ExcelJS from 'exceljs';
import {
  FOOD_GROUP_NAMES,
  type FoodGroup,
  MANIFEST_FILE_COLUMNS,
  MANIFEST_MAX_LINES,
  MANIFEST_UNIT_ALIASES,
  type ManifestFileColumnKey,
  type TManifestIssue,
} from '@canteen/shared';
import { AppError, badRequest } from '@/common/http/app-error';
import { type Upload, decodeCsv } from '@/common/storage/uploads';
import { toDay } from './delivery-rules';
import { parseCsv } from '@/common/http/csv';

export { parseCsv };

/** A data row of an uploaded manifest: its spreadsheet row number and the line it describes. */
export interface ManifestFileRow {
  row: number;
  line: Record<string, unknown>;
  /** The line fields whose cell could not be read (a price that is not a number, …), already reported. */
  unreadable: string[];
}

export interface ManifestFileContent {
  columns: Set<ManifestFileColumnKey>;
  rows: ManifestFileRow[];
  issues: TManifestIssue[];
}

type Raw = string | number | Date | undefined;

const HEADER_ALIASES: Record<string, ManifestFileColumnKey> = {
  ...Object.fromEntries(MANIFEST_FILE_COLUMNS.map((column) => [normaliseHeader(column.header), column.key])),
  编码: 'ingredientCode',
  食材: 'ingredientName',
  品名: 'ingredientName',
  批号: 'lotCode',
  生产批次: 'lotCode',
  保质期: 'shelfLifeDays',
  到期日: 'expiryDate',
  有效期至: 'expiryDate',
  单价: 'unitPrice',
  产地: 'farmBase',
  基地: 'farmBase',
  证书: 'certificates',
};

export const COLUMN_HEADERS = Object.fromEntries(MANIFEST_FILE_COLUMNS.map((column) => [column.key, column.header])) as Record<
  ManifestFileColumnKey,
  string
>;

const FIELD_COLUMNS: Record<string, ManifestFileColumnKey> = {
  ingredientCode: 'ingredientCode',
  ingredientName: 'ingredientName',
  lotCode: 'lotCode',
  productionDate: 'productionDate',
  shelfLifeDays: 'shelfLifeDays',
  expiryDate: 'expiryDate',
  quantity: 'quantity',
  unit: 'unit',
  unitPriceFen: 'unitPrice',
  farmBaseId: 'farmBase',
  farmBaseName: 'farmBase',
  certificateIds: 'certificates',
  note: 'note',
};

/** The column of the file where a line field's problem lies (one of two alternatives may be absent). */
export function fileColumnFor(field: string, columns: Set<ManifestFileColumnKey>): ManifestFileColumnKey {
  const key = FIELD_COLUMNS[field.split('.')[0]!] ?? 'ingredientCode';
  const alternative: Partial<Record<ManifestFileColumnKey, ManifestFileColumnKey>> = {
    ingredientCode: 'ingredientName',
    ingredientName: 'ingredientCode',
    expiryDate: 'shelfLifeDays',
    shelfLifeDays: 'expiryDate',
  };
  return columns.has(key) ? key : (alternative[key] ?? key);
}

function normaliseHeader(text: string): string {
  return text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
}

/** The issue of one cell, with its row and column named in both languages. */
export function cellIssue(row: number, index: number, key: ManifestFileColumnKey, field: string, zh: string, en: string): TManifestIssue {
  const column = COLUMN_HEADERS[key];
  return { path: `lines.${index}.${field}`, row, column, message: `第 ${row} 行「${column}」：${zh}`, messageEn: `Row ${row}, ${key}: ${en}` };
}

const unreadableFile = () =>
  badRequest('FILE_UNREADABLE', '无法读取该文件，请使用下载的模板（.xlsx）或 CSV（UTF-8 或 GBK 编码）', 'The file cannot be read; use the downloaded template (.xlsx) or a CSV (UTF-8 or GBK)');

/** Reads an uploaded .xlsx or .csv into lines; refuses the whole file when its columns are wrong. */
export async function readManifestFile(upload: Upload): Promise<ManifestFileContent> {
  const table = upload.kind === 'csv' ? readCsv(upload.data) : await readXlsx(upload.data);
  const headerIndex = table.slice(0, 5).findIndex((cells) => cells.filter((cell) => typeof cell === 'string' && HEADER_ALIASES[normaliseHeader(cell)]).length >= 2);
  if (headerIndex < 0) {
    throw new AppError(400, 'FILE_COLUMNS_MISSING', '文件前 5 行中找不到表头（食材编码、批次号、生产日期……），请使用下载的模板', 'No header row (食材编码, 批次号, 生产日期 …) in the first 5 rows; use the template', [
      { path: 'columns', message: '找不到表头行', messageEn: 'No header row found' },
    ]);
  }
  const positions = new Map<ManifestFileColumnKey, number>();
  table[headerIndex]!.forEach((cell, position) => {
    const key = typeof cell === 'string' ? HEADER_ALIASES[normaliseHeader(cell)] : undefined;
    if (key && !positions.has(key)) positions.set(key, position);
  });
  assertColumns(new Set(positions.keys()));

  const rows: ManifestFileRow[] = [];
  const issues: TManifestIssue[] = [];
  table.slice(headerIndex + 1).forEach((cells, offset) => {
    const row = headerIndex + offset + 2;
    const values = new Map<ManifestFileColumnKey, Raw>();
    for (const [key, position] of positions) values.set(key, cells[position]);
    if ([...values.values()].every((value) => value === undefined)) return;
    rows.push({ row, ...toLine(values, row, rows.length, issues) });
  });
  if (rows.length === 0) throw badRequest('FILE_EMPTY', '文件中没有数据行', 'The file has no data rows');
  if (rows.length > MANIFEST_MAX_LINES) {
    throw badRequest('TOO_MANY_LINES', `一张送货单最多 ${MANIFEST_MAX_LINES} 行，文件有 ${rows.length} 行`, `A manifest has at most ${MANIFEST_MAX_LINES} lines; the file has ${rows.length}`);
  }
  return { columns: new Set(positions.keys()), rows, issues };
}

function assertColumns(present: Set<ManifestFileColumnKey>): void {
  const missing: TManifestIssue[] = [];
  const need = (zh: string, en: string) =>
    missing.push({ path: 'columns', column: zh, message: `缺少「${zh}」列`, messageEn: `Missing column ${en}` });
  if (!present.has('ingredientCode') && !present.has('ingredientName')) need('食材编码', '食材编码 (or 食材名称)');
  for (const column of MANIFEST_FILE_COLUMNS) if (column.required && !present.has(column.key)) need(column.header, column.header);
  if (!present.has('shelfLifeDays') && !present.has('expiryDate')) need('到期日期', '到期日期 (or 保质期(天))');
  if (missing.length > 0) {
    const names = missing.map((issue) => `「${issue.column}」`).join('');
    throw new AppError(400, 'FILE_COLUMNS_MISSING', `文件缺少必需的列：${names}`, `The file lacks required columns: ${missing.map((issue) => issue.column).join(', ')}`, missing);
  }
}

function toLine(values: Map<ManifestFileColumnKey, Raw>, row: number, index: number, issues: TManifestIssue[]): Omit<ManifestFileRow, 'row'> {
  const line: Record<string, unknown> = {};
  const unreadable: string[] = [];
  const set = (field: string, value: unknown) => {
    if (value !== undefined) line[field] = value;
  };
  const refuse = (key: ManifestFileColumnKey, field: string, zh: string, en: string) => {
    issues.push(cellIssue(row, index, key, field, zh, en));
    unreadable.push(field);
  };
  set('ingredientCode', text(values.get('ingredientCode')));
  set('ingredientName', text(values.get('ingredientName')));
  set('lotCode', text(values.get('lotCode')));
  set('productionDate', day(values.get('productionDate')));
  set('expiryDate', day(values.get('expiryDate')));
  set('note', text(values.get('note')));
  set('farmBaseName', text(values.get('farmBase')));
  const quantity = values.get('quantity');
  set('quantity', typeof quantity === 'string' ? withoutThousands(quantity.trim()) : quantity instanceof Date ? toDay(quantity) : quantity);
  const unit = text(values.get('unit'));
  set('unit', unit === undefined ? undefined : (MANIFEST_UNIT_ALIASES[unit] ?? unit));

  const shelfLife = text(values.get('shelfLifeDays'));
  if (shelfLife !== undefined) {
    if (/^\d+$/.test(shelfLife)) set('shelfLifeDays', Number(shelfLife));
    else refuse('shelfLifeDays', 'shelfLifeDays', '保质期应为整数天数', 'Shelf life is a whole number of days');
  }
  const price = withoutThousands(text(values.get('unitPrice')));
  if (price !== undefined) {
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(price.replace(/^[¥￥]/, ''));
    if (!match) refuse('unitPrice', 'unitPriceFen', '单价不是有效的数字', 'The unit price is not a number');
    else if ((match[3] ?? '').replace(/0+$/, '').length > 2) {
      refuse('unitPrice', 'unitPriceFen', '单价（元）最多 2 位小数', 'The unit price (yuan) has at most 2 decimals');
    } else {
      const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0').slice(0, 2));
      set('unitPriceFen', match[1] ? -fen : fen);
    }
  }
  const certificates = text(values.get('certificates'));
  set('certificateIds', certificates === undefined ? undefined : certificates.split(/[\s,，;；]+/).filter(Boolean));
  return { line, unreadable };
}

/** '1,250.5' → '1250.5': spreadsheets saved with number formatting keep their separators in CSV. */
function withoutThousands<T extends string | undefined>(value: T): T {
  return (value && /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(value) ? value.replaceAll(',', '') : value) as T;
}

function text(value: Raw): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) return toDay(value);
  const result = typeof value === 'number' ? String(Number(value.toPrecision(15))) : value.trim();
  return result === '' ? undefined : result;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A date cell, an Excel serial number, or text such as 2026/11/29, 2026.11.29, 2026年11月29日, 20261129. */
function day(value: Raw): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid' : toDay(value);
  if (typeof value === 'number') {
    return value >= 1 && value < 2_958_466 ? toDay(new Date(EXCEL_EPOCH + Math.floor(value) * 86_400_000)) : String(value);
  }
  const raw = text(value);
  if (raw === undefined) return undefined;
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(raw) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  return match ? `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}` : raw;
}

async function readXlsx(data: Buffer): Promise<Raw[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as its own Buffer (an ArrayBuffer); at runtime it takes a Node Buffer.
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch {
    throw unreadableFile();
  }
  const sheet = workbook.getWorksheet('送货单') ?? workbook.worksheets[0];
  if (!sheet) throw unreadableFile();
  const table: Raw[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: Raw[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      cells[columnNumber - 1] = cellValue(cell.value);
    });
    table[rowNumber - 1] = cells;
  });
  return Array.from(table, (cells) => cells ?? []);
}

function cellValue(value: ExcelJS.CellValue): Raw {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return value.error;
  if ('result' in value) return value.result === undefined ? undefined : cellValue(value.result);
  return undefined;
}

function readCsv(data: Buffer): Raw[][] {
  const content = decodeCsv(data);
  if (content === undefined) throw unreadableFile();
  return parseCsv(content).map((cells) => cells.map((cell) => (cell.trim() === '' ? undefined : cell.trim())));
}

// ─── The template ───

export interface TemplateIngredient {
  code: string;
  name: string;
  category: string;
  unit: string;
  unitDecimals: number;
  shelfLifeDays: number | null;
  coldChain: string;
  quarantineRequired: boolean;
}

const COLD_CHAIN_NAMES: Record<string, string> = { ambient: '常温', chilled: '冷藏 0–8 °C', frozen: '冷冻 ≤ −12 °C' };
const TEMPLATE_ROWS = 500;

/** The upload template: the manifest sheet with Chinese headers, the valid ingredient codes, the supplier's farm bases and how to fill it in. */
export async function buildTemplate(ingredients: TemplateIngredient[], farmBases: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '互联网+明厨亮灶';
  const sheet = workbook.addWorksheet('送货单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = MANIFEST_FILE_COLUMNS.map((column) => ({ header: column.header, key: column.key, width: column.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell, columnNumber) => {
    const column = MANIFEST_FILE_COLUMNS[columnNumber - 1]!;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: column.required ? 'FFFCE4D6' : 'FFDDEBF7' } };
  });
  for (const key of ['productionDate', 'expiryDate'] as const) sheet.getColumn(key).numFmt = 'yyyy-mm-dd';
  sheet.getColumn('lotCode').numFmt = '@';
  sheet.getColumn('ingredientCode').numFmt = '@';
  const unitColumn = sheet.getColumn('unit').letter;
  const codeColumn = sheet.getColumn('ingredientCode').letter;
  const farmColumn = sheet.getColumn('farmBase').letter;
  for (let row = 2; row <= TEMPLATE_ROWS + 1; row++) {
    sheet.getCell(`${unitColumn}${row}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"kg,g,L,mL,piece,box,bag"'],
    };
    if (ingredients.length > 0) {
      sheet.getCell(`${codeColumn}${row}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`'食材编码'!$A$2:$A$${ingredients.length + 1}`],
      };
    }
    if (farmBases.length > 0) {
      sheet.getCell(`${farmColumn}${row}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`'产地基地'!$A$2:$A$${farmBases.length + 1}`],
      };
    }
  }

  const catalogue = workbook.addWorksheet('食材编码', { views: [{ state: 'frozen', ySplit: 1 }] });
  catalogue.columns = [
    { header: '食材编码', key: 'code', width: 14 },
    { header: '食材名称', key: 'name', width: 16 },
    { header: '类别', key: 'category', width: 12 },
    { header: '单位', key: 'unit', width: 8 },
    { header: '数量小数位', key: 'unitDecimals', width: 10 },
    { header: '默认保质期(天)', key: 'shelfLifeDays', width: 14 },
    { header: '贮存条件', key: 'coldChain', width: 14 },
    { header: '须附检疫合格证明', key: 'quarantine', width: 16 },
  ];
  catalogue.getRow(1).font = { bold: true };
  for (const ingredient of ingredients) {
    catalogue.addRow({
      ...ingredient,
      category: FOOD_GROUP_NAMES[ingredient.category as FoodGroup]?.zh ?? ingredient.category,
      shelfLifeDays: ingredient.shelfLifeDays ?? '无保质期',
      coldChain: COLD_CHAIN_NAMES[ingredient.coldChain] ?? ingredient.coldChain,
      quarantine: ingredient.quarantineRequired ? '是' : '否',
    });
  }

  const bases = workbook.addWorksheet('产地基地');
  bases.columns = [{ header: '产地基地', key: 'name', width: 30 }];
  bases.getRow(1).font = { bold: true };
  for (const name of farmBases) bases.addRow({ name });

  const help = workbook.addWorksheet('填写说明');
  help.getColumn(1).width = 110;
  [
    '送货单填写说明',
    '1. 每行一个批次。橙色表头为必填列；「食材编码」与「食材名称」至少填一项，名称须与食材目录完全一致（见「食材编码」工作表）。',
    '2. 日期格式为 YYYY-MM-DD（如 2026-11-29），也可用 Excel 日期单元格。',
    '3. 「保质期(天)」与「到期日期」至少填一项；「食材编码」表中标为“无保质期”的食材可都不填。到期日期不得早于生产日期。',
    '4. 「数量」须大于 0，小数位不超过该食材的「数量小数位」；「单位」须与食材目录一致（kg、g、L、mL、piece、box、bag，或 千克、克、升、毫升、个、箱、袋）。',
    '5. 「单价(元)」以元为单位，最多 2 位小数，不得为负数。',
    '6. 「产地基地」填写本公司已登记的基地名称（见「产地基地」工作表）。',
    '7. 「证书文件编号」填写先在平台上传的检疫合格证明、检测报告的文件编号，多个用逗号分隔。肉类须附动物检疫合格证明。',
    '8. 同一批次号只能对应一种食材。文件中任何一行有误，整份送货单都不会导入，请按错误清单修改后重新上传。',
    '9. 也可另存为 CSV 上传（UTF-8 或 Excel 默认的 GBK 编码均可），列名保持不变。',
  ].forEach((line, i) => {
    const cell = help.getCell(i + 1, 1);
    cell.value = line;
    if (i === 0) cell.font = { bold: true, size: 14 };
  });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
