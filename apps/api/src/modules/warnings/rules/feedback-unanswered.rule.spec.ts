import { ruleHarness } from '@test/support/rule-harness';
import { feedbackUnanswered as rule } from './feedback-unanswered.rule';

const TYPE = 'feedback.overdue';
const EVENT = {
  feedbackId: 'f-1',
  trackingCode: 'K7M2Q9XW4T',
  canteenId: 'canteen-1',
  canteenName: '学生食堂',
  schoolId: 'school-1',
  schoolName: '第一小学',
  category: 'taste',
  status: 'new',
  submittedAt: '2026-11-25T02:00:00.000Z',
  dueAt: '2026-11-27T02:00:00.000Z',
  slaHours: 48,
};

describe('feedback-unanswered rule', () => {
  it('is a warning held by the school', () => {
    expect(rule).toMatchObject({ severity: 'warning', responsibleLevel: 'school', trigger: { events: [TYPE] } });
  });

  it('raises one alert per overdue piece of feedback, about its canteen', async () => {
    const [alert, ...rest] = await ruleHarness(rule).event(TYPE, EVENT);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      dedupeKey: 'feedback:f-1',
      subjectUnitId: 'canteen-1',
      occurredAt: new Date('2026-11-27T02:00:00.000Z'),
      title: { zh: '第一小学学生食堂：家长反馈 K7M2Q9XW4T 超过 48 小时未回复' },
    });
  });

  it('ignores a payload it cannot read', async () => {
    expect(await ruleHarness(rule).event(TYPE, { ...EVENT, category: 'weather' })).toEqual([]);
  });
});
