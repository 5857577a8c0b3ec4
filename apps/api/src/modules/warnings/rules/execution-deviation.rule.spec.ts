import type { TExecutionDeviationEvent } from '@canteen/shared';
import { ruleHarness, thresholdRefusal } from '@test/support/rule-harness';
import { executionDeviation as rule } from './execution-deviation.rule';

type Line = TExecutionDeviationEvent['lines'][number];
const line = (name: string, deviation: number | null, status: Line['status']): Line => ({
  ingredientId: `ing-${name}`,
  ingredientName: name,
  unit: 'kg',
  expected: deviation === null ? null : '10',
  issued: deviation === null ? '2' : String(10 * (1 + deviation)),
  deviation,
  status,
});
const event = (lines: Line[]): TExecutionDeviationEvent => ({
  canteenId: 'canteen-1',
  day: '2026-11-27',
  meal: 'lunch',
  recordId: 'record-1',
  recordVersion: 1,
  // The menus module may be set looser than the warnings rule; the rule judges by its own values.
  tolerance: { over: 0.05, under: 0.05 },
  deviation: 0.2,
  lines,
});
const TYPE = 'menus.execution-deviation';

describe('execution-deviation rule', () => {
  it('raises one alert per meal for issues above demand (> 10 %) or far below it (> 20 %), and unplanned issues', async () => {
    const harness = ruleHarness(rule);
    const [alert, ...more] = await harness.event(TYPE, event([line('猪肉', 0.15, 'over'), line('白菜', -0.25, 'under'), line('鸡蛋', null, 'unplanned')]));
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({
      dedupeKey: 'canteen:canteen-1:day:2026-11-27:meal:lunch',
      subjectUnitId: 'canteen-1',
      title: { zh: '2026-11-27 午餐出库偏离带量食谱需求：猪肉、白菜、鸡蛋' },
      detail: { recordId: 'record-1', thresholds: { overPercent: 10, underPercent: 20 } },
    });
    expect((alert!.detail.lines as Line[]).map((l) => l.ingredientName)).toEqual(['猪肉', '白菜', '鸡蛋']);
    expect(harness.askedFor).toEqual(['canteen-1']);
  });

  it('stays quiet within its thresholds, on an ingredient without a conversion, and on a malformed payload', async () => {
    const harness = ruleHarness(rule);
    expect(await harness.event(TYPE, event([line('猪肉', 0.08, 'over'), line('白菜', -0.15, 'under'), line('盐', null, 'unknown')]))).toEqual([]);
    // Exactly at the threshold, with the float error of 4.4 kg issued for 4 kg.
    expect(await harness.event(TYPE, event([line('猪肉', (4.4 - 4) / 4, 'over'), line('白菜', -0.2, 'under')]))).toEqual([]);
    expect(await harness.event(TYPE, { canteenId: 'canteen-1' })).toEqual([]);
  });

  it('names the direction when every line goes the same way', async () => {
    const [under] = await ruleHarness(rule).event(TYPE, event([line('白菜', -0.5, 'under')]));
    expect(under!.title).toEqual({ zh: '2026-11-27 午餐出库低于带量食谱需求：白菜', en: "2026-11-27 lunch: stock-out below the recipes' demand (白菜)" });
    const [over] = await ruleHarness(rule).event(TYPE, event([line('猪肉', 0.5, 'over'), line('鸡蛋', null, 'unplanned')]));
    expect(over!.title.zh).toBe('2026-11-27 午餐出库超出带量食谱需求：猪肉、鸡蛋');
  });

  it('judges every deviation the menus module sends by its own thresholds, not by the status it was given', async () => {
    const county = { [rule.id]: { overPercent: 5, underPercent: 10 } };
    // Within the menus' default tolerance (10 % / 20 %), so marked 'ok' there, but outside what the county set.
    const [alert, ...more] = await ruleHarness(rule, { stored: [county] }).event(
      TYPE,
      { ...event([line('猪肉', 0.06, 'ok'), line('白菜', -0.12, 'ok'), line('大米', 0.03, 'ok'), line('鸡蛋', -0.0001, 'ok')]), tolerance: { over: 0.1, under: 0.2 } },
    );
    expect(more).toHaveLength(0);
    expect(alert!.title.zh).toBe('2026-11-27 午餐出库偏离带量食谱需求：猪肉、白菜');
    expect(alert!.detail).toMatchObject({ thresholds: { overPercent: 5, underPercent: 10 } });
    expect((alert!.detail.lines as Line[]).map((l) => [l.ingredientName, l.status])).toEqual([
      ['猪肉', 'over'],
      ['白菜', 'under'],
    ]);
  });

  it('takes the thresholds a county tightened below the city, and a school cannot loosen them', async () => {
    const city = { [rule.id]: { overPercent: 8 } };
    const county = { [rule.id]: { overPercent: 5, underPercent: 10 } };
    const tightened = ruleHarness(rule, { stored: [city, county] });
    const [alert] = await tightened.event(TYPE, event([line('猪肉', 0.06, 'over'), line('白菜', -0.12, 'under')]));
    expect(alert!.detail).toMatchObject({ thresholds: { overPercent: 5, underPercent: 10 } });
    expect((alert!.detail.lines as Line[]).map((l) => l.ingredientName)).toEqual(['猪肉', '白菜']);

    expect(thresholdRefusal(rule, { overPercent: 6 }, [city, county])).toContain('只能调低');
    expect(thresholdRefusal(rule, { overPercent: 4 }, [city, county])).toBeUndefined();
    // A value stored anyway (e.g. before the county tightened) never loosens what the county set.
    const loosened = ruleHarness(rule, { stored: [city, county, { [rule.id]: { overPercent: 30 } }] });
    expect(await loosened.event(TYPE, event([line('猪肉', 0.06, 'over')]))).toHaveLength(1);
  });
});
