// Relative imports only: the demo seed and the import command load this file without the API's path aliases.
import {
  ENERGY_CHECK_MIN_KCAL,
  ENERGY_TOLERANCE,
  FOOD_CODE_PATTERN,
  FOOD_CSV_COLUMNS,
  FOOD_GROUPS,
  FOOD_GROUP_NAMES,
  FOOD_IMPORT_MAX_ROWS,
  type FoodGroup,
  KCAL_PER_G,
  NUTRIENTS,
  NUTRIENT_INFO,
  type Nutrient,
  type TFoodImportIssue,
  type TNutrientValues,
  VEGETABLE_COLOURS,
  VEGETABLE_COLOUR_NAMES,
  type VegetableColour,
} from '@canteen/shared';
import { parseCsv } from '../../common/http/csv';

/** One validated food of an import file. */
export interface FoodRow {
  row: number;
  code: string;
  name: string;
  foodGroup: FoodGroup;
  ediblePercent: number;
  /** Absent when the file has no vegetable_colour column: the stored colour is kept. */
  vegetableColour?: VegetableColour | null;
  per100g: TNutrientValues;
  source: string;
}

export type FoodFileResult =
  | { ok: true; rows: FoodRow[]; skippedChecks: TFoodImportIssue[] }
  | { ok: false; code: string; zh: string; en: string; issues: TFoodImportIssue[] };

const COLUMN_NAMES: Record<string, string> = {
  code: '编码',
  name: '名称',
  food_group: '食物类别',
  edible_percent: '食部(%)',
  vegetable_colour: '蔬菜颜色',
  ...Object.fromEntries(NUTRIENTS.map((n) => [NUTRIENT_INFO[n].csv, `${NUTRIENT_INFO[n].zh}(${NUTRIENT_INFO[n].unit})`])),
  source: '数据来源',
};

/** PostgreSQL text cannot hold NUL, and no name needs the other C0 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** A refusal names at most this many problems (and how many there were). */
const MAX_REPORTED_ISSUES = 500;

/** Upper bounds per 100 g: beyond them the value is in the wrong unit (kJ for kcal, mg for g …). */
const NUTRIENT_MAX: Record<Nutrient, number> = {
  energyKcal: 950,
  proteinG: 100,
  fatG: 100,
  carbohydrateG: 100,
  fibreG: 100,
  calciumMg: 100_000,
  ironMg: 100_000,
  zincMg: 100_000,
  vitaminAUg: 1_000_000,
  vitaminCMg: 100_000,
  sodiumMg: 100_000,
};

// Maps, not object literals: a cell reading "constructor" must not find Object.prototype's.
const GROUP_ALIASES = new Map<string, FoodGroup>(
  FOOD_GROUPS.flatMap((group): [string, FoodGroup][] => [
    [group, group],
    [FOOD_GROUP_NAMES[group].zh, group],
  ]),
);

const COLOUR_ALIASES = new Map<string, VegetableColour>(
  VEGETABLE_COLOURS.flatMap((colour): [string, VegetableColour][] => [
    [colour, colour],
    [VEGETABLE_COLOUR_NAMES[colour].zh, colour],
    [`${VEGETABLE_COLOUR_NAMES[colour].zh}蔬菜`, colour],
  ]),
);

function issue(row: number, column: string, zh: string, en: string): TFoodImportIssue {
  const label = COLUMN_NAMES[column];
  const where = column ? `「${column}${label ? ` ${label}` : ''}」` : '';
  return { row, column, message: `第 ${row} 行${where}：${zh}`, messageEn: `Row ${row}${column ? `, ${column}` : ''}: ${en}` };
}

const refused = (issues: TFoodImportIssue[]): FoodFileResult => ({
  ok: false,
  code: 'FOOD_FILE_INVALID',
  zh: `食物成分表有 ${issues.length} 处错误，整个文件未导入`,
  en: `The food composition file has ${issues.length} error(s); nothing was imported`,
  issues: issues.slice(0, MAX_REPORTED_ISSUES),
});

const fileRefused = (code: string, zh: string, en: string): FoodFileResult => ({ ok: false, code, zh, en, issues: [issue(1, '', zh, en)] });

/**
 * UTF-8 (a BOM is dropped). A file that is not UTF-8 but reads as GB18030/GBK is refused by name:
 * guessing an encoding would store garbled names without anyone noticing.
 */
export function decodeFoodCsv(data: Buffer): { text: string } | { refused: FoodFileResult } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '') };
  } catch {
    try {
      new TextDecoder('gb18030', { fatal: true }).decode(data);
      return {
        refused: fileRefused(
          'FILE_ENCODING_GBK',
          '文件是 GBK/GB18030 编码，请在 Excel 中另存为「CSV UTF-8（逗号分隔）」后再导入',
          'The file is GBK/GB18030-encoded; save it as "CSV UTF-8 (comma delimited)" and import again',
        ),
      };
    } catch {
      return { refused: fileRefused('FILE_ENCODING', '文件不是 UTF-8 编码的文本', 'The file is not UTF-8 text') };
    }
  }
}

/** A plain decimal, or "Tr" (trace, as the printed tables write it) for 0. */
function readNumber(text: string): number | undefined {
  if (/^tr$/i.test(text)) return 0;
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The one validator of food composition files, shared by `pnpm nutrition:import` and
 * POST /api/nutrition/foods/import. Lines starting with # before the header are comments; columns
 * beyond ours (a licensed table has many more nutrients) are ignored, and `vegetable_colour` is
 * optional (without it, the stored colours are kept). A file with any bad row is refused whole, each
 * problem named by row and column.
 */
export function validateFoodCsv(data: Buffer, options: { defaultSource?: string } = {}): FoodFileResult {
  const decoded = decodeFoodCsv(data);
  if ('refused' in decoded) return decoded.refused;
  const records = parseCsv(decoded.text);
  const headerIndex = records.findIndex((cells) => !(cells[0] ?? '').trim().startsWith('#') && cells.some((cell) => cell.trim() !== ''));
  if (headerIndex < 0) return fileRefused('FILE_EMPTY', '文件中没有表头和数据', 'The file has no header and no data');

  const positions = new Map<string, number>();
  const issues: TFoodImportIssue[] = [];
  const headerRow = headerIndex + 1;
  records[headerIndex]!.forEach((cell, position) => {
    const name = cell.trim().toLowerCase();
    if (!name) return;
    if (positions.has(name)) issues.push(issue(headerRow, name, '列名重复', 'duplicate column'));
    else positions.set(name, position);
  });
  const required = FOOD_CSV_COLUMNS.filter((column) => column !== 'source' || !options.defaultSource);
  for (const column of required) {
    if (!positions.has(column)) issues.push(issue(headerRow, column, '缺少必需的列', 'required column missing'));
  }
  if (issues.length > 0) return refused(issues);

  const rows: FoodRow[] = [];
  const skippedChecks: TFoodImportIssue[] = [];
  const firstRowOfCode = new Map<string, number>();
  for (let index = headerIndex + 1; index < records.length; index++) {
    const cells = records[index]!;
    if (cells.every((cell) => cell.trim() === '')) continue;
    const row = index + 1;
    const cell = (column: string) => (cells[positions.get(column) ?? -1] ?? '').trim();
    const before = issues.length;

    const code = cell('code');
    if (!FOOD_CODE_PATTERN.test(code)) issues.push(issue(row, 'code', '编码应为 1–32 位字母、数字、.、- 或 _', 'the code is 1–32 letters, digits, ., - or _'));
    else if (firstRowOfCode.has(code)) issues.push(issue(row, 'code', `编码与第 ${firstRowOfCode.get(code)} 行重复`, `duplicate of row ${firstRowOfCode.get(code)}`));
    else firstRowOfCode.set(code, row);

    const name = cell('name');
    if (name.length < 1 || name.length > 100) issues.push(issue(row, 'name', '名称应为 1–100 个字', 'the name is 1–100 characters'));
    else if (CONTROL_CHARACTER.test(name)) issues.push(issue(row, 'name', '含有控制字符', 'contains a control character'));

    const foodGroup = GROUP_ALIASES.get(cell('food_group')) ?? GROUP_ALIASES.get(cell('food_group').toLowerCase());
    if (!foodGroup) issues.push(issue(row, 'food_group', `未知的食物类别，应为 ${FOOD_GROUPS.join('、')} 之一`, `unknown food group; use one of ${FOOD_GROUPS.join(', ')}`));

    let vegetableColour: VegetableColour | null | undefined;
    if (positions.has('vegetable_colour')) {
      const text = cell('vegetable_colour');
      const colour = text === '' ? null : COLOUR_ALIASES.get(text.toLowerCase());
      if (colour === undefined) {
        issues.push(issue(row, 'vegetable_colour', '应为 dark（深色）、light（浅色），非新鲜蔬菜留空', 'use dark or light; leave it empty for anything but a fresh vegetable'));
      } else if (colour !== null && foodGroup !== undefined && foodGroup !== 'vegetables') {
        issues.push(issue(row, 'vegetable_colour', '只有蔬菜类才分深色、浅色', 'only vegetables are dark or light'));
      } else vegetableColour = colour;
    }

    const edible = readNumber(cell('edible_percent'));
    if (edible === undefined || edible < 1 || edible > 100) issues.push(issue(row, 'edible_percent', '食部应为 1–100 之间的数字', 'the edible portion is a number from 1 to 100'));

    const per100g = {} as TNutrientValues;
    for (const nutrient of NUTRIENTS) {
      const column = NUTRIENT_INFO[nutrient].csv;
      const value = readNumber(cell(column));
      if (value === undefined) issues.push(issue(row, column, '应为数字（微量可写 Tr，缺失请填 0）', 'not a number (write Tr for a trace, 0 when absent)'));
      else if (value < 0) issues.push(issue(row, column, '不能为负数', 'may not be negative'));
      else if (value > NUTRIENT_MAX[nutrient]) issues.push(issue(row, column, `超过每 100 g 可能的最大值 ${NUTRIENT_MAX[nutrient]}，单位是否有误？`, `above the possible ${NUTRIENT_MAX[nutrient]} per 100 g; wrong unit?`));
      else per100g[nutrient] = round3(value);
    }

    const source = cell('source') || options.defaultSource || '';
    if (source.length < 1 || source.length > 300) issues.push(issue(row, 'source', '请注明数据来源（不超过 300 字）', 'name the source (at most 300 characters)'));
    else if (CONTROL_CHARACTER.test(source)) issues.push(issue(row, 'source', '含有控制字符', 'contains a control character'));

    if (issues.length === before) {
      const { proteinG: p, fatG: f, carbohydrateG: c, fibreG: fibre, energyKcal: energy } = per100g;
      if (fibre > c) issues.push(issue(row, 'fibre_g', '膳食纤维不能大于碳水化合物', 'fibre may not exceed carbohydrate'));
      if (p + f + c > 105) issues.push(issue(row, 'carbohydrate_g', '蛋白质、脂肪、碳水化合物之和超过 100 g', 'protein, fat and carbohydrate add up to more than 100 g'));
      // 中国食物成分表 counts fibre at 2 kcal/g and carbohydrate by difference, so the stated energy lies
      // between 4/9/4 on available carbohydrate (without fibre) and 4/9/4 on total carbohydrate.
      const high = KCAL_PER_G.protein * p + KCAL_PER_G.fat * f + KCAL_PER_G.carbohydrate * c;
      const low = high - KCAL_PER_G.carbohydrate * fibre;
      if (foodGroup === 'condiment') {
        skippedChecks.push(issue(row, 'energy_kcal', '调味品含酒精、有机酸等，不做 4/9/4 能量核对', 'condiments hold alcohol and organic acids: 4/9/4 energy check skipped'));
      } else if (Math.max(energy, high) < ENERGY_CHECK_MIN_KCAL) {
        skippedChecks.push(issue(row, 'energy_kcal', `能量低于 ${ENERGY_CHECK_MIN_KCAL} kcal，取整误差大，不做 4/9/4 核对`, `under ${ENERGY_CHECK_MIN_KCAL} kcal rounding dominates: 4/9/4 energy check skipped`));
      } else if (energy < low * (1 - ENERGY_TOLERANCE) || energy > high * (1 + ENERGY_TOLERANCE)) {
        issues.push(
          issue(
            row,
            'energy_kcal',
            `能量 ${energy} kcal 与按 4/9/4 kcal/g 计算的 ${Math.round(low)}–${Math.round(high)} kcal 相差超过 ${ENERGY_TOLERANCE * 100}%（是否误填千焦？）`,
            `energy ${energy} kcal is more than ${ENERGY_TOLERANCE * 100}% off the ${Math.round(low)}–${Math.round(high)} kcal from 4/9/4 kcal per g (kJ entered?)`,
          ),
        );
      }
    }

    if (issues.length === before) {
      rows.push({ row, code, name, foodGroup: foodGroup!, ediblePercent: edible!, ...(vegetableColour !== undefined ? { vegetableColour } : {}), per100g, source });
    }
    if (rows.length + issues.length > FOOD_IMPORT_MAX_ROWS) {
      return fileRefused('TOO_MANY_ROWS', `一次最多导入 ${FOOD_IMPORT_MAX_ROWS} 行`, `At most ${FOOD_IMPORT_MAX_ROWS} rows per import`);
    }
  }
  if (issues.length > 0) return refused(issues);
  if (rows.length === 0) return fileRefused('FILE_EMPTY', '文件中没有数据行', 'The file has no data rows');
  return { ok: true, rows, skippedChecks };
}
