import { deliveryAccepted, ruleHarness, thresholdRefusal } from '@test/support/rule-harness';
import { acceptanceInspectors as rule } from './acceptance-inspectors.rule';

const TYPE = 'delivery.accepted';

describe('acceptance-inspectors rule', () => {
  it('raises an alert for an acceptance signed by one person (the same id twice counts once)', async () => {
    for (const inspectorIds of [['user-1'], ['user-1', 'user-1']]) {
      const [alert] = await ruleHarness(rule).event(TYPE, deliveryAccepted([{}], { inspectorIds }));
      expect(alert).toMatchObject({
        dedupeKey: 'canteen:canteen-1:manifest:manifest-1:inspectors',
        subjectUnitId: 'canteen-1',
        title: { zh: '送货单 DN-20261127-0001 仅 1 人验收（应至少 2 人）' },
        detail: { minInspectors: 2, inspectorIds },
      });
    }
  });

  it('stays quiet for two people', async () => {
    expect(await ruleHarness(rule).event(TYPE, deliveryAccepted([{}]))).toEqual([]);
  });

  it('asks for three where a city set it, and a school cannot go back to two', async () => {
    const city = { [rule.id]: { minInspectors: 3 } };
    const [alert] = await ruleHarness(rule, { stored: [city] }).event(TYPE, deliveryAccepted([{}]));
    expect(alert!.detail).toMatchObject({ minInspectors: 3 });
    expect(await ruleHarness(rule, { stored: [city, { [rule.id]: { minInspectors: 2 } }] }).event(TYPE, deliveryAccepted([{}]))).toHaveLength(1);
    expect(thresholdRefusal(rule, { minInspectors: 2 }, [city])).toContain('只能调高');
    expect(thresholdRefusal(rule, { minInspectors: 1 })).toBeDefined();
  });
});
