import type {
  FeedbackActionKind,
  FeedbackCategory,
  FeedbackStatus,
  TFeedbackDetail,
  TFeedbackStatsRow,
  TFeedbackSummary,
  TPublicFeedbackStatus,
} from '@canteen/shared';
import { scrubText } from './desensitise';
import { hoursBetween, isLate, isOverdue, maskContact } from './feedback-rules';
import type { FeedbackDetailRow, FeedbackSummaryRow, PublicFeedbackRow, StatsRow } from './feedback.repository';

const EXCERPT_LENGTH = 60;

function excerpt(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join('')}…` : chars.join('');
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toFeedbackSummary(row: FeedbackSummaryRow, now: Date): TFeedbackSummary {
  return {
    id: row.id,
    trackingCode: row.trackingCode,
    canteen: { id: row.canteen.id, name: row.canteen.name },
    school: { id: row.canteen.parent!.id, name: row.canteen.parent!.name },
    category: row.category as FeedbackCategory,
    // Numbers a parent typed into the text are masked like the contact field: only the handling
    // school reads them, in full, on the detail.
    excerpt: excerpt(scrubText(row.text)),
    status: row.status as FeedbackStatus,
    contact: row.contact ? maskContact(row.contact) : null,
    hasPhoto: row.photoFileId !== null,
    submittedAt: row.submittedAt.toISOString(),
    replyDueAt: row.dueAt.toISOString(),
    overdue: isOverdue(row, now),
    late: isLate(row),
    firstResponseAt: iso(row.firstResponseAt),
    repliedAt: iso(row.repliedAt),
    closedAt: iso(row.closedAt),
    firstResponseHours: hoursBetween(row.submittedAt, row.firstResponseAt),
    replyHours: hoursBetween(row.submittedAt, row.repliedAt),
  };
}

export function toFeedbackDetail(
  row: FeedbackDetailRow,
  now: Date,
  view: { fullContact: boolean; photo: TFeedbackDetail['photo']; can: TFeedbackDetail['can'] },
): TFeedbackDetail {
  return {
    ...toFeedbackSummary(row, now),
    text: view.fullContact ? row.text : scrubText(row.text),
    contact: row.contact ? (view.fullContact ? row.contact : maskContact(row.contact)) : null,
    contactMasked: !!row.contact && !view.fullContact,
    publicReply: row.publicReply,
    photo: view.photo,
    slaHours: row.slaHours,
    actions: row.actions.map((action) => ({
      id: action.id,
      kind: action.kind as FeedbackActionKind,
      fromStatus: action.fromStatus as FeedbackStatus | null,
      toStatus: action.toStatus as FeedbackStatus | null,
      reply: action.reply,
      note: action.note,
      actorName: action.actorName,
      at: action.at.toISOString(),
    })),
    can: view.can,
  };
}

export function toPublicFeedbackStatus(row: PublicFeedbackRow): TPublicFeedbackStatus {
  return {
    trackingCode: row.trackingCode,
    canteen: { code: row.canteen.code, name: row.canteen.name, schoolName: row.canteen.parent?.name ?? '' },
    category: row.category as FeedbackCategory,
    status: row.status as FeedbackStatus,
    submittedAt: row.submittedAt.toISOString(),
    replyDueAt: row.dueAt.toISOString(),
    reply: row.publicReply && row.publicReplyAt ? { text: row.publicReply, at: row.publicReplyAt.toISOString() } : null,
    closedAt: iso(row.closedAt),
  };
}

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

export function toStatsCounts(row: StatsRow): Omit<TFeedbackStatsRow, 'school' | 'county'> {
  return {
    total: row.total,
    byStatus: { new: row.new, in_progress: row.in_progress, replied: row.replied, closed: row.closed },
    overdueOpen: row.overdue_open,
    repliedLate: row.replied_late,
    medianFirstResponseHours: round1(row.median_first_response_hours),
    medianReplyHours: round1(row.median_reply_hours),
    averageReplyHours: round1(row.average_reply_hours),
  };
}

export function toStatsRow(row: StatsRow): TFeedbackStatsRow {
  return {
    school: { id: row.school_id!, name: row.school_name! },
    county: row.county_id ? { id: row.county_id, name: row.county_name! } : null,
    ...toStatsCounts(row),
  };
}
