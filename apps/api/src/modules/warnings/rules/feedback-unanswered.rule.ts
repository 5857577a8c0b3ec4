import { ZFeedbackOverdueEvent } from '@canteen/shared';
import { z } from 'zod';
import { defineRule } from '../rule';

/**
 * Parents' opinions must get a response (意见建议可反馈): feedback past its reply time without a
 * reply becomes the school's alert, and escalates like any other when the school still does not act.
 */
export const feedbackUnanswered = defineRule({
  id: 'feedback-unanswered',
  name: { zh: '家长反馈超时未回复', en: "Parents' feedback unanswered" },
  description: {
    zh: '家长通过公示页提交的意见建议超过答复时限仍未回复，由学校处置。',
    en: "Feedback sent by a parent from the public page is past its reply time without a reply; handled by the school.",
  },
  severity: 'warning',
  responsibleLevel: 'school',
  thresholds: { schema: z.object({}), fields: {} },
  trigger: { events: ['feedback.overdue'] },
  async evaluate(_context, input) {
    if (input.kind !== 'event') return [];
    const parsed = ZFeedbackOverdueEvent.safeParse(input.event.payload);
    if (!parsed.success) return [];
    const feedback = parsed.data;
    return [
      {
        dedupeKey: `feedback:${feedback.feedbackId}`,
        subjectUnitId: feedback.canteenId,
        occurredAt: new Date(feedback.dueAt),
        title: {
          zh: `${feedback.schoolName}${feedback.canteenName}：家长反馈 ${feedback.trackingCode} 超过 ${feedback.slaHours} 小时未回复`,
          en: `${feedback.schoolName} ${feedback.canteenName}: parent feedback ${feedback.trackingCode} unanswered after ${feedback.slaHours} h`,
        },
        summary: { zh: `提交于 ${feedback.submittedAt}，应于 ${feedback.dueAt} 前回复`, en: `Sent ${feedback.submittedAt}, reply due by ${feedback.dueAt}` },
        detail: { ...feedback },
      },
    ];
  },
});
