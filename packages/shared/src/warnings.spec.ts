import { z } from 'zod';
import { pickLanguage } from './bilingual';
import { RULE_THRESHOLDS, mergeRuleThresholds, refuseLooserThresholds } from './schemas/warnings';

describe('rule thresholds inherited down the tree', () => {
  beforeAll(() => {
    RULE_THRESHOLDS.set('test-markup', {
      schema: z.object({ percent: z.number().min(0).max(100).optional(), days: z.number().int().min(0).optional() }).strict(),
      tighter: { percent: 'lower', days: 'higher' },
    });
  });
  afterAll(() => RULE_THRESHOLDS.delete('test-markup'));

  it('lets a unit tighten what a unit above set, either way round', () => {
    const above = { 'test-markup': { percent: 20, days: 30 } };
    expect(refuseLooserThresholds(above, { 'test-markup': { percent: 15, days: 45 } })).toBeUndefined();
    expect(refuseLooserThresholds(above, { 'test-markup': { percent: 20 } })).toBeUndefined();
  });

  it('refuses loosening, naming the value above', () => {
    const above = { 'test-markup': { percent: 20, days: 30 } };
    expect(pickLanguage(refuseLooserThresholds(above, { 'test-markup': { percent: 25 } })!, 'zh')).toContain('20');
    expect(refuseLooserThresholds(above, { 'test-markup': { days: 10 } })).toBeDefined();
  });

  it('lets the first unit that sets a value choose it freely, within the rule\'s bounds', () => {
    expect(refuseLooserThresholds({}, { 'test-markup': { percent: 60 } })).toBeUndefined();
    expect(refuseLooserThresholds({}, { 'test-markup': { percent: 160 } })).toBeDefined();
    expect(refuseLooserThresholds({}, { 'test-markup': { other: 1 } })).toBeDefined();
    expect(pickLanguage(refuseLooserThresholds({}, { 'no-such-rule': { x: 1 } })!, 'en')).toBe('No rule "no-such-rule"');
  });

  it('never lets a value stored below loosen a stricter one set above later', () => {
    const merged = mergeRuleThresholds({ 'test-markup': { percent: 10, days: 40 } }, { 'test-markup': { percent: 15, days: 35 } });
    expect(merged).toEqual({ 'test-markup': { percent: 10, days: 40 } });
    expect(mergeRuleThresholds({}, { 'test-markup': { percent: 15 } })).toEqual({ 'test-markup': { percent: 15 } });
  });
});
