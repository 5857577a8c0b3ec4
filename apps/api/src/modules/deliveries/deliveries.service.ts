import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type TDeliveryFile,
  type DeliveryRefusalReason,
  type FoodGroup,
  type TDeliveryQuery,
  type TDeliveryRefusedEvent,
  type TManifestDetail,
  type TManifestHeader,
  type TManifestIssue,
  type TManifestLineInput,
  type TManifestSummary,
  type TPage,
  type TSubmitManifest,
  MANIFEST_FILE_COLUMNS,
  ZManifestHeader,
  ZManifestLineInput,
  forbiddenReason,
  shanghaiDay,
} from '@canteen/shared';
import type { FastifyRequest } from 'fastify';
import { AuditWriter } from '@/common/audit/audit.writer';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { AppError, conflict, notFound } from '@/common/http/app-error';
import { ZodValidationPipe } from '@/common/http/zod-validation.pipe';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import { type StoredFileRecord, StoredFiles } from '@/common/storage/stored-files';
import { readUpload } from '@/common/storage/uploads';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, type SupplierScope, requireSupplierAccess, systemScope } from '@/common/tenancy/scope';
import { DocumentCodes } from './document-codes.repository';
import { type SupplierKeyAccess, canteenNotFound, isSupplierScope, requireDeliveryReadAccess, schoolPathOf } from './delivery-access';
import { type DetailRefs, toManifestDetail, toManifestSummary } from './deliveries.mapper';
import { DeliveriesRepository, type ManifestDetailRow } from './deliveries.repository';
import { type ManifestFileContent, buildTemplate, cellIssue, fileColumnFor, readManifestFile } from './manifest-file';
import { type LineToCheck, type ManifestProblem, type ValidatedManifest, ManifestValidator } from './manifest-validator';
import { manifestContentHash } from './delivery-rules';

type AuditWho = Parameters<AuditWriter['record']>[1];

interface Origin {
  source: 'form' | 'file' | 'api';
  submittedById: string | null;
  apiKeyId: string | null;
  who: AuditWho;
}

const headerFields = new ZodValidationPipe(ZManifestHeader);
const lineFields = new ZodValidationPipe(ZManifestLineInput);
const manifestNotFound = () => notFound('未找到该送货单', 'Delivery manifest not found');
const MAX_ISSUES = 1000;

/** Refuses a whole manifest with every problem found; nothing of it is stored. */
export function refuseManifest(issues: TManifestIssue[]): AppError {
  const shown = issues.slice(0, MAX_ISSUES);
  if (issues.length > MAX_ISSUES) {
    shown.push({ path: 'lines', message: `另有 ${issues.length - MAX_ISSUES} 处错误未列出`, messageEn: `${issues.length - MAX_ISSUES} more problems not listed` });
  }
  return new AppError(422, 'MANIFEST_INVALID', `送货单有 ${issues.length} 处错误，未保存任何内容`, `The manifest has ${issues.length} problem(s); nothing was stored`, shown);
}

const duplicateManifest = (code: string) =>
  new AppError(
    409,
    'MANIFEST_DUPLICATE',
    `该送货单已提交过：与送货单 ${code} 的食堂、送货日期和明细完全相同，本次未保存。如确是另一次送货，请在备注中注明后再提交`,
    `This manifest was already submitted as ${code} (same canteen, delivery date and lines); nothing was stored. If it really is another delivery, say so in the note and submit again`,
  );

const COLUMN_ORDER = new Map<string, number>(MANIFEST_FILE_COLUMNS.map((column, i) => [column.header, i]));

/** A file's issues row by row, each row's left to right as in the spreadsheet. */
const byPlace = (a: TManifestIssue, b: TManifestIssue) =>
  (a.row ?? 0) - (b.row ?? 0) || (COLUMN_ORDER.get(a.column ?? '') ?? -1) - (COLUMN_ORDER.get(b.column ?? '') ?? -1);

/** Lines that passed the shared contract whole (the JSON body of the form or the API). */
const wholeLines = (lines: TManifestLineInput[]): LineToCheck[] => lines.map((line) => ({ complete: true, line }));

/** The fields of a line that pass the shared line contract on their own, as it reads them. */
function passingFields(raw: Record<string, unknown>, refused: ReadonlySet<string>): Partial<TManifestLineInput> {
  const line: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(ZManifestLineInput.shape)) {
    const parsed = refused.has(field) ? undefined : schema.safeParse(raw[field]);
    if (parsed?.success && parsed.data !== undefined) line[field] = parsed.data;
  }
  return line as Partial<TManifestLineInput>;
}

const jsonIssue = (problem: ManifestProblem): TManifestIssue => ({
  path: problem.index === undefined ? problem.field : `lines.${problem.index}.${problem.field}`,
  message: problem.zh,
  messageEn: problem.en,
});

const uniqueIds = (ids: string[]) => [...new Set(ids)];

/** Delivery manifests (送货单): submitted by suppliers three ways, one validation; read by both sides. */
@Injectable()
export class DeliveriesService {
  private readonly logger = new Logger(DeliveriesService.name);

  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly validator: ManifestValidator,
    private readonly codes: DocumentCodes,
    private readonly files: StoredFiles,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ─── Submission ───

  /** The web form of a supplier's user. */
  async submit(actor: Actor, body: TSubmitManifest): Promise<TManifestDetail> {
    const scope = requireSupplierAccess(actor, 'delivery:submit');
    const { lines, ...header } = body;
    const id = await this.store(scope, header, wholeLines(lines), [], jsonIssue, { source: 'form', submittedById: actor.userId, apiKeyId: null, who: actor });
    return this.detailFor(scope, id);
  }

  /** The supplier's own system, with its API key. */
  async submitByApiKey(key: SupplierKeyAccess, body: TSubmitManifest): Promise<TManifestDetail> {
    const { lines, ...header } = body;
    const who = { userId: null, displayName: null, ip: key.ip, requestId: key.requestId };
    const id = await this.store(key.scope, header, wholeLines(lines), [], jsonIssue, { source: 'api', submittedById: null, apiKeyId: key.keyId, who });
    return this.detailFor(key.scope, id);
  }

  /**
   * A blacklisted supplier's system posting a manifest: its key is refused before the manifest is
   * read, but a body that names a canteen and a day is still the attempt the warnings must hear of.
   */
  async announceBlacklistedByApiKey(key: { scope: SupplierScope; keyId: string }, body: unknown, who: { ip: string; requestId: string }): Promise<void> {
    const header = ZManifestHeader.safeParse(body);
    if (!header.success) return;
    const lines = (body as { lines?: unknown }).lines;
    const origin: Origin = { source: 'api', submittedById: null, apiKeyId: key.keyId, who: { userId: null, displayName: null, ...who } };
    await this.announceRefusal(key.scope, header.data, Array.isArray(lines) ? lines.length : 0, origin, 'blacklisted', []);
  }

  /**
   * Multipart: an .xlsx or .csv of the template's columns, with the header fields canteenId,
   * deliveryDate and optionally purchaseOrderId and note. A file with any bad row is refused whole.
   */
  async importFile(actor: Actor, request: FastifyRequest): Promise<TManifestDetail> {
    const scope = requireSupplierAccess(actor, 'delivery:submit');
    const upload = await readUpload(request, ['xlsx', 'csv'], this.config.UPLOAD_MAX_BYTES);
    const header = headerFields.transform(Object.fromEntries(Object.entries(upload.fields).filter(([, value]) => value.trim() !== '')));
    const content = await readManifestFile(upload);
    const { lines, issues } = this.parseRows(content);
    const rowIssue = (problem: ManifestProblem): TManifestIssue => {
      if (problem.index === undefined) return jsonIssue(problem);
      const row = content.rows[problem.index]!.row;
      return cellIssue(row, problem.index, fileColumnFor(problem.field, content.columns), problem.field, problem.zh, problem.en);
    };
    const id = await this.store(scope, header, lines, issues, rowIssue, { source: 'file', submittedById: actor.userId, apiKeyId: null, who: actor });
    return this.detailFor(scope, id);
  }

  /**
   * Each row through the shared line contract; a row that fails it is reported with its row and
   * column, and goes on to the validator with the fields that passed, so that all its problems are listed at once.
   */
  private parseRows(content: ManifestFileContent): { lines: LineToCheck[]; issues: TManifestIssue[] } {
    const issues = [...content.issues];
    const lines = content.rows.map((row, index): LineToCheck => {
      const refused = new Set(row.unreadable);
      try {
        const line = lineFields.transform(row.line);
        return refused.size === 0 ? { complete: true, line } : { complete: false, line, refused };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        for (const issue of error.issues ?? []) {
          const field = issue.path.split('.')[0] || 'ingredientCode';
          // A cell the reader could not read is reported once, not again as missing.
          if (row.unreadable.includes(field)) continue;
          refused.add(field);
          issues.push(cellIssue(row.row, index, fileColumnFor(field, content.columns), issue.path || field, issue.message, issue.messageEn));
        }
        return { complete: false, line: passingFields(row.line, refused), refused };
      }
    });
    return { lines, issues };
  }

  private async store(
    scope: SupplierScope,
    header: TManifestHeader,
    lines: LineToCheck[],
    earlierIssues: TManifestIssue[],
    toIssue: (problem: ManifestProblem) => TManifestIssue,
    origin: Origin,
  ): Promise<string> {
    const refusal = { uncontracted: [] as string[] };
    try {
      return await this.write(scope, header, lines, earlierIssues, toIssue, origin, refusal);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'SUPPLIER_BLACKLISTED') await this.announceRefusal(scope, header, lines.length, origin, 'blacklisted', []);
      else if (refusal.uncontracted.length > 0) await this.announceRefusal(scope, header, lines.length, origin, 'uncontracted', refusal.uncontracted);
      throw error;
    }
  }

  private async write(
    scope: SupplierScope,
    header: TManifestHeader,
    lines: LineToCheck[],
    earlierIssues: TManifestIssue[],
    toIssue: (problem: ManifestProblem) => TManifestIssue,
    origin: Origin,
    refusal: { uncontracted: string[] },
  ): Promise<string> {
    // A 2,000-line file is validated and written in one transaction: allow it the time.
    return this.repository.prisma.$transaction(
      async (tx) => {
        const { manifest, problems, uncontracted } = await this.validator.validate(tx, scope, header, lines);
        refusal.uncontracted = uncontracted;
        const issues = [...problems.filter((p) => p.index === undefined).map(toIssue), ...earlierIssues, ...problems.filter((p) => p.index !== undefined).map(toIssue)];
        if (!manifest || issues.length > 0) throw refuseManifest(issues.sort(byPlace));
        const code = await this.codes.next(tx, 'DN', shanghaiDay());
        const content = {
          canteenId: manifest.canteen.id,
          canteenPath: manifest.canteen.path,
          contractId: manifest.contractId,
          purchaseOrderId: manifest.purchaseOrderId,
          deliveryDate: manifest.deliveryDate,
          source: origin.source,
          submittedById: origin.submittedById,
          apiKeyId: origin.apiKeyId,
          note: manifest.note,
          lines: manifest.lines.map((line, i) => ({
            lineNo: i + 1,
            ingredientId: line.ingredient.id,
            lotCode: line.lotCode,
            productionDate: line.productionDate,
            expiryDate: line.expiryDate,
            quantity: line.quantity,
            unit: line.unit,
            unitPriceFen: line.unitPriceFen,
            farmBaseId: line.farmBaseId,
            certificateIds: line.certificateIds,
            note: line.note,
          })),
        };
        const contentHash = manifestContentHash(content);
        const created = await this.repository.createManifest(tx, scope, { ...content, code, contentHash });
        if (!created) {
          const twin = await this.repository.findManifestByContent(tx, scope, contentHash);
          if (!twin) throw new Error(`manifest ${code} was not stored, and no manifest of its content exists`);
          throw duplicateManifest(twin.code);
        }
        const { id } = created;
        const lots = [...new Map(manifest.lines.map((line) => [line.lotCode, { lotCode: line.lotCode, ingredientId: line.ingredient.id }])).values()];
        const clashes = await this.repository.registerLots(tx, scope, lots);
        if (clashes.length > 0) {
          throw conflict(`批次号 ${clashes.join('、')} 刚被用于其他食材，请核对后重新提交`, `Lot codes ${clashes.join(', ')} were just used for another ingredient; check and resubmit`);
        }
        await this.audit.record(tx, origin.who, {
          action: 'submit',
          entity: 'delivery_manifest',
          entityId: id,
          orgPath: manifest.canteen.path,
          after: { code, source: origin.source, supplierId: scope.supplierId, canteenId: manifest.canteen.id, deliveryDate: manifest.deliveryDate, lineCount: manifest.lines.length, purchaseOrderId: manifest.purchaseOrderId, apiKeyId: origin.apiKeyId },
        });
        await this.emitSubmitted(tx, scope, id, code, manifest, origin);
        return id;
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
  }

  /**
   * A blacklisted or uncontracted supplier trying to deliver is itself a fact for the warnings: it is
   * announced in a transaction of its own, since the manifest is refused and nothing of it is stored.
   */
  private async announceRefusal(scope: SupplierScope, header: TManifestHeader, lineCount: number, origin: Origin, reason: DeliveryRefusalReason, categories: string[]) {
    try {
      const canteen = await this.repository.findCanteen(systemScope(), header.canteenId);
      const supplier = await this.repository.findSupplierName(scope);
      if (!canteen || !supplier) return;
      const event: TDeliveryRefusedEvent = {
        reason,
        supplierId: supplier.id,
        supplierName: supplier.name,
        canteenId: canteen.id,
        canteenName: canteen.name,
        deliveryDate: header.deliveryDate,
        source: origin.source,
        categories: categories as FoodGroup[],
        lineCount,
        refusedAt: new Date().toISOString(),
      };
      await this.repository.prisma.$transaction((tx) => this.outbox.emit(tx, 'delivery.refused', event, canteen.path));
    } catch (error) {
      // The supplier still gets its refusal; the lost announcement is logged.
      this.logger.error(`delivery.refused for supplier ${scope.supplierId} not recorded: ${String(error)}`);
    }
  }

  private async emitSubmitted(tx: Parameters<OutboxWriter['emit']>[0], scope: SupplierScope, id: string, code: string, manifest: ValidatedManifest, origin: Origin) {
    const base = { manifestId: id, code, supplierId: scope.supplierId, canteenId: manifest.canteen.id, deliveryDate: manifest.deliveryDate };
    await this.outbox.emit(
      tx,
      'delivery.submitted',
      { ...base, source: origin.source, contractId: manifest.contractId, purchaseOrderId: manifest.purchaseOrderId, lineCount: manifest.lines.length },
      manifest.canteen.path,
    );
    const missing = manifest.lines.filter((line) => line.missingQuarantineCertificate);
    if (missing.length > 0) {
      await this.outbox.emit(
        tx,
        'delivery.missing-quarantine-certificate',
        {
          ...base,
          lines: missing.map((line) => ({ lineNo: manifest.lines.indexOf(line) + 1, ingredientId: line.ingredient.id, ingredientName: line.ingredient.name, lotCode: line.lotCode })),
        },
        manifest.canteen.path,
      );
    }
  }

  /** Multipart: a certificate (quarantine certificate, test report) as PDF, JPEG or PNG, to refer to in lines. */
  async uploadCertificate(actor: Actor, request: FastifyRequest): Promise<TDeliveryFile> {
    const scope = requireSupplierAccess(actor, 'delivery:submit');
    return this.saveCertificate(scope, request, actor, actor.userId);
  }

  async uploadCertificateByApiKey(key: SupplierKeyAccess, request: FastifyRequest): Promise<TDeliveryFile> {
    return this.saveCertificate(key.scope, request, { userId: null, displayName: null, ip: key.ip, requestId: key.requestId }, null);
  }

  private async saveCertificate(scope: SupplierScope, request: FastifyRequest, who: AuditWho, uploadedById: string | null): Promise<TDeliveryFile> {
    const upload = await readUpload(request, ['pdf', 'jpeg', 'png'], this.config.UPLOAD_MAX_BYTES);
    return this.repository.prisma.$transaction(async (tx) => {
      const file = await this.files.save(tx, upload, { uploadedById, supplierId: scope.supplierId });
      await this.audit.record(tx, who, { action: 'upload', entity: 'stored_file', entityId: file.id, orgPath: null, after: { ...file, supplierId: scope.supplierId, purpose: 'delivery-certificate' } });
      return file;
    });
  }

  /** The upload template, with the valid ingredient codes and the supplier's farm bases. */
  async template(actor: Actor): Promise<Buffer> {
    const scope = requireSupplierAccess(actor, 'delivery:submit');
    const [ingredients, farmBases] = await Promise.all([this.repository.listIngredients(), this.repository.listFarmBaseNames(scope)]);
    return buildTemplate(
      ingredients.filter((ingredient) => !forbiddenReason(ingredient.name)),
      farmBases.map((base) => base.name),
    );
  }

  // ─── Reading ───

  /** Canteen side: the subtree's deliveries; supplier side: its own. Pending acceptance first. */
  async list(actor: Actor, query: TDeliveryQuery): Promise<TPage<TManifestSummary>> {
    const scope = requireDeliveryReadAccess(actor);
    let result;
    if (isSupplierScope(scope)) {
      if (query.supplierId && query.supplierId !== scope.supplierId) throw notFound('未找到该供应商', 'Supplier not found');
      result = await this.repository.listForSupplier(scope, query);
    } else {
      if (query.canteenId && !(await this.repository.findCanteen(scope, query.canteenId))) throw canteenNotFound();
      result = await this.repository.listForTree(scope, query);
    }
    return { items: result.rows.map(toManifestSummary), total: result.total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string): Promise<TManifestDetail> {
    const scope = requireDeliveryReadAccess(actor);
    return this.toDetail(await this.findVisible(scope, id));
  }

  async getByApiKey(key: SupplierKeyAccess, id: string): Promise<TManifestDetail> {
    return this.detailFor(key.scope, id);
  }

  /** A certificate or acceptance photo of a manifest the caller may see. */
  async file(actor: Actor, id: string, fileId: string): Promise<{ record: StoredFileRecord; data: Buffer }> {
    const scope = requireDeliveryReadAccess(actor);
    const row = await this.findVisible(scope, id);
    const referenced =
      row.lines.some((line) => line.certificateIds.includes(fileId)) || (row.acceptance?.lines.some((line) => line.photoIds.includes(fileId)) ?? false);
    const file = referenced ? await this.files.read(fileId) : null;
    if (!file) throw notFound('未找到该文件', 'File not found');
    return file;
  }

  private async findVisible(scope: Scope | SupplierScope, id: string): Promise<ManifestDetailRow> {
    const row = isSupplierScope(scope) ? await this.repository.findDetailForSupplier(scope, id) : await this.repository.findDetailForTree(scope, id);
    if (!row) throw manifestNotFound();
    return row;
  }

  private async detailFor(scope: SupplierScope, id: string): Promise<TManifestDetail> {
    return this.toDetail(await this.findVisible(scope, id));
  }

  /** The manifest with the names it refers to (ingredients, farm bases, files, inspectors). */
  private async toDetail(row: ManifestDetailRow): Promise<TManifestDetail> {
    const photoIds = row.acceptance?.lines.flatMap((line) => line.photoIds) ?? [];
    const userIds = [...(row.acceptance?.inspectorIds ?? []), ...row.corrections.map((c) => c.createdById)];
    // The people who checked a delivery the caller may already see belong to the canteen's school.
    const school = systemScope(schoolPathOf(row.canteen.path));
    const [ingredients, farmBases, files, users] = await Promise.all([
      this.repository.findIngredientsByIds(uniqueIds(row.lines.map((line) => line.ingredientId))),
      this.repository.findFarmBaseNames(uniqueIds(row.lines.flatMap((line) => (line.farmBaseId ? [line.farmBaseId] : [])))),
      this.repository.findFileNames(uniqueIds([...row.lines.flatMap((line) => line.certificateIds), ...photoIds])),
      userIds.length > 0 ? this.repository.findUserNames(school, uniqueIds(userIds)) : Promise.resolve([]),
    ]);
    const refs: DetailRefs = {
      ingredients: new Map(ingredients.map((row) => [row.id, row])),
      farmBases: new Map(farmBases.map((row) => [row.id, row])),
      files: new Map(files.map((row) => [row.id, row])),
      users: new Map(users.map((row) => [row.id, row])),
    };
    return toManifestDetail(row, refs);
  }
}
