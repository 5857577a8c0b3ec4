import { Injectable } from '@nestjs/common';
import {
  type FeedbackStatus,
  type TFeedbackActionInput,
  type TFeedbackDetail,
  type TFeedbackPage,
  type TFeedbackQuery,
  type TFeedbackStats,
  type TFeedbackStatsQuery,
  addDays,
  hasPermission,
  shanghaiDay,
  shanghaiDayStart,
} from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { AppError, notFound } from '@/common/http/app-error';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import type { Prisma } from '@/common/prisma/prisma.service';
import { type StoredFileRecord, StoredFiles } from '@/common/storage/stored-files';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { transition } from './feedback-rules';
import { toFeedbackDetail, toFeedbackSummary, toStatsCounts, toStatsRow } from './feedback.mapper';
import { type FeedbackDetailRow, FeedbackRepository } from './feedback.repository';

const feedbackNotFound = () => notFound('未找到该反馈', 'Feedback not found');
const unitNotFound = () => notFound('未找到该单位', 'Org unit not found');
const STATS_DEFAULT_DAYS = 30;

/** The first instant of a day in Asia/Shanghai (UTC+8 all year). */

/**
 * The console side of feedback: the school handles its own (start, reply, close, notes), every level
 * above reads its subtree's with the handling times. Out of scope answers 404.
 */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly repository: FeedbackRepository,
    private readonly files: StoredFiles,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async list(actor: Actor, query: TFeedbackQuery): Promise<TFeedbackPage> {
    const scope = requireAccess(actor, 'feedback:read');
    const { path: unitPath } = await this.unit(scope, query.orgUnitId);
    const now = new Date();
    const { rows, total } = await this.repository.list(
      scope,
      {
        unitPath,
        status: query.status,
        category: query.category,
        overdue: query.overdue,
        submittedFrom: query.from ? shanghaiDayStart(query.from) : undefined,
        submittedBefore: query.to ? shanghaiDayStart(addDays(query.to, 1)) : undefined,
        trackingCode: query.trackingCode,
        now,
      },
      query.page,
      query.pageSize,
    );
    return { items: rows.map((row) => toFeedbackSummary(row, now)), total, page: query.page, pageSize: query.pageSize };
  }

  async stats(actor: Actor, query: TFeedbackStatsQuery): Promise<TFeedbackStats> {
    const scope = requireAccess(actor, 'feedback:read');
    const unit = await this.unit(scope, query.orgUnitId);
    // Handling times are a school's: asked about a canteen, the figures are its school's.
    const unitPath = unit.level === 'canteen' ? unit.path.replace(/[^/]+\/$/, '') : unit.path;
    const to = query.to ?? shanghaiDay();
    const from = query.from ?? addDays(to, -(STATS_DEFAULT_DAYS - 1));
    const rows = await this.repository.stats(scope, unitPath, shanghaiDayStart(from), shanghaiDayStart(addDays(to, 1)), new Date());
    const totals = rows.find((row) => row.school_id === null);
    return {
      from,
      to,
      rows: rows.filter((row) => row.school_id !== null).map(toStatsRow),
      totals: totals
        ? toStatsCounts(totals)
        : { total: 0, byStatus: { new: 0, in_progress: 0, replied: 0, closed: 0 }, overdueOpen: 0, repliedLate: 0, medianFirstResponseHours: null, medianReplyHours: null, averageReplyHours: null },
    };
  }

  async get(actor: Actor, id: string): Promise<TFeedbackDetail> {
    const scope = requireAccess(actor, 'feedback:read');
    return this.detail(actor, scope, await this.find(scope, id));
  }

  /** The photo a parent attached; only for those who may read the feedback. */
  async photo(actor: Actor, id: string): Promise<{ record: StoredFileRecord; data: Buffer }> {
    const scope = requireAccess(actor, 'feedback:read');
    const row = await this.find(scope, id);
    const file = row.photoFileId ? await this.files.read(row.photoFileId) : null;
    if (!file) throw notFound('该反馈没有照片', 'This feedback has no photo');
    return file;
  }

  /** One step of the handling loop, by the school whose canteen received it. */
  async act(actor: Actor, id: string, input: TFeedbackActionInput): Promise<TFeedbackDetail> {
    const scope = requireAccess(actor, 'feedback:handle');
    const row = await this.find(scope, id);
    const from = row.status as FeedbackStatus;
    const step = transition(from, input);
    const now = new Date();
    const data: Prisma.FeedbackUpdateManyMutationInput = { status: step.to };
    if (step.kind !== 'note') data.firstResponseAt = row.firstResponseAt ?? now;
    if (step.kind === 'replied' && input.kind === 'reply') {
      data.publicReply = input.reply;
      data.publicReplyAt = now;
      data.repliedAt = row.repliedAt ?? now;
    }
    if (step.kind === 'closed') data.closedAt = now;
    const reply = input.kind === 'reply' ? input.reply : null;
    const note = input.note ?? null;

    await this.repository.prisma.$transaction(async (tx) => {
      if (!(await this.repository.update(tx, scope, row.id, from, data))) {
        throw new AppError(409, 'FEEDBACK_CHANGED', '该反馈刚被他人处理，请刷新后重试', 'Someone else just handled this feedback; reload and try again');
      }
      await this.repository.addAction(tx, scope, row.canteen.path, row.id, {
        kind: step.kind,
        fromStatus: from,
        toStatus: step.to,
        reply,
        note,
        actorId: actor.userId,
        actorName: actor.displayName,
        at: now,
      });
      await this.audit.record(tx, actor, {
        action: input.kind,
        entity: 'feedback',
        entityId: row.id,
        orgPath: row.canteen.path,
        before: { status: from, publicReply: row.publicReply },
        after: { status: step.to, publicReply: reply ?? row.publicReply, note },
      });
      const event = { feedbackId: row.id, canteenId: row.canteen.id, status: step.to, previousStatus: from };
      if (step.to !== from) await this.outbox.emit(tx, 'feedback.status-changed', event, row.canteen.path);
      if (step.kind === 'replied') await this.outbox.emit(tx, 'feedback.replied', event, row.canteen.path);
    });
    return this.detail(actor, scope, await this.find(scope, id));
  }

  private async find(scope: Scope, id: string): Promise<FeedbackDetailRow> {
    const row = await this.repository.findDetail(scope, id);
    if (!row) throw feedbackNotFound();
    return row;
  }

  /** The subtree a list covers: a unit the asker names (in scope, else 404), or the asker's own. */
  private async unit(scope: Scope, orgUnitId: string | undefined): Promise<{ path: string; level: string | null }> {
    if (!orgUnitId) return { path: scope.path, level: null };
    const unit = await this.repository.findUnit(scope, orgUnitId);
    if (!unit) throw unitNotFound();
    return unit;
  }

  private async detail(actor: Actor, scope: Scope, row: FeedbackDetailRow): Promise<TFeedbackDetail> {
    // Those who handle it are the school's own staff: their scope is the school, so they read it in full.
    const handles = hasPermission(actor.role, 'feedback:handle');
    const status = row.status as FeedbackStatus;
    const photo = row.photoFileId ? await this.repository.findPhoto(scope, row.id) : null;
    return toFeedbackDetail(row, new Date(), {
      fullContact: handles,
      photo: photo ? { id: photo.id, contentType: photo.contentType, sizeBytes: photo.sizeBytes } : null,
      can: {
        start: handles && status === 'new',
        reply: handles && status !== 'closed',
        close: handles && status !== 'closed',
        note: handles,
      },
    });
  }
}
