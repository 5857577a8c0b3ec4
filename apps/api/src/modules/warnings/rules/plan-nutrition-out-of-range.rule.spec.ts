import type { TPlanPublishedEvent } from '@canteen/shared';
import { ruleHarness, thresholdRefusal } from '@test/support/rule-harness';
import { planNutritionOutOfRange as rule } from './plan-nutrition-out-of-range.rule';

const TYPE = 'menus.plan-published';
type Verdict = TPlanPublishedEvent['verdicts'][number];
const plan = (verdicts: Verdict[]): TPlanPublishedEvent => ({
  planId: 'plan-1',
  versionId: 'version-2',
  canteenId: 'canteen-1',
  weekStart: '2026-11-30',
  version: 2,
  reason: '更换菜品',
  verdicts,
});
const red = (day: string): Verdict => ({ day, ageBand: '9-11', verdict: 'red' });
const green = (day: string): Verdict => ({ day, ageBand: '9-11', verdict: 'green' });

describe('plan-nutrition-out-of-range rule', () => {
  it('raises an alert for a published plan with a red day, keyed by the plan so revisions fold in', async () => {
    const [alert] = await ruleHarness(rule).event(TYPE, plan([green('2026-11-30'), red('2026-12-01'), { day: '2026-12-02', ageBand: '12-14', verdict: 'amber' }]));
    expect(alert).toMatchObject({
      dedupeKey: 'canteen:canteen-1:plan:plan-1',
      subjectUnitId: 'canteen-1',
      title: { zh: '2026-11-30 起一周的膳食计划有 1 项营养评估不达标' },
      summary: { zh: '第 2 版，不达标：2026-12-01（9-11 岁）。' },
      detail: { days: ['2026-12-01'], minRedDays: 1 },
    });
  });

  it('stays quiet for green and amber days', async () => {
    expect(await ruleHarness(rule).event(TYPE, plan([green('2026-11-30'), { day: '2026-12-01', ageBand: '9-11', verdict: 'amber' }]))).toEqual([]);
  });

  it('waits for more red days where the province allowed it, and a county may tighten that again, never loosen it', async () => {
    const province = { [rule.id]: { minRedDays: 3 } };
    const verdicts = [red('2026-11-30'), red('2026-12-01')];
    expect(await ruleHarness(rule, { stored: [province] }).event(TYPE, plan(verdicts))).toEqual([]);
    expect(await ruleHarness(rule, { stored: [province, { [rule.id]: { minRedDays: 2 } }] }).event(TYPE, plan(verdicts))).toHaveLength(1);
    expect(thresholdRefusal(rule, { minRedDays: 4 }, [province])).toContain('只能调低');
  });
});
