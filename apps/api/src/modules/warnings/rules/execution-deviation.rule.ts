import { type TExecutionDeviationEvent, ZExecutionDeviationEvent } from '@canteen/shared';
import { z } from 'zod';
import { defineRule } from '../rule';
import { MEAL_TEXT, percentText } from './rule-text';

type MealLine = TExecutionDeviationEvent['lines'][number];
type Breach = 'over' | 'under' | 'unplanned';

/**
 * The rule's own verdict on an ingredient, from its deviation: the status the menus module gave it
 * follows the menus' tolerance, which may be looser than these thresholds.
 */
function breachOf(line: MealLine, overPercent: number, underPercent: number): Breach | null {
  if (line.status === 'unplanned') return 'unplanned';
  if (line.deviation === null) return null;
  // A hair's breadth of float error must not turn an exact threshold into a breach.
  if (line.deviation > overPercent / 100 + 1e-9) return 'over';
  if (-line.deviation > underPercent / 100 + 1e-9) return 'under';
  return null;
}

/**
 * 执行真实性: what a meal took from stock against the quantified recipes × the headcount served.
 * Issuing much more than the recipes need hints at waste or diversion; much less, at short portions.
 * The menus module announces every ingredient of a recorded meal that differs from the recipes,
 * whatever its own tolerance (menus.executionTolerance); the thresholds here decide.
 */
export const executionDeviation = defineRule({
  id: 'execution-deviation',
  name: { zh: '出库量偏离带量食谱', en: 'Stock-out off the quantified recipe' },
  description: {
    zh: '一餐的出库量高于带量食谱 × 实际就餐人数的需求（默认超过 10%），或远低于需求（默认低于 20%），或出库了食谱中没有的食材。',
    en: "A meal's stock-out is above the recipes' demand for the headcount served (default more than 10 %), far below it (default more than 20 %), or includes ingredients no recipe asks for.",
  },
  severity: 'warning',
  responsibleLevel: 'school',
  thresholds: {
    schema: z.object({
      overPercent: z.number().min(0).max(100).default(10),
      underPercent: z.number().min(0).max(100).default(20),
    }),
    fields: {
      overPercent: { label: { zh: '超出需求', en: 'Above demand by more than' }, unit: '%', tighter: 'lower' },
      underPercent: { label: { zh: '低于需求', en: 'Below demand by more than' }, unit: '%', tighter: 'lower' },
    },
  },
  trigger: { events: ['menus.execution-deviation'] },
  async evaluate(context, input) {
    if (input.kind !== 'event') return [];
    const parsed = ZExecutionDeviationEvent.safeParse(input.event.payload);
    if (!parsed.success) return [];
    const meal = parsed.data;
    const { overPercent, underPercent } = await context.thresholds(meal.canteenId);
    const lines = meal.lines.flatMap((line) => {
      const status = breachOf(line, overPercent, underPercent);
      return status ? [{ ...line, status }] : [];
    });
    if (lines.length === 0) return [];
    const under = lines.filter((line) => line.status === 'under').length;
    const direction = under === 0 ? { zh: '超出', en: 'above' } : under === lines.length ? { zh: '低于', en: 'below' } : { zh: '偏离', en: 'off' };
    const mealText = MEAL_TEXT[meal.meal];
    const names = lines.map((line) => line.ingredientName);
    const describe = (line: (typeof lines)[number]) =>
      line.status === 'unplanned' || line.deviation === null ? `${line.ingredientName} ${line.issued} ${line.unit}` : `${line.ingredientName} ${line.deviation > 0 ? '+' : ''}${percentText(line.deviation)}`;
    return [
      {
        dedupeKey: `canteen:${meal.canteenId}:day:${meal.day}:meal:${meal.meal}`,
        subjectUnitId: meal.canteenId,
        title: {
          zh: `${meal.day} ${mealText.zh}出库${direction.zh}带量食谱需求：${names.slice(0, 3).join('、')}${names.length > 3 ? ` 等 ${names.length} 种` : ''}`,
          en: `${meal.day} ${mealText.en}: stock-out ${direction.en} the recipes' demand (${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''})`,
        },
        summary: {
          zh: `阈值：超出 ${overPercent}% 或低于 ${underPercent}%。${lines.map(describe).join('；')}`,
          en: `Thresholds: over ${overPercent} % or under ${underPercent} %. ${lines.map(describe).join('; ')}`,
        },
        detail: {
          day: meal.day,
          meal: meal.meal,
          recordId: meal.recordId,
          recordVersion: meal.recordVersion,
          thresholds: { overPercent, underPercent },
          lines,
        },
      },
    ];
  },
});
