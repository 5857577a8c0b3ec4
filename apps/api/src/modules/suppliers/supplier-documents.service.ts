import { Inject, Injectable } from '@nestjs/common';
import {
  type TCreateFarmBase,
  type TFarmBase,
  type TSupplierDocument,
  type TSupplierDocumentQuery,
  type TUpdateFarmBase,
  ZCreateSupplierDocument,
  shanghaiDay,
} from '@canteen/shared';
import type { FastifyRequest } from 'fastify';
import { AuditWriter } from '@/common/audit/audit.writer';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { conflict, notFound } from '@/common/http/app-error';
import { ZodValidationPipe } from '@/common/http/zod-validation.pipe';
import { StoredFiles } from '@/common/storage/stored-files';
import { readUpload } from '@/common/storage/uploads';
import type { Actor } from '@/common/tenancy/actor';
import type { Scope, SupplierScope } from '@/common/tenancy/scope';
import { fromDay, requireSupplierRecordAccess, supplierNotFound } from './supplier-access';
import { SupplierDocumentsRepository } from './supplier-documents.repository';
import { toDocument, toFarmBase } from './suppliers.mapper';
import { SuppliersRepository } from './suppliers.repository';

const documentFields = new ZodValidationPipe(ZCreateSupplierDocument);
const farmBaseNotFound = () => notFound('未找到该基地', 'Farm base not found');
const farmBaseNameTaken = () => conflict('该供应商已有同名基地', 'The supplier already has a farm base with that name');
const auditPath = (actor: Actor) => actor.orgUnit?.path ?? null;

/** Qualification documents (营业执照, 食品经营许可证 …) and farm bases, kept by the registry or the supplier itself. */
@Injectable()
export class SupplierDocumentsService {
  constructor(
    private readonly repository: SupplierDocumentsRepository,
    private readonly suppliers: SuppliersRepository,
    private readonly files: StoredFiles,
    private readonly audit: AuditWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async listDocuments(actor: Actor, supplierId: string, query: TSupplierDocumentQuery): Promise<TSupplierDocument[]> {
    const scope = requireSupplierRecordAccess(actor, supplierId, 'supplier:read');
    await this.assertSupplier(scope, supplierId);
    const rows = await this.repository.listDocuments(scope, supplierId, query.farmBaseId);
    const files = await this.repository.files(rows.map((row) => row.fileId));
    const today = shanghaiDay();
    return rows
      .map((row) => toDocument(row, files.get(row.fileId)!, today))
      .filter((doc) => !query.expiryState || doc.expiryState === query.expiryState);
  }

  /** Multipart: the file (PDF/JPEG/PNG, judged by its content) and the fields of ZCreateSupplierDocument. */
  async createDocument(actor: Actor, supplierId: string, request: FastifyRequest): Promise<TSupplierDocument> {
    const scope = requireSupplierRecordAccess(actor, supplierId, 'supplier:write');
    await this.assertSupplier(scope, supplierId);
    const upload = await readUpload(request, ['pdf', 'jpeg', 'png'], this.config.UPLOAD_MAX_BYTES);
    const fields = documentFields.transform(upload.fields);
    if (fields.farmBaseId && !(await this.repository.findFarmBase(scope, supplierId, fields.farmBaseId))) throw farmBaseNotFound();
    return this.repository.prisma.$transaction(async (tx) => {
      const file = await this.files.save(tx, upload, { uploadedById: actor.userId, supplierId });
      const row = await this.repository.createDocument(tx, scope, {
        supplierId,
        farmBaseId: fields.farmBaseId ?? null,
        kind: fields.kind,
        number: fields.number,
        issuedOn: fields.issuedOn ? fromDay(fields.issuedOn) : null,
        expiresOn: fields.expiresOn ? fromDay(fields.expiresOn) : null,
        fileId: file.id,
        createdById: actor.userId,
      });
      const document = toDocument(row, file, shanghaiDay());
      await this.audit.record(tx, actor, { action: 'create', entity: 'supplier_document', entityId: row.id, orgPath: auditPath(actor), after: document });
      return document;
    });
  }

  /** The document's file, for those who may see the supplier. */
  async downloadDocument(actor: Actor, supplierId: string, documentId: string) {
    const scope = requireSupplierRecordAccess(actor, supplierId, 'supplier:read');
    const row = await this.repository.findDocument(scope, supplierId, documentId);
    if (!row) throw notFound('未找到该证照', 'Document not found');
    const file = await this.files.read(row.fileId);
    if (!file) throw notFound('未找到该文件', 'File not found');
    return file;
  }

  async listFarmBases(actor: Actor, supplierId: string): Promise<TFarmBase[]> {
    const scope = requireSupplierRecordAccess(actor, supplierId, 'supplier:read');
    await this.assertSupplier(scope, supplierId);
    return (await this.repository.listFarmBases(scope, supplierId)).map(toFarmBase);
  }

  async getFarmBase(actor: Actor, supplierId: string, id: string): Promise<TFarmBase> {
    const scope = requireSupplierRecordAccess(actor, supplierId, 'supplier:read');
    const row = await this.repository.findFarmBase(scope, supplierId, id);
    if (!row) throw farmBaseNotFound();
    return toFarmBase(row);
  }

  async createFarmBase(actor: Actor, supplierId: string, body: TCreateFarmBase): Promise<TFarmBase> {
    const scope = requireSupplierRecordAccess(actor, supplierId, 'supplier:write');
    await this.assertSupplier(scope, supplierId);
    if (await this.repository.farmBaseNameTaken(scope, supplierId, body.name)) throw farmBaseNameTaken();
    return this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.createFarmBase(tx, scope, {
        supplierId,
        name: body.name,
        region: body.region,
        address: body.address ?? null,
        latitude: body.latitude ?? null,
        longitude: body.longitude ?? null,
        products: body.products ?? null,
      });
      await this.audit.record(tx, actor, { action: 'create', entity: 'farm_base', entityId: row.id, orgPath: auditPath(actor), after: toFarmBase(row) });
      return toFarmBase(row);
    });
  }

  async updateFarmBase(actor: Actor, supplierId: string, id: string, body: TUpdateFarmBase): Promise<TFarmBase> {
    const scope = requireSupplierRecordAccess(actor, supplierId, 'supplier:write');
    const before = await this.repository.findFarmBase(scope, supplierId, id);
    if (!before) throw farmBaseNotFound();
    if (body.name && body.name !== before.name && (await this.repository.farmBaseNameTaken(scope, supplierId, body.name, id))) throw farmBaseNameTaken();
    return this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.updateFarmBase(tx, scope, supplierId, id, body);
      await this.audit.record(tx, actor, {
        action: 'update',
        entity: 'farm_base',
        entityId: id,
        orgPath: auditPath(actor),
        before: toFarmBase(before),
        after: toFarmBase(row),
      });
      return toFarmBase(row);
    });
  }

  private async assertSupplier(scope: Scope | SupplierScope, supplierId: string): Promise<void> {
    if (!(await this.suppliers.findById(scope, supplierId))) throw supplierNotFound();
  }
}
