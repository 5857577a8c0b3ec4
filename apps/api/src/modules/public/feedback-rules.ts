import {
  type FeedbackActionKind,
  type FeedbackStatus,
  type TFeedbackActionInput,
  isMobileContact,
} from '@canteen/shared';
import { AppError } from '@/common/http/app-error';
import { maskPhone } from './desensitise';

/** 138****1234 for a mobile number; a WeChat id keeps its first two and last characters. */
export function maskContact(contact: string): string {
  if (isMobileContact(contact)) return maskPhone(contact);
  const chars = [...contact];
  return chars.length <= 3 ? '*'.repeat(chars.length) : `${chars.slice(0, 2).join('')}***${chars.at(-1)}`;
}

export interface Transition {
  kind: FeedbackActionKind;
  to: FeedbackStatus;
}

const refuse = (zh: string, en: string) => new AppError(409, 'FEEDBACK_STATUS', zh, en);

/**
 * One step of the handling loop: new → in_progress → replied → closed. A reply may come straight
 * from new and may be revised while replied; closing unanswered feedback needs a note saying why.
 */
export function transition(status: FeedbackStatus, input: TFeedbackActionInput): Transition {
  switch (input.kind) {
    case 'start':
      if (status !== 'new') throw refuse('只有新收到的反馈可以开始处理', 'Only new feedback can be taken in hand');
      return { kind: 'started', to: 'in_progress' };
    case 'reply':
      if (status === 'closed') throw refuse('反馈已关闭，不能再答复', 'The feedback is closed; it cannot be replied to');
      return { kind: 'replied', to: 'replied' };
    case 'close':
      if (status === 'closed') throw refuse('反馈已关闭', 'The feedback is already closed');
      if (status !== 'replied' && !input.note) {
        throw new AppError(400, 'NOTE_REQUIRED', '未答复就关闭反馈，请在备注中说明原因', 'Closing feedback without a reply needs a note saying why');
      }
      return { kind: 'closed', to: 'closed' };
    case 'note':
      return { kind: 'note', to: status };
  }
}

/** Hours between two instants, to one decimal; null while the second has not happened. */
export function hoursBetween(from: Date, to: Date | null): number | null {
  return to ? Math.round((to.getTime() - from.getTime()) / 360_000) / 10 : null;
}

export interface Timing {
  dueAt: Date;
  repliedAt: Date | null;
  closedAt: Date | null;
}

/** Still without a reply (and not closed) past its reply time. */
export const isOverdue = (timing: Timing, now: Date) => !timing.repliedAt && !timing.closedAt && timing.dueAt < now;

/** Answered (replied, or closed without a reply) after its reply time. */
export function isLate(timing: Timing): boolean {
  const answeredAt = timing.repliedAt ?? timing.closedAt;
  return !!answeredAt && answeredAt > timing.dueAt;
}
