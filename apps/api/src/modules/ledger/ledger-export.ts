import ExcelJS from 'exceljs';
import { FOOD_GROUP_NAMES, type TLedgerReport } from '@canteen/shared';
import { KIND_NAMES, MEAL_NAMES, UNIT_NAMES, asDate, asShanghaiTime } from '@/modules/trace/trace-workbook';
import type { ReportMovementRow } from './ledger-reports.repository';

const HASH_PREFIX = 16;

const unitName = (unit: string) => UNIT_NAMES[unit] ?? unit;
const yuan = (fen: number) => fen / 100;

/** What the cover sheet says about the canteen, the period and the chain, so an auditor can check it. */
export interface LedgerExportInfo {
  school: string;
  canteen: string;
  canteenCode: string;
  county: string;
  from: string;
  to: string;
  generatedAt: string;
  generatedBy: string;
  head: { seq: number; hash: string; sealedThrough: string | null } | null;
  digest: { day: string; root: string; keyId: string; checkpoint: { seq: number; hash: string } | null } | null;
}

type Row = TLedgerReport['rows'][number];
const SUMMARY_FIGURES: { key: Exclude<keyof Row, 'ingredient' | 'unit'>; name: string }[] = [
  { key: 'opening', name: '期初' },
  { key: 'stockIn', name: '入库' },
  { key: 'stockOut', name: '出库' },
  { key: 'returned', name: '退货' },
  { key: 'writtenOff', name: '报损' },
  { key: 'adjusted', name: '盘点调整' },
  { key: 'reversed', name: '冲正' },
  { key: 'closing', name: '期末' },
];

const MOVEMENT_COLUMNS: { header: string; width: number; numFmt?: string; value: (m: ReportMovementRow) => ExcelJS.CellValue }[] = [
  { header: '序号', width: 8, value: (m) => m.seq },
  { header: '记录时间', width: 19, numFmt: 'yyyy-mm-dd hh:mm:ss', value: (m) => asShanghaiTime(m.created_at.toISOString()) },
  { header: '业务日期', width: 12, numFmt: 'yyyy-mm-dd', value: (m) => asDate(m.occurred_on) },
  { header: '餐次', width: 7, value: (m) => (m.meal ? MEAL_NAMES[m.meal] : null) },
  { header: '类型', width: 10, value: (m) => KIND_NAMES[m.kind] ?? m.kind },
  { header: '食材编码', width: 12, value: (m) => m.ingredient_code },
  { header: '食材', width: 14, value: (m) => m.ingredient_name },
  { header: '批次号', width: 20, value: (m) => m.lot_code },
  { header: '供应商', width: 26, value: (m) => m.supplier_name ?? '（无送货单）' },
  { header: '数量', width: 11, numFmt: '0.###', value: (m) => Number(m.quantity) },
  { header: '单位', width: 7, value: (m) => unitName(m.unit) },
  { header: '单价（元）', width: 10, numFmt: '0.00', value: (m) => yuan(m.unit_price_fen) },
  { header: '金额（元）', width: 12, numFmt: '0.00', value: (m) => yuan(m.cost_fen) },
  { header: '原因', width: 28, value: (m) => m.reason },
  { header: '冲正关系', width: 16, value: (m) => reversalLink(m) },
  { header: '操作人', width: 12, value: (m) => m.created_by },
  { header: '哈希（前16位）', width: 18, value: (m) => m.hash.slice(0, HASH_PREFIX) },
];

function reversalLink(m: ReportMovementRow): string | null {
  if (m.reverses_seq !== null) return `冲正第 ${m.reverses_seq} 笔`;
  if (m.reversed_by_seq !== null) return `已被第 ${m.reversed_by_seq} 笔冲正`;
  return null;
}

/** 台账导出: the summary per ingredient, every movement of the period, and how to verify them. */
export async function ledgerWorkbook(report: TLedgerReport, movements: ReportMovementRow[], info: LedgerExportInfo): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '互联网+明厨亮灶 出入库台账';
  book.created = new Date();

  const summary = book.addWorksheet('台账汇总', { views: [{ state: 'frozen', ySplit: 1 }] });
  summary.columns = [
    { header: '类别', width: 10 },
    { header: '食材编码', width: 12 },
    { header: '食材', width: 14 },
    { header: '单位', width: 7 },
    ...SUMMARY_FIGURES.flatMap((f) => [
      { header: `${f.name}数量`, width: 11, style: { numFmt: '0.###' } },
      { header: `${f.name}金额（元）`, width: 13, style: { numFmt: '0.00' } },
    ]),
  ];
  for (const row of report.rows) {
    summary.addRow([
      FOOD_GROUP_NAMES[row.ingredient.category]?.zh ?? row.ingredient.category,
      row.ingredient.code,
      row.ingredient.name,
      unitName(row.unit),
      ...SUMMARY_FIGURES.flatMap((f) => [Number(row[f.key].quantity), yuan(row[f.key].valueFen)]),
    ]);
  }
  const totals = summary.addRow([
    '合计',
    null,
    null,
    null,
    ...SUMMARY_FIGURES.flatMap((f) => [null, yuan(report.rows.reduce((sum, row) => sum + row[f.key].valueFen, 0))]),
  ]);
  totals.font = { bold: true };
  summary.getRow(1).font = { bold: true };
  summary.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, report.rows.length + 1), column: 4 + SUMMARY_FIGURES.length * 2 } };

  const detail = book.addWorksheet('流水明细', { views: [{ state: 'frozen', ySplit: 1 }] });
  detail.columns = MOVEMENT_COLUMNS.map((c) => ({ header: c.header, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  for (const movement of movements) detail.addRow(MOVEMENT_COLUMNS.map((c) => c.value(movement)));
  detail.getRow(1).font = { bold: true };
  detail.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, movements.length + 1), column: MOVEMENT_COLUMNS.length } };

  const about = book.addWorksheet('说明');
  about.columns = [{ width: 18 }, { width: 100 }];
  about.addRow(['食材出入库台账']).font = { bold: true, size: 14 };
  const lines: [string, string | number][] = [
    ['学校', info.school],
    ['食堂', `${info.canteen}（编码 ${info.canteenCode}）`],
    ['区县', info.county],
    ['期间', `${info.from} 至 ${info.to}`],
    ['生成时间', info.generatedAt],
    ['导出人', info.generatedBy],
    ['本期流水笔数', movements.length],
    ['账本链头', info.head && info.head.seq > 0 ? `第 ${info.head.seq} 笔，哈希 ${info.head.hash}` : '尚无流水'],
    ['已封存至', info.head?.sealedThrough ?? '尚未封存'],
    ['最新签名摘要', info.digest ? `${info.digest.day}，默克尔根 ${info.digest.root}，签名密钥 ${info.digest.keyId}` : '尚无签名摘要'],
    [
      '本食堂检查点',
      info.digest?.checkpoint ? `第 ${info.digest.checkpoint.seq} 笔，哈希 ${info.digest.checkpoint.hash}` : '—',
    ],
    ['符号', '数量与金额按记账方向带符号：入库为正，出库、退货、报损为负，盘点调整与冲正可正可负；期末 = 期初 + 本期各类流水之和。'],
    ['金额', '按批次进价计算，单位为元；每笔金额 = 数量 × 单价，四舍五入到分。'],
    ['冲正', '流水只增不改：错误以“冲正”流水更正，冲正关系列给出对应的序号。'],
    [
      '如何校验',
      '每笔流水的哈希 = sha256(上一笔哈希 + 该笔流水的规范化内容)，按序号连成链；每日各区县的链头汇总为默克尔根并以 Ed25519 签名（公钥：/api/ledger/public-key）。' +
        `在平台服务器上运行 pnpm ledger:verify --canteen ${info.canteenCode} 可重算整条链与签名摘要；主管部门也可在平台“账本校验”页面发起校验。` +
        '本表“哈希（前16位）”可与平台中的完整哈希逐笔核对。',
    ],
  ];
  for (const line of lines) about.addRow(line);
  about.getColumn(1).font = { bold: true };
  about.getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await book.xlsx.writeBuffer());
}
