import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  FEEDBACK_PHOTO_MAX_BYTES,
  type TFeedbackChallenge,
  type TFeedbackReceipt,
  type TPublicFeedbackStatus,
  type TSubmitFeedback,
  ZFeedbackChallenge,
  ZFeedbackReceipt,
  ZPublicFeedbackStatus,
  ZSubmitFeedback,
  ZTrackingCode,
  newTrackingCode,
  visiblePublicSections,
} from '@canteen/shared';
import type { FastifyRequest } from 'fastify';
import { AuditWriter } from '@/common/audit/audit.writer';
import { AppError, badRequest, notFound } from '@/common/http/app-error';
import { ZodValidationPipe } from '@/common/http/zod-validation.pipe';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import { StoredFiles } from '@/common/storage/stored-files';
import { type Upload, readMultipart } from '@/common/storage/uploads';
import { systemScope } from '@/common/tenancy/scope';
import { SettingsService } from '@/modules/settings/settings.service';
import { desensitise } from './desensitise';
import { FeedbackChallenges, challengeRequired } from './feedback-challenge';
import { FeedbackLimiter } from './feedback-limiter';
import { stripPhotoMetadata } from './feedback-photo';
import { toPublicFeedbackStatus } from './feedback.mapper';
import { FeedbackRepository, isTrackingCodeClash } from './feedback.repository';
import { PublicRepository } from './public.repository';
import { canteenNotFound } from './public.service';

const submission = new ZodValidationPipe(ZSubmitFeedback);
const trackingCodeParam = new ZodValidationPipe(ZTrackingCode);
const feedbackNotFound = () => notFound('未找到该反馈，请核对查询码', 'No feedback with that tracking code');
const feedbackClosed = () => new AppError(403, 'FEEDBACK_CLOSED', '该食堂暂未开放意见反馈', 'This canteen does not take feedback here');
const MAX_CODE_LENGTH = 64;
// A fresh tracking code is 50 random bits; a clash is retried, not expected.
const TRACKING_CODE_ATTEMPTS = 3;

/** Who sent it: no account, only where from (the audit log's IP and request id). */
export interface Sender {
  ip: string;
  requestId: string;
}

/**
 * The parents' side of feedback: a challenge, sending (proof of work, rate limits, validation, all
 * before anything is stored) and following it by tracking code. Answers pass the desensitising layer.
 */
@Injectable()
export class FeedbackSubmissionService {
  constructor(
    private readonly repository: FeedbackRepository,
    private readonly canteens: PublicRepository,
    private readonly challenges: FeedbackChallenges,
    private readonly limiter: FeedbackLimiter,
    private readonly settings: SettingsService,
    private readonly files: StoredFiles,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async challenge(canteenCode: string): Promise<TFeedbackChallenge> {
    const canteen = await this.openCanteen(canteenCode);
    // Nothing in a challenge comes from the database or names anyone; the schema still bounds it.
    return desensitise(ZFeedbackChallenge, this.challenges.issue(canteen.code), { verbatim: () => true });
  }

  /** JSON, or multipart with an optional photo (the same fields, `challenge` as JSON text). */
  async submit(canteenCode: string, request: FastifyRequest, sender: Sender): Promise<TFeedbackReceipt> {
    if (canteenCode.length > MAX_CODE_LENGTH) throw canteenNotFound();
    await this.limiter.assertIpUnderLimit(sender.ip);
    const { raw, photo } = await this.readInput(request);
    if (raw.challenge === undefined || raw.solution === undefined) throw challengeRequired();
    const input = submission.transform(raw);
    const canteen = await this.openCanteen(canteenCode);
    this.challenges.verify(input.challenge, input.solution, canteen.code);
    await this.limiter.hitSubmission(sender.ip, canteen.id);
    await this.challenges.spend(input.challenge);

    const { value: sla } = await this.settings.resolve('feedback.sla', canteen.id);
    for (let attempt = 1; ; attempt++) {
      try {
        return desensitise(ZFeedbackReceipt, await this.store(canteen, input, photo, sla.replyWithinHours, sender));
      } catch (error) {
        if (attempt >= TRACKING_CODE_ATTEMPTS || !isTrackingCodeClash(error)) throw error;
      }
    }
  }

  async status(trackingCode: string, sender: Sender): Promise<TPublicFeedbackStatus> {
    await this.limiter.hitTracking(sender.ip);
    let code: string;
    try {
      code = trackingCodeParam.transform(trackingCode);
    } catch {
      throw feedbackNotFound();
    }
    const row = await this.repository.findByTrackingCode(systemScope(), code);
    if (!row) throw feedbackNotFound();
    // Replies are written by the school's staff, who sign them or name colleagues.
    const school = row.canteen.parent;
    const names = school ? await this.canteens.accountNames(systemScope(school.path)) : [];
    return desensitise(ZPublicFeedbackStatus, toPublicFeedbackStatus(row), { names });
  }

  /** A connected canteen whose page takes feedback (the county may forbid the section). */
  private async openCanteen(code: string) {
    const canteen = await this.canteens.findConnectedCanteen(systemScope(), code);
    if (!canteen?.parent) throw canteenNotFound();
    const { value } = await this.settings.resolve('public.sections', canteen.id);
    if (!visiblePublicSections(value).includes('feedback')) throw feedbackClosed();
    return canteen;
  }

  private async readInput(request: FastifyRequest): Promise<{ raw: Record<string, unknown>; photo: Upload | null }> {
    if (request.isMultipart()) {
      const { upload, fields } = await readMultipart(request, ['jpeg', 'png'], FEEDBACK_PHOTO_MAX_BYTES);
      let challenge: unknown;
      if (fields.challenge !== undefined) {
        try {
          challenge = JSON.parse(fields.challenge);
        } catch {
          throw badRequest('CHALLENGE_INVALID', '验证信息无效，请重新提交', 'The challenge field is not JSON; send again');
        }
      }
      return { raw: { ...fields, challenge }, photo: upload };
    }
    const body: unknown = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('VALIDATION_FAILED', '请以 JSON 或表单提交反馈', 'Send the feedback as a JSON object or a multipart form');
    }
    return { raw: body as Record<string, unknown>, photo: null };
  }

  private async store(
    canteen: { id: string; path: string },
    input: TSubmitFeedback,
    photo: Upload | null,
    slaHours: number,
    sender: Sender,
  ): Promise<TFeedbackReceipt> {
    const scope = systemScope(canteen.path);
    const submittedAt = new Date();
    const dueAt = new Date(submittedAt.getTime() + slaHours * 3_600_000);
    return this.repository.prisma.$transaction(async (tx) => {
      let photoFileId: string | null = null;
      if (photo) {
        const data = stripPhotoMetadata(photo.data, photo.kind);
        const file = await this.files.save(tx, { ...photo, data, sha256: createHash('sha256').update(data).digest('hex') }, { uploadedById: null, supplierId: null });
        photoFileId = file.id;
      }
      const row = await this.repository.create(tx, scope, canteen.path, {
        trackingCode: newTrackingCode(),
        canteenId: canteen.id,
        category: input.category,
        text: input.text,
        contact: input.contact ?? null,
        photoFileId,
        submittedAt,
        slaHours,
        dueAt,
      });
      await this.repository.addAction(tx, scope, canteen.path, row.id, { kind: 'submitted', fromStatus: null, toStatus: 'new', actorId: null, actorName: null, at: submittedAt });
      const who = { userId: null, displayName: null, ip: sender.ip, requestId: sender.requestId };
      // The text and the contact stay in the feedback row: the audit log does not copy personal data.
      await this.audit.record(tx, who, {
        action: 'submit',
        entity: 'feedback',
        entityId: row.id,
        orgPath: canteen.path,
        after: { trackingCode: row.trackingCode, canteenId: canteen.id, category: input.category, characters: [...input.text].length, hasContact: !!input.contact, photoFileId },
      });
      await this.outbox.emit(tx, 'feedback.submitted', { feedbackId: row.id, canteenId: canteen.id, status: 'new', previousStatus: null }, canteen.path);
      return { trackingCode: row.trackingCode, status: 'new' as const, submittedAt: row.submittedAt.toISOString(), replyDueAt: row.dueAt.toISOString() };
    });
  }
}
