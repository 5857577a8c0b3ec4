import type { Scope } from '@/common/tenancy/scope';
import { ruleHarness } from '@test/support/rule-harness';
import { mealPlanNotPublished as rule } from './meal-plan-not-published.rule';

describe('meal-plan-not-published rule', () => {
  const weeks: [string, string][] = [];
  const queries = {
    canteensWithoutPublishedPlan: async (scope: Scope, weekStart: string) => {
      weeks.push([scope.path, weekStart]);
      return [{ id: 'canteen-1', name: '学生食堂', path: '/p/c/k/s/canteen-1/' }];
    },
  };

  it('runs on Fridays at 17:00 and reminds each connected canteen without a plan for the coming week', async () => {
    expect(rule.trigger).toEqual({ schedule: '0 17 * * 5' });
    // Friday 2026-11-27 17:00 in Asia/Shanghai.
    const firedAt = new Date('2026-11-27T09:00:00.000Z');
    const [alert, ...more] = await ruleHarness(rule, { queries }).schedule(firedAt);
    expect(more).toHaveLength(0);
    expect(weeks.at(-1)).toEqual(['/', '2026-11-30']);
    expect(alert).toMatchObject({
      dedupeKey: 'canteen:canteen-1:plan-week:2026-11-30',
      subjectUnitId: 'canteen-1',
      occurredAt: firedAt,
      title: { zh: '「学生食堂」未发布 2026-11-30 起一周的膳食计划' },
      summary: { zh: '截至 2026-11-27 17:00，下周（2026-11-30 至 2026-12-06）的膳食计划仍未发布。' },
    });
  });

  it('takes the coming week from the Shanghai day of the firing, and ignores events', async () => {
    // Sunday 2026-11-29 00:30 in Shanghai is still Saturday in UTC.
    await ruleHarness(rule, { queries }).schedule(new Date('2026-11-28T16:30:00.000Z'));
    expect(weeks.at(-1)).toEqual(['/', '2026-11-30']);
    expect(await ruleHarness(rule, { queries }).event('menus.plan-published', {})).toEqual([]);
  });

  it('raises nothing when every connected canteen has published', async () => {
    expect(await ruleHarness(rule, { queries: { canteensWithoutPublishedPlan: async () => [] } }).schedule(new Date('2026-11-27T09:00:00.000Z'))).toEqual([]);
  });
});
