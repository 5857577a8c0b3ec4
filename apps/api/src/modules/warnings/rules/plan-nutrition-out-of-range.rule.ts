import { ZPlanPublishedEvent } from '@canteen/shared';
import { z } from 'zod';
import { defineRule } from '../rule';

/**
 * WS/T 554-2017 学生餐营养指南: a published plan whose days, for an age band, miss the nutrition
 * targets (a red verdict: energy, protein, fat or carbohydrate share, food groups out of range).
 */
export const planNutritionOutOfRange = defineRule({
  id: 'plan-nutrition-out-of-range',
  name: { zh: '已发布食谱营养不达标', en: 'Published meal plan out of nutrition range' },
  description: {
    zh: '发布（或修订）的膳食计划中，评估为不达标（红色）的“日 × 年龄段”数量达到阈值（默认 1 个）。',
    en: 'A published (or revised) meal plan has at least the threshold number of day × age band assessments in red (default 1).',
  },
  severity: 'warning',
  responsibleLevel: 'school',
  thresholds: {
    schema: z.object({ minRedDays: z.number().int().min(1).max(35).default(1) }),
    fields: { minRedDays: { label: { zh: '不达标（红色）日数至少', en: 'Red day × age band assessments at least' }, unit: '个', tighter: 'lower' } },
  },
  trigger: { events: ['menus.plan-published'] },
  async evaluate(context, input) {
    if (input.kind !== 'event') return [];
    const parsed = ZPlanPublishedEvent.safeParse(input.event.payload);
    if (!parsed.success) return [];
    const plan = parsed.data;
    const { minRedDays } = await context.thresholds(plan.canteenId);
    const red = plan.verdicts.filter((verdict) => verdict.verdict === 'red');
    if (red.length === 0 || red.length < minRedDays) return [];
    const days = [...new Set(red.map((verdict) => verdict.day))].sort();
    return [
      {
        dedupeKey: `canteen:${plan.canteenId}:plan:${plan.planId}`,
        subjectUnitId: plan.canteenId,
        title: {
          zh: `${plan.weekStart} 起一周的膳食计划有 ${red.length} 项营养评估不达标`,
          en: `Meal plan for the week of ${plan.weekStart}: ${red.length} nutrition assessment(s) in red`,
        },
        summary: {
          zh: `第 ${plan.version} 版，不达标：${red.map((verdict) => `${verdict.day}（${verdict.ageBand} 岁）`).join('、')}。`,
          en: `Version ${plan.version}, in red: ${red.map((verdict) => `${verdict.day} (ages ${verdict.ageBand})`).join(', ')}.`,
        },
        detail: { planId: plan.planId, versionId: plan.versionId, version: plan.version, weekStart: plan.weekStart, minRedDays, days, red },
      },
    ];
  },
});
