import { addDays, shanghaiDay, weekStartOf } from '@canteen/shared';
import { z } from 'zod';
import { systemScope } from '@/common/tenancy/scope';
import { defineRule } from '../rule';

/**
 * 膳食计划: next week's meal plan is published by Friday afternoon, so that parents see it and the
 * purchase orders follow from it. Every connected canteen without one is reminded at 17:00 on Friday.
 */
export const mealPlanNotPublished = defineRule({
  id: 'meal-plan-not-published',
  name: { zh: '下周膳食计划未发布', en: "Next week's meal plan not published" },
  description: {
    zh: '每周五 17:00 检查：已接入的食堂尚未发布下周（周一开始）的膳食计划。',
    en: "Every Friday at 17:00: a connected canteen has not published its meal plan for the coming week (starting Monday).",
  },
  severity: 'warning',
  responsibleLevel: 'school',
  thresholds: { schema: z.object({}), fields: {} },
  trigger: { schedule: '0 17 * * 5' },
  async evaluate(context, input) {
    if (input.kind !== 'schedule') return [];
    const today = shanghaiDay(input.firedAt);
    const weekStart = addDays(weekStartOf(today), 7);
    const canteens = await context.queries.canteensWithoutPublishedPlan(systemScope(), weekStart);
    return canteens.map((canteen) => ({
      dedupeKey: `canteen:${canteen.id}:plan-week:${weekStart}`,
      subjectUnitId: canteen.id,
      occurredAt: input.firedAt,
      title: { zh: `「${canteen.name}」未发布 ${weekStart} 起一周的膳食计划`, en: `${canteen.name} has not published its meal plan for the week of ${weekStart}` },
      summary: {
        zh: `截至 ${today} 17:00，下周（${weekStart} 至 ${addDays(weekStart, 6)}）的膳食计划仍未发布。`,
        en: `By 17:00 on ${today} the plan for ${weekStart} to ${addDays(weekStart, 6)} was still not published.`,
      },
      detail: { canteenId: canteen.id, canteenName: canteen.name, weekStart, checkedOn: today },
    }));
  },
});
