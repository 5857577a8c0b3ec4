import { Injectable } from '@nestjs/common';
import type { FeedbackActionKind, FeedbackCategory, FeedbackStatus } from '@canteen/shared';
import { Prisma } from '@/generated/prisma/client';
import { PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';

const CANTEEN_REF = { select: { id: true, name: true, path: true, parent: { select: { id: true, name: true } } } } as const;

export const FEEDBACK_SUMMARY_SELECT = {
  id: true,
  trackingCode: true,
  category: true,
  text: true,
  status: true,
  contact: true,
  photoFileId: true,
  submittedAt: true,
  dueAt: true,
  firstResponseAt: true,
  repliedAt: true,
  closedAt: true,
  canteen: CANTEEN_REF,
} as const;
export type FeedbackSummaryRow = Prisma.FeedbackGetPayload<{ select: typeof FEEDBACK_SUMMARY_SELECT }>;

export const FEEDBACK_DETAIL_SELECT = {
  ...FEEDBACK_SUMMARY_SELECT,
  slaHours: true,
  publicReply: true,
  publicReplyAt: true,
  actions: {
    orderBy: { at: 'asc' },
    select: { id: true, kind: true, fromStatus: true, toStatus: true, reply: true, note: true, actorName: true, at: true },
  },
} as const;
export type FeedbackDetailRow = Prisma.FeedbackGetPayload<{ select: typeof FEEDBACK_DETAIL_SELECT }>;

const PUBLIC_SELECT = {
  trackingCode: true,
  category: true,
  status: true,
  submittedAt: true,
  dueAt: true,
  publicReply: true,
  publicReplyAt: true,
  closedAt: true,
  canteen: { select: { code: true, name: true, parent: { select: { name: true, path: true } } } },
} as const;
export type PublicFeedbackRow = Prisma.FeedbackGetPayload<{ select: typeof PUBLIC_SELECT }>;

const OVERDUE_SELECT = {
  id: true,
  trackingCode: true,
  category: true,
  status: true,
  submittedAt: true,
  dueAt: true,
  slaHours: true,
  canteen: CANTEEN_REF,
} as const;
export type OverdueFeedbackRow = Prisma.FeedbackGetPayload<{ select: typeof OVERDUE_SELECT }>;

export interface FeedbackFilter {
  /** Subtree of a unit already read in scope. */
  unitPath: string;
  status?: FeedbackStatus;
  category?: FeedbackCategory;
  overdue?: boolean;
  submittedFrom?: Date;
  submittedBefore?: Date;
  trackingCode?: string;
  now: Date;
}

export interface NewFeedback {
  trackingCode: string;
  canteenId: string;
  category: FeedbackCategory;
  text: string;
  contact: string | null;
  photoFileId: string | null;
  submittedAt: Date;
  slaHours: number;
  dueAt: Date;
}

export interface FeedbackActionData {
  kind: FeedbackActionKind;
  fromStatus: FeedbackStatus | null;
  toStatus: FeedbackStatus | null;
  reply?: string | null;
  note?: string | null;
  actorId: string | null;
  actorName: string | null;
  at: Date;
}

export interface StatsRow {
  school_id: string | null;
  school_name: string | null;
  county_id: string | null;
  county_name: string | null;
  total: number;
  new: number;
  in_progress: number;
  replied: number;
  closed: number;
  overdue_open: number;
  replied_late: number;
  median_first_response_hours: number | null;
  median_reply_hours: number | null;
  average_reply_hours: number | null;
}

/** A new tracking code collided with an existing one (the caller draws another). */
export function isTrackingCodeClash(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
  // Driver adapters name the constraint's fields in `meta` in their own shape; the column name is in it either way.
  return /tracking_?code/i.test(JSON.stringify(error.meta ?? {}));
}

/** Feedback belongs to its canteen: every read filters by the canteen's path. */
@Injectable()
export class FeedbackRepository {
  constructor(readonly prisma: PrismaService) {}

  findUnit(scope: Scope, id: string) {
    return this.prisma.orgUnit.findFirst({ where: { id, ...scopeWhere(scope) }, select: { id: true, path: true, level: true } });
  }

  create(tx: Tx, scope: Scope, canteenPath: string, data: NewFeedback) {
    assertInScope(scope, canteenPath);
    return tx.feedback.create({ data, select: { id: true, trackingCode: true, status: true, submittedAt: true, dueAt: true } });
  }

  async addAction(tx: Tx, scope: Scope, canteenPath: string, feedbackId: string, action: FeedbackActionData): Promise<void> {
    assertInScope(scope, canteenPath);
    await tx.feedbackAction.create({ data: { feedbackId, ...action } });
  }

  /** The status a parent may see by tracking code (the code is the only key; the scope is the tree's). */
  findByTrackingCode(scope: Scope, trackingCode: string): Promise<PublicFeedbackRow | null> {
    return this.prisma.feedback.findFirst({ where: { trackingCode, canteen: scopeWhere(scope) }, select: PUBLIC_SELECT });
  }

  async list(scope: Scope, filter: FeedbackFilter, page: number, pageSize: number): Promise<{ rows: FeedbackSummaryRow[]; total: number }> {
    const where: Prisma.FeedbackWhereInput = {
      AND: [{ canteen: scopeWhere(scope) }, { canteen: { path: { startsWith: filter.unitPath } } }],
      status: filter.status,
      category: filter.category,
      trackingCode: filter.trackingCode,
      submittedAt: { gte: filter.submittedFrom, lt: filter.submittedBefore },
      ...(filter.overdue === undefined
        ? {}
        : filter.overdue
          ? { repliedAt: null, closedAt: null, dueAt: { lt: filter.now } }
          : { OR: [{ repliedAt: { not: null } }, { closedAt: { not: null } }, { dueAt: { gte: filter.now } }] }),
    };
    const [rows, total] = await Promise.all([
      this.prisma.feedback.findMany({ where, select: FEEDBACK_SUMMARY_SELECT, orderBy: [{ submittedAt: 'desc' }, { id: 'asc' }], skip: (page - 1) * pageSize, take: pageSize }),
      this.prisma.feedback.count({ where }),
    ]);
    return { rows, total };
  }

  findDetail(scope: Scope, id: string): Promise<FeedbackDetailRow | null> {
    return this.prisma.feedback.findFirst({ where: { id, canteen: scopeWhere(scope) }, select: FEEDBACK_DETAIL_SELECT });
  }

  /** The stored photo's description (not its bytes) of feedback in the scope. */
  async findPhoto(scope: Scope, feedbackId: string) {
    const feedback = await this.prisma.feedback.findFirst({ where: { id: feedbackId, canteen: scopeWhere(scope) }, select: { photoFileId: true } });
    if (!feedback?.photoFileId) return null;
    return this.prisma.storedFile.findUnique({ where: { id: feedback.photoFileId }, select: { id: true, contentType: true, sizeBytes: true } });
  }

  /** Changes the feedback only if it is still in `expected` status; false when someone else moved it first. */
  async update(tx: Tx, scope: Scope, id: string, expected: FeedbackStatus, data: Prisma.FeedbackUpdateManyMutationInput): Promise<boolean> {
    const { count } = await tx.feedback.updateMany({ where: { id, status: expected, canteen: scopeWhere(scope) }, data });
    return count === 1;
  }

  /** Unanswered feedback past its reply time, not yet announced, oldest first. */
  dueForOverdue(scope: Scope, now: Date, take: number): Promise<OverdueFeedbackRow[]> {
    return this.prisma.feedback.findMany({
      where: { repliedAt: null, closedAt: null, overdueNotifiedAt: null, dueAt: { lt: now }, canteen: scopeWhere(scope) },
      select: OVERDUE_SELECT,
      orderBy: { dueAt: 'asc' },
      take,
    });
  }

  /** Claims the announcement: false when another run did, or the feedback was answered meanwhile. */
  async markOverdue(tx: Tx, scope: Scope, id: string, now: Date): Promise<boolean> {
    const { count } = await tx.feedback.updateMany({
      where: { id, repliedAt: null, closedAt: null, overdueNotifiedAt: null, dueAt: { lt: now }, canteen: scopeWhere(scope) },
      data: { overdueNotifiedAt: now },
    });
    return count === 1;
  }

  /**
   * Per school of the unit's subtree (every school, also those without feedback), and the total:
   * counts by status, overdue and late answers, median and average hours to respond and to reply.
   */
  stats(scope: Scope, unitPath: string, from: Date, before: Date, now: Date): Promise<StatsRow[]> {
    const hours = (column: Prisma.Sql) => Prisma.sql`extract(epoch FROM (${column} - f.submitted_at)) / 3600`;
    return this.prisma.$queryRaw<StatsRow[]>`
      SELECT s.id AS school_id, s.name AS school_name, c.id AS county_id, c.name AS county_name,
             count(f.id)::int AS total,
             count(f.id) FILTER (WHERE f.status = 'new')::int AS new,
             count(f.id) FILTER (WHERE f.status = 'in_progress')::int AS in_progress,
             count(f.id) FILTER (WHERE f.status = 'replied')::int AS replied,
             count(f.id) FILTER (WHERE f.status = 'closed')::int AS closed,
             count(f.id) FILTER (WHERE f.replied_at IS NULL AND f.closed_at IS NULL AND f.due_at < ${now})::int AS overdue_open,
             count(f.id) FILTER (WHERE f.replied_at > f.due_at)::int AS replied_late,
             (percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours(Prisma.sql`f.first_response_at`)}))::float8 AS median_first_response_hours,
             (percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours(Prisma.sql`f.replied_at`)}))::float8 AS median_reply_hours,
             (avg(${hours(Prisma.sql`f.replied_at`)}))::float8 AS average_reply_hours
        FROM org_unit s
        LEFT JOIN org_unit c ON c.id = s.parent_id AND c.level = 'county'
        LEFT JOIN org_unit k ON k.parent_id = s.id AND k.level = 'canteen'
        LEFT JOIN feedback f ON f.canteen_id = k.id AND f.submitted_at >= ${from} AND f.submitted_at < ${before}
       WHERE s.level = 'school' AND s.path LIKE ${`${unitPath}%`} AND s.path LIKE ${`${scope.path}%`}
       GROUP BY GROUPING SETS ((s.id, s.name, c.id, c.name), ())
       ORDER BY (s.id IS NULL), c.name, s.name`;
  }
}
