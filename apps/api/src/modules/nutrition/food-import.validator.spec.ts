import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FOOD_CSV_COLUMNS } from '@canteen/shared';
import { type FoodFileResult, validateFoodCsv } from './food-import.validator';

const HEADER = FOOD_CSV_COLUMNS.join(',');
const RICE = 'T001,稻米,grains,100,345,7.7,0.6,77.4,0.6,11,1.1,1.45,0,0,2.4,test';
const csv = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`, 'utf8');

function refusal(result: FoodFileResult) {
  if (result.ok) throw new Error('expected a refusal');
  return result;
}
const where = (result: FoodFileResult) => refusal(result).issues.map((i) => `${i.row}:${i.column}`);

describe('validateFoodCsv', () => {
  it('accepts the shipped table: ≥ 150 foods, every WS/T group, checks skipped only with a reason', () => {
    const result = validateFoodCsv(readFileSync(path.resolve(__dirname, '../../../../../prisma/seed/food-composition.csv')));
    if (!result.ok) throw new Error(JSON.stringify(result.issues.slice(0, 5)));
    expect(result.rows.length).toBeGreaterThanOrEqual(150);
    expect(new Set(result.rows.map((r) => r.foodGroup)).size).toBe(11);
    expect(result.rows.every((r) => /中国食物成分表/.test(r.source))).toBe(true);
    // Every fresh vegetable is dark or light; dried and processed ones (木耳, 紫菜, 魔芋) carry neither.
    const colour = (name: string) => result.rows.find((r) => r.name.startsWith(name))?.vegetableColour;
    expect(['菠菜', '油菜', '西兰花', '胡萝卜', '番茄', '紫甘蓝', '苋菜', '蕹菜', '韭菜'].map(colour)).toEqual(Array(9).fill('dark'));
    expect(['大白菜', '黄瓜', '冬瓜', '白萝卜', '藕'].map(colour)).toEqual(Array(5).fill('light'));
    expect(['黑木耳（干）', '紫菜（干）', '魔芋'].map(colour)).toEqual([null, null, null]);
    expect(result.rows.filter((r) => r.foodGroup !== 'vegetables' && r.vegetableColour !== null)).toEqual([]);
    for (const skipped of result.skippedChecks) expect(skipped.messageEn).toMatch(/energy check skipped/);
  });

  it('reads a BOM, comment lines, Chinese group names, "Tr" and extra columns', () => {
    const result = validateFoodCsv(
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        csv('# licensed table, 2026 edition', `${HEADER},retinol_ug`, 'T002,鸡蛋,蛋类,87,139,13.1,8.6,2.4,Tr,56,1.6,0.89,255,0,131.5,licensed,234'),
      ]),
    );
    expect(result).toMatchObject({ ok: true, rows: [{ row: 3, code: 'T002', foodGroup: 'eggs', ediblePercent: 87, per100g: { fibreG: 0, energyKcal: 139 } }] });
  });

  it('refuses a file missing required columns, naming them', () => {
    const result = refusal(validateFoodCsv(csv('code,name,food_group,energy_kcal', 'T001,稻米,grains,345')));
    expect(result.code).toBe('FOOD_FILE_INVALID');
    expect(result.issues.map((i) => i.column)).toEqual(['edible_percent', 'protein_g', 'fat_g', 'carbohydrate_g', 'fibre_g', 'calcium_mg', 'iron_mg', 'zinc_mg', 'vitamin_a_ug', 'vitamin_c_mg', 'sodium_mg', 'source']);
    expect(result.issues[0]!.message).toBe('第 1 行「edible_percent 食部(%)」：缺少必需的列');
  });

  it('lets the importer name the source when the file has no source column', () => {
    const header = FOOD_CSV_COLUMNS.filter((c) => c !== 'source').join(',');
    const result = validateFoodCsv(csv(header, RICE.replace(/,test$/, '')), { defaultSource: '中国食物成分表 第6版（授权）' });
    expect(result).toMatchObject({ ok: true, rows: [{ source: '中国食物成分表 第6版（授权）' }] });
  });

  it('names every bad row and column in Chinese and English, refusing the whole file', () => {
    const result = validateFoodCsv(
      csv(
        HEADER,
        RICE,
        'T003,负数,vegetables,90,20,-1,0.2,4,1,50,0.8,0.3,10,30,50,test',
        'T004,纤维,vegetables,90,20,1.5,0.2,4,5,50,0.8,0.3,10,30,50,test',
        'T005,食部,fruit,0,50,0.4,0.2,13,1,4,0.3,0.04,4,3,1.3,test',
        'T006,千焦,grains,100,1444,7.7,0.6,77.4,0.6,11,1.1,1.45,0,0,2.4,test',
        'T007,类别,sweets,100,345,7.7,0.6,77.4,0.6,11,1.1,1.45,0,0,2.4,test',
        'T001,重复,grains,100,345,7.7,0.6,77.4,0.6,11,1.1,1.45,0,0,2.4,test',
        'T008,文字,grains,100,abc,7.7,0.6,77.4,0.6,11,1.1,1.45,0,0,2.4,test',
        'T009,能量,grains,100,100,7.7,0.6,77.4,0.6,11,1.1,1.45,0,0,2.4,test',
      ),
    );
    expect(where(result)).toEqual(['3:protein_g', '4:fibre_g', '5:edible_percent', '6:energy_kcal', '7:food_group', '8:code', '9:energy_kcal', '10:energy_kcal']);
    const messages = refusal(result).issues.map((i) => i.messageEn);
    expect(messages[0]).toBe('Row 3, protein_g: may not be negative');
    expect(messages[1]).toBe('Row 4, fibre_g: fibre may not exceed carbohydrate');
    expect(messages[3]).toMatch(/^Row 6, energy_kcal: above the possible 950 per 100 g/);
    expect(messages[5]).toBe('Row 8, code: duplicate of row 2');
    expect(messages[7]).toMatch(/energy 100 kcal is more than 30% off the 343–346 kcal from 4\/9\/4/);
    expect(refusal(result).zh).toBe('食物成分表有 8 处错误，整个文件未导入');
  });

  it('reads the optional vegetable colour, in English or Chinese; without the column, rows carry none', () => {
    const result = validateFoodCsv(
      csv(
        `${HEADER},vegetable_colour`,
        'V004,菠菜,vegetables,89,28,2.6,0.3,4.5,1.7,66,2.9,0.85,243,32,85.2,test,dark',
        'V001,大白菜,vegetables,87,20,1.6,0.2,3.4,0.9,57,0.8,0.46,7,31,68,test,浅色',
        'V045,黑木耳（干）,vegetables,100,265,12.1,1.5,65.6,29.9,247,97.4,3.18,8,0,48.5,test,',
        RICE + ',',
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.rows.map((r) => [r.code, r.vegetableColour])).toEqual([
      ['V004', 'dark'],
      ['V001', 'light'],
      ['V045', null],
      ['T001', null],
    ]);
    const without = validateFoodCsv(csv(HEADER, RICE));
    expect(without.ok && 'vegetableColour' in without.rows[0]!).toBe(false);
  });

  it('refuses a bad vegetable colour, or a colour on what is not a vegetable, naming row and column', () => {
    const result = refusal(
      validateFoodCsv(
        csv(
          `${HEADER},vegetable_colour`,
          'V004,菠菜,vegetables,89,28,2.6,0.3,4.5,1.7,66,2.9,0.85,243,32,85.2,test,green',
          `${RICE},dark`,
          'V001,大白菜,vegetables,87,20,1.6,0.2,3.4,0.9,57,0.8,0.46,7,31,68,test,constructor',
        ),
      ),
    );
    expect(result.issues.map((i) => `${i.row}:${i.column}`)).toEqual(['2:vegetable_colour', '3:vegetable_colour', '4:vegetable_colour']);
    expect(result.issues[0]).toEqual({
      row: 2,
      column: 'vegetable_colour',
      message: '第 2 行「vegetable_colour 蔬菜颜色」：应为 dark（深色）、light（浅色），非新鲜蔬菜留空',
      messageEn: 'Row 2, vegetable_colour: use dark or light; leave it empty for anything but a fresh vegetable',
    });
    expect(result.issues[1]!.messageEn).toBe('Row 3, vegetable_colour: only vegetables are dark or light');
  });

  it('refuses a food group that only an object’s prototype knows', () => {
    expect(where(validateFoodCsv(csv(HEADER, RICE.replace(',grains,', ',constructor,'))))).toEqual(['2:food_group']);
  });

  it('skips the 4/9/4 check for condiments and near-zero energy, and says why', () => {
    const result = validateFoodCsv(
      csv(HEADER, 'C001,料酒,condiment,100,66,1.6,0,5,0,15,0.6,0.5,0,0,550,test', 'V001,黄瓜,vegetables,92,16,0.8,0.2,2.9,0.5,24,0.5,0.18,8,9,4.9,test'),
    );
    if (!result.ok) throw new Error('expected success');
    expect(result.skippedChecks.map((s) => `${s.row}:${s.column}`)).toEqual(['2:energy_kcal', '3:energy_kcal']);
  });

  it('refuses a GBK file by name instead of storing garbled names', () => {
    // "米" is C3 D7 in GBK and not valid UTF-8.
    const gbk = Buffer.concat([Buffer.from(`${HEADER}\nT001,`), Buffer.from([0xc3, 0xd7]), Buffer.from(',grains,100,345,7.7,0.6,77.4,0.6,11,1.1,1.45,0,0,2.4,test\n')]);
    const result = refusal(validateFoodCsv(gbk));
    expect(result.code).toBe('FILE_ENCODING_GBK');
    expect(result.en).toMatch(/GBK/);
  });

  it('refuses a NUL in a name, which PostgreSQL text cannot hold', () => {
    expect(where(validateFoodCsv(csv(HEADER, RICE.replace('稻米', '稻\u0000米'))))).toEqual(['2:name']);
  });

  it('refuses an empty file and a file with only a header', () => {
    expect(refusal(validateFoodCsv(Buffer.from(''))).code).toBe('FILE_EMPTY');
    expect(refusal(validateFoodCsv(csv(HEADER))).code).toBe('FILE_EMPTY');
  });
});

describe('the demo seed’s catalogue links', () => {
  it('link each of the catalogue’s ingredients to a food of the shipped table, with a weight for counted units', async () => {
    const { CATALOGUE_FOODS, FOOD_TABLE_FILE } = await import('../../../../../prisma/seed/nutrition');
    const { INGREDIENTS } = await import('../../../../../prisma/seed/supply-catalogue');
    const result = validateFoodCsv(readFileSync(FOOD_TABLE_FILE));
    if (!result.ok) throw new Error('the shipped table is invalid');
    const codes = new Set(result.rows.map((r) => r.code));
    expect(INGREDIENTS.filter((i) => !CATALOGUE_FOODS[i.code]).map((i) => i.code)).toEqual([]);
    expect(Object.values(CATALOGUE_FOODS).filter((link) => !codes.has(link.food))).toEqual([]);
    const counted = INGREDIENTS.filter((i) => ['piece', 'box', 'bag'].includes(i.unit));
    expect(counted.filter((i) => !CATALOGUE_FOODS[i.code]?.gramsPerUnit).map((i) => i.code)).toEqual([]);
  });
});
