import { Inject, Injectable } from '@nestjs/common';
import {
  type AlertSeverity,
  type TAlertDetail,
  type TAlertFile,
  type TAlertQuery,
  type TAlertSummary,
  type TBulkAcknowledgeResult,
  type TCloseAlert,
  type THandleAlert,
  type TNotificationMessage,
  type TPage,
  type TSendBackAlert,
  addDays,
  shanghaiDayStart,
} from '@canteen/shared';
import type { FastifyRequest } from 'fastify';
import { AuditWriter } from '@/common/audit/audit.writer';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { AppError, badRequest, conflict, notFound } from '@/common/http/app-error';
import type { Tx } from '@/common/prisma/prisma.service';
import { type StoredFileRecord, StoredFiles } from '@/common/storage/stored-files';
import { readUpload } from '@/common/storage/uploads';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess, systemScope } from '@/common/tenancy/scope';
import { SettingsService } from '@/modules/settings/settings.service';
import { type AlertState, refuseAcknowledge, refuseEvidence, refuseHandle, refuseReview } from './alert-policy';
import { dueTimes } from './alert-routing';
import { detailReferences, toAlertDetail, toAlertSummary } from './alerts.mapper';
import { type AlertSummaryRow, AlertsRepository } from './alerts.repository';
import { Clock } from './clock';
import { NotificationPublisher } from './notification-publisher';

const alertNotFound = () => notFound('未找到该预警', 'Alert not found');
const changedMeanwhile = () => conflict('该预警刚被他人处理，请刷新后重试', 'Someone else acted on the alert just now; reload and try again');

/** Start of a day in Asia/Shanghai (UTC+8, no daylight saving). */

/**
 * The alert lifecycle for people: the holder acknowledges and handles (measures, evidence); a level
 * above reviews — closes it or sends it back.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly repository: AlertsRepository,
    private readonly settings: SettingsService,
    private readonly files: StoredFiles,
    private readonly audit: AuditWriter,
    private readonly publisher: NotificationPublisher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(actor: Actor, query: TAlertQuery): Promise<TPage<TAlertSummary>> {
    const scope = requireAccess(actor, 'alert:read');
    let unitPath: string | undefined;
    if (query.orgUnitId) {
      const unit = await this.repository.findUnit(scope, query.orgUnitId);
      if (!unit) throw notFound('未找到该单位', 'Org unit not found');
      unitPath = unit.path;
    }
    const [rows, total] = await this.repository.list(
      scope,
      {
        severity: query.severity,
        ruleId: query.ruleId,
        status: query.status,
        unitPath,
        responsibleUnitId: query.mine ? actor.orgUnit!.id : undefined,
        raisedFrom: query.from ? shanghaiDayStart(query.from) : undefined,
        raisedBefore: query.to ? shanghaiDayStart(addDays(query.to, 1)) : undefined,
      },
      query.page,
      query.pageSize,
    );
    const now = this.clock.now();
    return { items: rows.map((row) => toAlertSummary(row, actor, now)), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string): Promise<TAlertDetail> {
    const scope = requireAccess(actor, 'alert:read');
    return this.detail(actor, scope, id);
  }

  async acknowledge(actor: Actor, id: string): Promise<TAlertDetail> {
    const scope = requireAccess(actor, 'alert:handle');
    await this.acknowledgeOne(actor, scope, id);
    return this.detail(actor, scope, id);
  }

  /** Each alert on its own: one refused does not hold back the others. */
  async acknowledgeMany(actor: Actor, ids: string[]): Promise<TBulkAcknowledgeResult> {
    const scope = requireAccess(actor, 'alert:handle');
    const results: TBulkAcknowledgeResult['results'] = [];
    for (const id of new Set(ids)) {
      try {
        await this.acknowledgeOne(actor, scope, id);
        results.push({ id, ok: true });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ id, ok: false, statusCode: error.getStatus(), message: error.zh, messageEn: error.en });
      }
    }
    return { results };
  }

  /** Multipart: a photo or document (JPEG/PNG/PDF) of the measures taken; its id goes into `evidenceFileIds`. */
  async uploadEvidence(actor: Actor, id: string, request: FastifyRequest): Promise<TAlertFile> {
    const scope = requireAccess(actor, 'alert:handle');
    const alert = await this.findVisible(scope, id);
    const refusal = refuseEvidence(actor, alert);
    if (refusal) throw refusal;
    const upload = await readUpload(request, ['jpeg', 'png', 'pdf'], this.config.UPLOAD_MAX_BYTES);
    return this.repository.prisma.$transaction(async (tx) => {
      const file = await this.files.save(tx, upload, { uploadedById: actor.userId, supplierId: null });
      await this.audit.record(tx, actor, {
        action: 'upload',
        entity: 'stored_file',
        entityId: file.id,
        orgPath: alert.subjectPath,
        after: { ...file, alertId: id, purpose: 'alert-evidence' },
      });
      return { id: file.id, originalName: file.originalName, contentType: file.contentType, sizeBytes: file.sizeBytes };
    });
  }

  /** An evidence file attached to an alert the caller may see. */
  async file(actor: Actor, id: string, fileId: string): Promise<{ record: StoredFileRecord; data: Buffer }> {
    const scope = requireAccess(actor, 'alert:read');
    const row = await this.repository.findDetail(scope, id);
    if (!row) throw alertNotFound();
    const attached = row.actions.some((action) => action.evidenceFileIds.includes(fileId));
    const file = attached ? await this.files.read(fileId) : null;
    if (!file) throw notFound('未找到该文件', 'File not found');
    return file;
  }

  async handle(actor: Actor, id: string, body: THandleAlert): Promise<TAlertDetail> {
    const scope = requireAccess(actor, 'alert:handle');
    const evidenceFileIds = [...new Set(body.evidenceFileIds)];
    const found = await this.findVisible(scope, id);
    const refused = refuseHandle(actor, found);
    if (refused) throw refused;
    await this.checkEvidence(scope, found, evidenceFileIds);
    await this.repository.prisma.$transaction(async (tx) => {
      const alert = await this.findVisible(scope, id, tx);
      const refusal = refuseHandle(actor, alert);
      if (refusal) throw refusal;
      const now = this.clock.now();
      if (!(await this.repository.transition(tx, scope, id, { status: 'acknowledged', responsibleUnitId: found.responsibleUnitId }, { status: 'handled', handledAt: now }))) {
        throw changedMeanwhile();
      }
      await this.repository.addAction(tx, scope, alert.subjectPath, {
        alertId: id,
        kind: 'handled',
        actorId: actor.userId,
        actorName: actor.displayName,
        actingUnitId: alert.responsibleUnitId,
        note: body.measures,
        evidenceFileIds,
        at: now,
      });
      await this.audit.record(tx, actor, {
        action: 'handle',
        entity: 'alert',
        entityId: id,
        orgPath: alert.subjectPath,
        before: { status: alert.status },
        after: { status: 'handled', measures: body.measures, evidenceFileIds },
      });
    });
    return this.detail(actor, scope, id);
  }

  async close(actor: Actor, id: string, body: TCloseAlert): Promise<TAlertDetail> {
    const scope = requireAccess(actor, 'alert:review');
    const note = body.note ? body.note : null;
    const message = await this.repository.prisma.$transaction(async (tx) => {
      const alert = await this.findVisible(scope, id, tx);
      const refusal = refuseReview(actor, alert);
      if (refusal) throw refusal;
      const now = this.clock.now();
      if (!(await this.repository.transition(tx, scope, id, { status: 'handled', responsibleUnitId: alert.responsibleUnitId }, { status: 'closed', closedAt: now }))) {
        throw changedMeanwhile();
      }
      await this.repository.addAction(tx, scope, alert.subjectPath, {
        alertId: id,
        kind: 'closed',
        actorId: actor.userId,
        actorName: actor.displayName,
        actingUnitId: actor.orgUnit!.id,
        note,
        at: now,
      });
      await this.audit.record(tx, actor, { action: 'close', entity: 'alert', entityId: id, orgPath: alert.subjectPath, before: { status: alert.status }, after: { status: 'closed', note } });
      return this.notifyHolder(tx, alert, 'closed');
    });
    await this.publisher.publish([message]);
    return this.detail(actor, scope, id);
  }

  /** Back to the holder, acknowledged, with a fresh handling time: the measures were not enough. */
  async sendBack(actor: Actor, id: string, body: TSendBackAlert): Promise<TAlertDetail> {
    const scope = requireAccess(actor, 'alert:review');
    const found = await this.findVisible(scope, id);
    const slas = (await this.settings.resolve('warnings.sla', found.responsibleUnitId)).value;
    const message = await this.repository.prisma.$transaction(async (tx) => {
      const alert = await this.findVisible(scope, id, tx);
      const refusal = refuseReview(actor, alert);
      if (refusal) throw refusal;
      const now = this.clock.now();
      const { handleDueAt } = dueTimes(slas, alert.severity as AlertSeverity, now);
      const moved = await this.repository.transition(
        tx,
        scope,
        id,
        { status: 'handled', responsibleUnitId: found.responsibleUnitId },
        { status: 'acknowledged', handledAt: null, handleDueAt, reopenedCount: { increment: 1 } },
      );
      if (!moved) throw changedMeanwhile();
      await this.repository.addAction(tx, scope, alert.subjectPath, {
        alertId: id,
        kind: 'sent_back',
        actorId: actor.userId,
        actorName: actor.displayName,
        actingUnitId: actor.orgUnit!.id,
        note: body.reason,
        at: now,
      });
      await this.audit.record(tx, actor, {
        action: 'send_back',
        entity: 'alert',
        entityId: id,
        orgPath: alert.subjectPath,
        before: { status: alert.status },
        after: { status: 'acknowledged', reason: body.reason, handleDueAt },
      });
      return this.notifyHolder(tx, alert, 'sent_back');
    });
    await this.publisher.publish([message]);
    return this.detail(actor, scope, id);
  }

  private async acknowledgeOne(actor: Actor, scope: Scope, id: string): Promise<void> {
    await this.repository.prisma.$transaction(async (tx) => {
      const alert = await this.findVisible(scope, id, tx);
      const refusal = refuseAcknowledge(actor, alert);
      if (refusal) throw refusal;
      const now = this.clock.now();
      if (!(await this.repository.transition(tx, scope, id, { status: 'raised', responsibleUnitId: alert.responsibleUnitId }, { status: 'acknowledged', acknowledgedAt: now }))) {
        throw changedMeanwhile();
      }
      await this.repository.addAction(tx, scope, alert.subjectPath, {
        alertId: id,
        kind: 'acknowledged',
        actorId: actor.userId,
        actorName: actor.displayName,
        actingUnitId: alert.responsibleUnitId,
        at: now,
      });
      await this.audit.record(tx, actor, { action: 'acknowledge', entity: 'alert', entityId: id, orgPath: alert.subjectPath, before: { status: 'raised' }, after: { status: 'acknowledged' } });
    });
  }

  /** Evidence must exist and come from the holder's own staff (uploaded through this alert's endpoint). */
  private async checkEvidence(scope: Scope, alert: AlertState, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const files = await this.repository.findFiles(ids);
    const uploaders = [...new Set(files.flatMap((file) => (file.uploadedById ? [file.uploadedById] : [])))];
    const staff = new Set((await this.repository.usersAt(scope, alert.responsibleUnitId, uploaders)).map((user) => user.id));
    const unusable = ids.filter((fileId) => {
      const file = files.find((f) => f.id === fileId);
      return !file || !file.uploadedById || !staff.has(file.uploadedById);
    });
    if (unusable.length > 0) {
      throw badRequest('EVIDENCE_NOT_FOUND', `佐证文件 ${unusable.join('、')} 不存在或不是本单位上传的`, `Evidence files ${unusable.join(', ')} do not exist or were not uploaded by this unit`);
    }
  }

  private async notifyHolder(tx: Tx, alert: AlertSummaryRow, kind: 'closed' | 'sent_back'): Promise<TNotificationMessage> {
    const handlers = await this.repository.handlersAt(systemScope(alert.responsiblePath), alert.responsibleUnitId, tx);
    const userIds = handlers.map((user) => user.id);
    await this.repository.notify(tx, systemScope(alert.subjectPath), alert.subjectPath, alert.id, kind, userIds);
    return { userIds, alertId: alert.id, kind };
  }

  private async findVisible(scope: Scope, id: string, tx?: Tx): Promise<AlertSummaryRow> {
    const row = await this.repository.findSummary(scope, id, tx);
    if (!row) throw alertNotFound();
    return row;
  }

  private async detail(actor: Actor, scope: Scope, id: string): Promise<TAlertDetail> {
    const row = await this.repository.findDetail(scope, id);
    if (!row) throw alertNotFound();
    const { unitIds, fileIds } = detailReferences(row);
    const [units, files] = await Promise.all([this.repository.unitNamesOnPath(row.subjectPath, unitIds), this.repository.findFiles(fileIds)]);
    return toAlertDetail(row, actor, this.clock.now(), {
      units: new Map(units.map((unit) => [unit.id, unit])),
      files: new Map(files.map(({ uploadedById: _uploader, ...file }) => [file.id, file])),
    });
  }
}
