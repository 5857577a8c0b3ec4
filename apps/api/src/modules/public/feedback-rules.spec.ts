import { FEEDBACK_STATUSES, type FeedbackStatus, type TFeedbackActionInput } from '@canteen/shared';
import { AppError } from '@/common/http/app-error';
import { hoursBetween, isLate, isOverdue, maskContact, transition } from './feedback-rules';

const outcome = (status: FeedbackStatus, input: TFeedbackActionInput) => {
  try {
    return transition(status, input).to;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
};

describe('the handling loop', () => {
  // Rows: the current status; columns: start, reply, close without a note, close with a note, note.
  const TABLE: Record<FeedbackStatus, string[]> = {
    new: ['in_progress', 'replied', 'NOTE_REQUIRED', 'closed', 'new'],
    in_progress: ['FEEDBACK_STATUS', 'replied', 'NOTE_REQUIRED', 'closed', 'in_progress'],
    replied: ['FEEDBACK_STATUS', 'replied', 'closed', 'closed', 'replied'],
    closed: ['FEEDBACK_STATUS', 'FEEDBACK_STATUS', 'FEEDBACK_STATUS', 'FEEDBACK_STATUS', 'closed'],
  };
  const INPUTS: TFeedbackActionInput[] = [
    { kind: 'start' },
    { kind: 'reply', reply: '已处理' },
    { kind: 'close' },
    { kind: 'close', note: '重复反馈' },
    { kind: 'note', note: '电话回访' },
  ];

  it.each(FEEDBACK_STATUSES.map((status) => [status]))('from %s', (status) => {
    expect(INPUTS.map((input) => outcome(status, input))).toEqual(TABLE[status]);
  });

  it('names the action each step records', () => {
    expect(INPUTS.map((input) => transition('new', { ...input, note: 'n' } as TFeedbackActionInput).kind)).toEqual(['started', 'replied', 'closed', 'closed', 'note']);
  });
});

describe('contacts', () => {
  it('masks a mobile number and a WeChat id', () => {
    expect(maskContact('13812345678')).toBe('138****5678');
    expect(maskContact('wx_parent_01')).toBe('wx***1');
    expect(maskContact('abc')).toBe('***');
  });
});

describe('timing', () => {
  const submitted = new Date('2026-03-02T08:00:00Z');
  const due = new Date('2026-03-04T08:00:00Z');

  it('hours to one decimal, null until it happened', () => {
    expect(hoursBetween(submitted, new Date('2026-03-02T09:30:00Z'))).toBe(1.5);
    expect(hoursBetween(submitted, null)).toBeNull();
  });

  it('overdue while unanswered past the due time; late when answered after it', () => {
    const after = new Date('2026-03-04T09:00:00Z');
    expect(isOverdue({ dueAt: due, repliedAt: null, closedAt: null }, after)).toBe(true);
    expect(isOverdue({ dueAt: due, repliedAt: null, closedAt: null }, submitted)).toBe(false);
    expect(isOverdue({ dueAt: due, repliedAt: null, closedAt: after }, after)).toBe(false);
    expect(isLate({ dueAt: due, repliedAt: after, closedAt: null })).toBe(true);
    expect(isLate({ dueAt: due, repliedAt: null, closedAt: after })).toBe(true);
    expect(isLate({ dueAt: due, repliedAt: submitted, closedAt: after })).toBe(false);
    expect(isLate({ dueAt: due, repliedAt: null, closedAt: null })).toBe(false);
  });
});
