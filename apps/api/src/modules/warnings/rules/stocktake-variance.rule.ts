import { ZStocktakeVarianceEvent } from '@canteen/shared';
import { z } from 'zod';
import { defineRule } from '../rule';
import { percentText, yuanText } from './rule-text';

/**
 * 盘点: the book and the shelf should agree. A line off by more than the share of its book quantity
 * (stock found where the book had none counts as off) asks for an explanation. The ledger announces
 * every line with a variance, so the threshold here, tightened by a county, is the only one.
 */
export const stocktakeVariance = defineRule({
  id: 'stocktake-variance',
  name: { zh: '盘点差异过大', en: 'Stocktake variance too large' },
  description: {
    zh: '盘点过账时，批次的实盘数量与账面数量相差超过账面数量的阈值比例（默认 5%）。',
    en: 'A posted stocktake found a batch whose counted quantity differs from the book by more than the threshold share of the book (default 5 %).',
  },
  severity: 'warning',
  responsibleLevel: 'school',
  thresholds: {
    schema: z.object({ variancePercent: z.number().min(0).max(100).default(5) }),
    fields: { variancePercent: { label: { zh: '差异超过账面的', en: 'Variance above share of book' }, unit: '%', tighter: 'lower' } },
  },
  trigger: { events: ['ledger.stocktake-variance'] },
  async evaluate(context, input) {
    if (input.kind !== 'event') return [];
    const parsed = ZStocktakeVarianceEvent.safeParse(input.event.payload);
    if (!parsed.success) return [];
    const stocktake = parsed.data;
    const { variancePercent } = await context.thresholds(stocktake.canteenId);
    const off = stocktake.lines.filter((line) => line.share === null || line.share > variancePercent / 100);
    if (off.length === 0) return [];
    const names = await context.queries.ingredientNames([...new Set(off.map((line) => line.ingredientId))]);
    const lines = off.map((line) => ({ ...line, ingredientName: names.get(line.ingredientId) ?? line.ingredientId }));
    const valueFen = lines.reduce((sum, line) => sum + line.varianceFen, 0);
    const ingredients = [...new Set(lines.map((line) => line.ingredientName))];
    const describe = (line: (typeof lines)[number]) =>
      `${line.ingredientName} ${line.book} → ${line.counted}${line.share === null ? '' : ` (${line.variance.startsWith('-') ? '-' : '+'}${percentText(line.share)})`}`;
    return [
      {
        dedupeKey: `canteen:${stocktake.canteenId}:stocktake:${stocktake.stocktakeId}`,
        subjectUnitId: stocktake.canteenId,
        title: {
          zh: `盘点差异超过 ${variancePercent}%：${ingredients.join('、')}`,
          en: `Stocktake variance above ${variancePercent} %: ${ingredients.join(', ')}`,
        },
        summary: {
          zh: `账面 → 实盘：${lines.map(describe).join('；')}。差异金额合计 ${yuanText(valueFen).zh}。`,
          en: `Book → counted: ${lines.map(describe).join('; ')}. Variance value ${yuanText(valueFen).en} in all.`,
        },
        detail: { stocktakeId: stocktake.stocktakeId, variancePercent, valueFen, lines },
      },
    ];
  },
});
