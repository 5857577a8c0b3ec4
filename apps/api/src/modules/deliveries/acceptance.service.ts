import { Inject, Injectable } from '@nestjs/common';
import {
  type CorrectionField,
  type ColdChain,
  COLD_CHAIN_LIMITS,
  type Role,
  type FoodGroup,
  type TAcceptDelivery,
  type TCreateDeliveryCorrection,
  type TDeliveryAcceptedEvent,
  type TDeliveryCorrection,
  type TDeliveryFile,
  type TManifestDetail,
  type TManifestIssue,
  ZDay,
  decimalPlaces,
  hasPermission,
  normaliseDecimal,
  shanghaiDay,
  temperatureInRange,
} from '@canteen/shared';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { LoginLimiter } from '@/common/auth/login-limiter';
import { hashPassword, verifyPassword } from '@/common/auth/password';
import { AuditWriter } from '@/common/audit/audit.writer';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { AppError, badRequest, conflict, notFound } from '@/common/http/app-error';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import { StoredFiles } from '@/common/storage/stored-files';
import { readUpload } from '@/common/storage/uploads';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { SupplyRules } from '@/modules/suppliers/supply-rules';
import { compareQuantities, retainUntil, statusAfterCheck, toDay } from './delivery-rules';
import { decimalText, expiryText, toCorrection } from './deliveries.mapper';
import { DeliveriesRepository, type ManifestDetailRow, type NewAcceptance } from './deliveries.repository';
import { DeliveriesService } from './deliveries.service';

const manifestNotFound = () => notFound('未找到该送货单', 'Delivery manifest not found');
const alreadyChecked = (status: string) =>
  conflict(
    `该送货单已完成验收（${status === 'rejected' ? '拒收' : status === 'accepted' ? '已验收' : '部分验收'}），不能再修改；如需更正，请提交更正记录并说明原因`,
    'This delivery was already checked and cannot change; record a correction with a reason instead',
  );
const secondInspectorRefused = () =>
  badRequest('SECOND_INSPECTOR_INVALID', '第二验收人用户名或密码错误，或不是本校食堂人员', "The second inspector's username or password is wrong, or the account is not of this school");

const limitsText = (coldChain: ColdChain) => {
  if (coldChain === 'ambient') return '';
  const limits = COLD_CHAIN_LIMITS[coldChain];
  return limits.minC === null ? `≤ ${limits.maxC} °C` : `${limits.minC}–${limits.maxC} °C`;
};

/** 进货查验: joint acceptance of a delivery by two different canteen users, and corrections after it. */
@Injectable()
export class AcceptanceService {
  // Verified for an unknown username, so that a miss costs as long as a wrong password.
  private readonly dummyHash = hashPassword(randomUUID());

  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly deliveries: DeliveriesService,
    private readonly limiter: LoginLimiter,
    private readonly files: StoredFiles,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly rules: SupplyRules,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async accept(actor: Actor, id: string, body: TAcceptDelivery): Promise<TManifestDetail> {
    const scope = requireAccess(actor, 'delivery:accept');
    const manifest = await this.findOrThrow(scope, id);
    if (manifest.status !== 'submitted') throw alreadyChecked(manifest.status);
    const second = await this.identifySecondInspector(actor, scope, body.secondInspector);
    const ingredients = new Map((await this.repository.findIngredientsByIds([...new Set(manifest.lines.map((l) => l.ingredientId))])).map((row) => [row.id, row]));
    const photos = new Set(await this.repository.findScopePhotos(scope, [...new Set(body.lines.flatMap((line) => line.photoIds))]));

    const issues: TManifestIssue[] = [];
    const add = (path: string, message: string, messageEn: string) => issues.push({ path, message, messageEn });
    const byId = new Map(manifest.lines.map((line) => [line.id, line]));
    const seen = new Set<string>();
    const decisions: NewAcceptance['lines'] = [];
    const checked: { lineNo: number; ingredientId: string; ingredientName: string; category: FoodGroup; lotCode: string; unit: string; quantity: string; unitPriceFen: number; expiry: string; quarantineRequired: boolean; certificateIds: string[] }[] = [];
    body.lines.forEach((input, i) => {
      const line = byId.get(input.lineId);
      if (!line) return add(`lines.${i}.lineId`, '不是本送货单的明细行', 'Not a line of this manifest');
      if (seen.has(line.id)) return add(`lines.${i}.lineId`, `第 ${line.lineNo} 行重复验收`, `Line ${line.lineNo} is checked twice`);
      seen.add(line.id);
      const ingredient = ingredients.get(line.ingredientId)!;
      const delivered = decimalText(line.quantity);
      const accepted = input.decision === 'accept' ? (input.acceptedQuantity ?? delivered) : '0';
      const before = issues.length;
      if (input.decision === 'accept') {
        if (compareQuantities(accepted, delivered) > 0) {
          add(`lines.${i}.acceptedQuantity`, `验收数量不能大于送货数量 ${delivered} ${line.unit}`, `The accepted quantity cannot exceed the delivered ${delivered} ${line.unit}`);
        }
        if (decimalPlaces(accepted) > ingredient.unitDecimals) {
          add(`lines.${i}.acceptedQuantity`, `「${ingredient.name}」的数量最多 ${ingredient.unitDecimals} 位小数`, `The quantity has at most ${ingredient.unitDecimals} decimals`);
        }
      }
      const coldChain = ingredient.coldChain as ColdChain;
      if (coldChain !== 'ambient' && input.decision === 'accept') {
        if (input.temperatureC === undefined) {
          add(`lines.${i}.temperatureC`, `「${ingredient.name}」是冷链食材，须记录到货温度（${limitsText(coldChain)}）`, `A cold-chain item needs its temperature on arrival (${limitsText(coldChain)})`);
        } else if (!temperatureInRange(coldChain, input.temperatureC) && !input.reason) {
          add(
            `lines.${i}.temperatureC`,
            `到货温度 ${input.temperatureC} °C 超出 ${limitsText(coldChain)}：应拒收，或填写接收原因`,
            `The temperature ${input.temperatureC} °C is outside ${limitsText(coldChain)}: reject the line, or give the reason for accepting it`,
          );
        }
      }
      input.photoIds.forEach((photoId, k) => {
        if (!photos.has(photoId)) add(`lines.${i}.photoIds.${k}`, `照片 ${photoId} 不存在或不是本校上传的`, `Photo ${photoId} does not exist or was not uploaded by this school`);
      });
      if (issues.length > before) return;
      decisions.push({
        deliveryLineId: line.id,
        decision: input.decision,
        acceptedQuantity: accepted,
        temperatureC: input.temperatureC === undefined ? null : Math.round(input.temperatureC * 10) / 10,
        reason: input.reason ?? null,
        photoIds: [...new Set(input.photoIds)],
        batch:
          input.decision === 'accept'
            ? { ingredientId: line.ingredientId, lotCode: line.lotCode, unit: line.unit, unitPriceFen: line.unitPriceFen, productionDate: line.productionDate, expiryDate: line.expiryDate }
            : null,
      });
      checked.push({
        lineNo: line.lineNo,
        ingredientId: line.ingredientId,
        ingredientName: ingredient.name,
        category: ingredient.category as FoodGroup,
        lotCode: line.lotCode,
        unit: line.unit,
        quantity: delivered,
        unitPriceFen: line.unitPriceFen,
        expiry: toDay(line.expiryDate),
        quarantineRequired: ingredient.quarantineRequired,
        certificateIds: line.certificateIds,
      });
    });
    const missing = manifest.lines.filter((line) => !seen.has(line.id));
    if (missing.length > 0) {
      add('lines', `还有 ${missing.length} 行未验收（第 ${missing.map((l) => l.lineNo).join('、')} 行）`, `Lines ${missing.map((l) => l.lineNo).join(', ')} are not checked`);
    }
    if (issues.length > 0) {
      throw new AppError(422, 'ACCEPTANCE_INVALID', `验收记录有 ${issues.length} 处问题，未保存`, `The acceptance has ${issues.length} problem(s); nothing was stored`, issues);
    }

    const status = statusAfterCheck(decisions.map((d, k) => ({ decision: d.decision, acceptedQuantity: d.acceptedQuantity, quantity: checked[k]!.quantity })));
    const today = shanghaiDay();
    const keepUntil = retainUntil(checked.map((line) => line.expiry), today);
    const inspectorIds = [actor.userId, second.id];
    await this.repository.prisma.$transaction(
      async (tx) => {
        // A supplier blacklisted after it submitted the delivery may no longer supply: its goods can only be rejected.
        if (decisions.some((d) => d.decision === 'accept')) await this.rules.assertMaySupply(tx, manifest.supplierId);
        const acceptance = await this.repository.recordAcceptance(tx, scope, {
          manifestId: manifest.id,
          canteenId: manifest.canteen.id,
          canteenPath: manifest.canteen.path,
          inspectorIds,
          note: body.note ?? null,
          status,
          retainUntil: keepUntil,
          purchaseOrderId: manifest.purchaseOrderId,
          supplierId: manifest.supplierId,
          lines: decisions,
          fileIds: [...manifest.lines.flatMap((line) => line.certificateIds), ...decisions.flatMap((d) => d.photoIds)],
        });
        if (!acceptance) throw alreadyChecked('accepted');
        await this.audit.record(tx, actor, {
          action: 'accept',
          entity: 'delivery_manifest',
          entityId: manifest.id,
          orgPath: manifest.canteen.path,
          before: { status: manifest.status },
          after: { status, retainUntil: keepUntil, acceptanceId: acceptance.id, inspectorIds, lines: decisions.map(({ batch: _b, ...d }) => d) },
        });
        const base = { manifestId: manifest.id, code: manifest.code, supplierId: manifest.supplierId, canteenId: manifest.canteen.id, deliveryDate: toDay(manifest.deliveryDate) };
        await this.outbox.emit(
          tx,
          'delivery.accepted',
          {
            ...base,
            status,
            supplier: manifest.supplier,
            canteen: { id: manifest.canteen.id, name: manifest.canteen.name },
            acceptanceId: acceptance.id,
            acceptedAt: acceptance.acceptedAt.toISOString(),
            inspectorIds,
            lines: decisions.map((d, k) => ({
              deliveryLineId: d.deliveryLineId,
              lineNo: checked[k]!.lineNo,
              ingredientId: checked[k]!.ingredientId,
              ingredientName: checked[k]!.ingredientName,
              category: checked[k]!.category,
              lotCode: checked[k]!.lotCode,
              unit: checked[k]!.unit,
              quantity: checked[k]!.quantity,
              acceptedQuantity: d.acceptedQuantity,
              unitPriceFen: checked[k]!.unitPriceFen,
              decision: d.decision,
              temperatureC: d.temperatureC,
              quarantineRequired: checked[k]!.quarantineRequired,
              certificateIds: checked[k]!.certificateIds,
            })),
          } satisfies TDeliveryAcceptedEvent,
          manifest.canteen.path,
        );
        for (const [k, d] of decisions.entries()) {
          if (d.decision !== 'reject') continue;
          await this.outbox.emit(
            tx,
            'delivery.rejected-line',
            {
              ...base,
              deliveryLineId: d.deliveryLineId,
              lineNo: checked[k]!.lineNo,
              ingredientId: checked[k]!.ingredientId,
              ingredientName: checked[k]!.ingredientName,
              lotCode: checked[k]!.lotCode,
              reason: d.reason,
              temperatureC: d.temperatureC,
            },
            manifest.canteen.path,
          );
        }
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    return this.deliveries.get(actor, id);
  }

  /**
   * The second person of 双人联检 signs in on the same device: the password is checked (rate-limited
   * like a sign-in), and the account must be another person of this school allowed to accept deliveries.
   */
  private async identifySecondInspector(actor: Actor, scope: Scope, credentials: TAcceptDelivery['secondInspector']) {
    await this.limiter.hit(actor.ip, credentials.username);
    const user = await this.repository.findInspector(scope, credentials.username);
    if (!user || user.disabledAt) {
      await verifyPassword(await this.dummyHash, credentials.password);
      throw secondInspectorRefused();
    }
    if (user.lockedUntil && user.lockedUntil > new Date()) {
      throw new AppError(423, 'ACCOUNT_LOCKED', '第二验收人的账号已临时锁定，请稍后再试', "The second inspector's account is locked for a while");
    }
    if (!(await verifyPassword(user.passwordHash, credentials.password))) throw secondInspectorRefused();
    await this.limiter.succeeded(actor.ip, credentials.username);
    if (user.id === actor.userId) {
      throw badRequest('SAME_INSPECTOR', '第二验收人不能是本人：进货查验须由两名不同人员共同完成', 'The second inspector must be another person: deliveries are checked by two people');
    }
    if (!hasPermission(user.role as Role, 'delivery:accept') || user.orgUnit?.level !== 'school') {
      throw badRequest('INSPECTOR_NOT_ALLOWED', '第二验收人须是本校有进货查验权限的食堂人员', 'The second inspector must be canteen staff of this school allowed to accept deliveries');
    }
    return user;
  }

  /** Multipart: one photo (JPEG/PNG) taken at acceptance, to refer to in the acceptance lines. */
  async uploadPhoto(actor: Actor, id: string, request: FastifyRequest): Promise<TDeliveryFile> {
    const scope = requireAccess(actor, 'delivery:accept');
    const manifest = await this.findOrThrow(scope, id);
    if (manifest.status !== 'submitted') throw alreadyChecked(manifest.status);
    const upload = await readUpload(request, ['jpeg', 'png'], this.config.UPLOAD_MAX_BYTES);
    return this.repository.prisma.$transaction(async (tx) => {
      const file = await this.files.save(tx, upload, { uploadedById: actor.userId, supplierId: null });
      await this.audit.record(tx, actor, { action: 'upload', entity: 'stored_file', entityId: file.id, orgPath: manifest.canteen.path, after: { ...file, manifestId: id, purpose: 'acceptance-photo' } });
      return file;
    });
  }

  /** After the check a delivery never changes: a correction is a new record with the old value, the new one and why. */
  async correct(actor: Actor, id: string, body: TCreateDeliveryCorrection): Promise<TDeliveryCorrection> {
    const scope = requireAccess(actor, 'delivery:accept');
    const manifest = await this.findOrThrow(scope, id);
    if (manifest.status === 'submitted') {
      throw conflict('该送货单尚未验收，请在验收时如实记录，无需更正', 'The delivery is not checked yet; record the facts at acceptance');
    }
    const { oldValue, newValue } = this.correctionValues(manifest, body);
    const line = body.lineId ? manifest.lines.find((l) => l.id === body.lineId) : undefined;
    return this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.createCorrection(tx, scope, manifest.canteen.path, {
        manifestId: manifest.id,
        deliveryLineId: line?.id ?? null,
        field: body.field,
        oldValue,
        newValue,
        reason: body.reason,
        createdById: actor.userId,
      });
      await this.audit.record(tx, actor, { action: 'correct', entity: 'delivery_manifest', entityId: manifest.id, orgPath: manifest.canteen.path, after: row });
      await this.outbox.emit(
        tx,
        'delivery.corrected',
        { manifestId: manifest.id, code: manifest.code, correctionId: row.id, deliveryLineId: row.deliveryLineId, field: row.field, oldValue, newValue, reason: body.reason },
        manifest.canteen.path,
      );
      const lineNos = new Map(manifest.lines.map((l) => [l.id, l.lineNo]));
      return toCorrection(row, lineNos, {
        ingredients: new Map(),
        farmBases: new Map(),
        files: new Map(),
        users: new Map([[actor.userId, { id: actor.userId, displayName: actor.displayName }]]),
      });
    });
  }

  private correctionValues(manifest: ManifestDetailRow, body: TCreateDeliveryCorrection): { oldValue: string | null; newValue: string } {
    const field: CorrectionField = body.field;
    if (field === 'note' && !body.lineId) return { oldValue: manifest.note, newValue: body.newValue };
    const line = body.lineId ? manifest.lines.find((l) => l.id === body.lineId) : undefined;
    if (!line) {
      throw new AppError(400, 'VALIDATION_FAILED', '请求内容不符合要求', 'The request is not valid', [
        { path: 'lineId', message: body.lineId ? '不是本送货单的明细行' : '请选择要更正的明细行', messageEn: body.lineId ? 'Not a line of this manifest' : 'Choose the line to correct' },
      ]);
    }
    const invalid = (zh: string, en: string) => new AppError(400, 'VALIDATION_FAILED', '请求内容不符合要求', 'The request is not valid', [{ path: 'newValue', message: zh, messageEn: en }]);
    const value = body.newValue.trim();
    switch (field) {
      case 'acceptedQuantity': {
        if (!/^\d+(\.\d+)?$/.test(value)) throw invalid('数量不是有效的数字', 'The quantity is not a number');
        const accepted = manifest.acceptance?.lines.find((l) => l.deliveryLineId === line.id);
        return { oldValue: accepted ? decimalText(accepted.acceptedQuantity) : null, newValue: normaliseDecimal(value) };
      }
      case 'unitPriceFen':
        if (!/^\d{1,9}$/.test(value)) throw invalid('单价须为不小于 0 的整数（分）', 'The unit price is a whole number of fen, at least 0');
        return { oldValue: String(line.unitPriceFen), newValue: String(Number(value)) };
      case 'lotCode':
        if (value.length > 64) throw invalid('批次号不能超过 64 个字符', 'The lot code is at most 64 characters');
        return { oldValue: line.lotCode, newValue: value };
      case 'productionDate':
      case 'expiryDate': {
        if (!ZDay.safeParse(value).success) throw invalid('日期格式应为 YYYY-MM-DD 且是真实日期', 'Dates are YYYY-MM-DD and must exist');
        const old = field === 'productionDate' ? toDay(line.productionDate) : expiryText(line.expiryDate);
        return { oldValue: old, newValue: value };
      }
      case 'note':
        return { oldValue: line.note, newValue: value };
    }
  }

  private async findOrThrow(scope: Scope, id: string): Promise<ManifestDetailRow> {
    const manifest = await this.repository.findDetailForTree(scope, id);
    if (!manifest) throw manifestNotFound();
    return manifest;
  }
}

