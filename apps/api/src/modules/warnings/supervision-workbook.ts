import ExcelJS from 'exceljs';
import type { TSupervisionReport } from '@canteen/shared';
import { SCORE_WEIGHTS } from './supervision-score';

const LEVEL_NAMES: Record<string, string> = { city: '市级', county: '县级', school: '学校' };

const COLUMNS: { header: string; width: number; value: (row: TSupervisionReport['rows'][number]) => ExcelJS.CellValue }[] = [
  { header: '排名', width: 7, value: (row) => row.rank },
  { header: '单位', width: 30, value: (row) => row.unit.name },
  { header: '层级', width: 8, value: (row) => LEVEL_NAMES[row.unit.level] ?? row.unit.level },
  { header: '收到预警', width: 10, value: (row) => row.received },
  { header: '按时确认', width: 10, value: (row) => row.acknowledgedOnTime },
  { header: '逾期确认', width: 10, value: (row) => row.acknowledgedLate },
  { header: '按时处置', width: 10, value: (row) => row.handledOnTime },
  { header: '逾期处置', width: 10, value: (row) => row.handledLate },
  { header: '超时被升级', width: 11, value: (row) => row.escalatedAway },
  { header: '被退回重办', width: 11, value: (row) => row.reopened },
  { header: '失职分值', width: 10, value: (row) => row.score },
];

/** 靶向监管 export: the ranking as shown, and how the score is made. */
export async function supervisionWorkbook(report: TSupervisionReport, about: { unit: string; generatedAt: string; generatedBy: string }): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '互联网+明厨亮灶 风险预警';
  book.created = new Date();

  const sheet = book.addWorksheet('靶向监管排名', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((column) => ({ header: column.header, width: column.width }));
  for (const row of report.rows) sheet.addRow(COLUMNS.map((column) => column.value(row)));
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn(COLUMNS.length).numFmt = '0.0';
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, sheet.rowCount), column: COLUMNS.length } };

  const info = book.addWorksheet('说明');
  info.columns = [{ width: 14 }, { width: 80 }];
  info.addRow(['靶向监管（履职情况排名）']).font = { bold: true, size: 14 };
  info.addRow(['范围', `${about.unit}下属各级管理单位（市、县、学校）`]);
  info.addRow(['统计期间', `${report.from} 至 ${report.to}`]);
  info.addRow(['生成时间', about.generatedAt]);
  info.addRow(['生成人', about.generatedBy]);
  info.addRow(['收到预警', '期间内在本单位产生或由下级升级至本单位的预警数']);
  info.addRow(['按时确认 / 按时处置', '在本级确认时限 / 处置时限内完成的确认、处置次数（退回后重新计时）']);
  info.addRow(['逾期确认 / 逾期处置', '超过时限、但在被升级之前完成的确认、处置次数；尚在时限内未完成的预警不计入']);
  info.addRow(['超时被升级', '因超过确认或处置时限被自动升级至上级的次数']);
  info.addRow(['被退回重办', '本单位的处置被上级审核退回的次数']);
  info.addRow([
    '失职分值',
    `每百条所持预警的失职分：超时被升级每次 ${SCORE_WEIGHTS.escalatedAway} 分，被退回每次 ${SCORE_WEIGHTS.reopened} 分，逾期确认或处置每次 ${SCORE_WEIGHTS.late} 分；分值越高，履职越不到位；超时被升级记 2 分，故可超过 100`,
  ]);
  info.getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await book.xlsx.writeBuffer());
}
