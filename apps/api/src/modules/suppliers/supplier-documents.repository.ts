import { Injectable } from '@nestjs/common';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import type { Scope, SupplierScope } from '@/common/tenancy/scope';
import { ownedBySupplierWhere } from './supplier-access';

export const DOCUMENT_SELECT = {
  id: true,
  supplierId: true,
  kind: true,
  number: true,
  issuedOn: true,
  expiresOn: true,
  fileId: true,
  createdAt: true,
  farmBase: { select: { id: true, name: true } },
} as const;
export type DocumentRow = Prisma.SupplierDocumentGetPayload<{ select: typeof DOCUMENT_SELECT }>;

export const FARM_BASE_SELECT = {
  id: true,
  supplierId: true,
  name: true,
  region: true,
  address: true,
  latitude: true,
  longitude: true,
  products: true,
  createdAt: true,
} as const;
export type FarmBaseRow = Prisma.FarmBaseGetPayload<{ select: typeof FARM_BASE_SELECT }>;

export type StoredFileInfo = { id: string; originalName: string; contentType: string; sizeBytes: number };

/** Qualification documents (资质) and farm bases (基地): rows that belong to one supplier. */
@Injectable()
export class SupplierDocumentsRepository {
  constructor(readonly prisma: PrismaService) {}

  listDocuments(scope: Scope | SupplierScope, supplierId: string, farmBaseId?: string): Promise<DocumentRow[]> {
    return this.prisma.supplierDocument.findMany({
      where: { supplierId, ...ownedBySupplierWhere(scope), ...(farmBaseId ? { farmBaseId } : {}) },
      select: DOCUMENT_SELECT,
      orderBy: [{ kind: 'asc' }, { createdAt: 'desc' }],
    });
  }

  findDocument(scope: Scope | SupplierScope, supplierId: string, id: string): Promise<DocumentRow | null> {
    return this.prisma.supplierDocument.findFirst({ where: { id, supplierId, ...ownedBySupplierWhere(scope) }, select: DOCUMENT_SELECT });
  }

  createDocument(tx: Tx, scope: Scope | SupplierScope, data: Prisma.SupplierDocumentUncheckedCreateInput): Promise<DocumentRow> {
    if ('supplierId' in scope && scope.supplierId !== data.supplierId) throw new Error('document outside the supplier scope');
    return tx.supplierDocument.create({ data, select: DOCUMENT_SELECT });
  }

  async files(ids: string[]): Promise<Map<string, StoredFileInfo>> {
    const rows = await this.prisma.storedFile.findMany({
      where: { id: { in: ids } },
      select: { id: true, originalName: true, contentType: true, sizeBytes: true },
    });
    return new Map(rows.map((row) => [row.id, row]));
  }

  listFarmBases(scope: Scope | SupplierScope, supplierId: string): Promise<FarmBaseRow[]> {
    return this.prisma.farmBase.findMany({ where: { supplierId, ...ownedBySupplierWhere(scope) }, select: FARM_BASE_SELECT, orderBy: { name: 'asc' } });
  }

  findFarmBase(scope: Scope | SupplierScope, supplierId: string, id: string, tx: Tx = this.prisma): Promise<FarmBaseRow | null> {
    return tx.farmBase.findFirst({ where: { id, supplierId, ...ownedBySupplierWhere(scope) }, select: FARM_BASE_SELECT });
  }

  async farmBaseNameTaken(scope: Scope | SupplierScope, supplierId: string, name: string, exceptId?: string): Promise<boolean> {
    const row = await this.prisma.farmBase.findFirst({ where: { supplierId, name, ...ownedBySupplierWhere(scope) }, select: { id: true } });
    return !!row && row.id !== exceptId;
  }

  createFarmBase(tx: Tx, scope: Scope | SupplierScope, data: Prisma.FarmBaseUncheckedCreateInput): Promise<FarmBaseRow> {
    if ('supplierId' in scope && scope.supplierId !== data.supplierId) throw new Error('farm base outside the supplier scope');
    return tx.farmBase.create({ data, select: FARM_BASE_SELECT });
  }

  updateFarmBase(tx: Tx, scope: Scope | SupplierScope, supplierId: string, id: string, data: Prisma.FarmBaseUpdateInput): Promise<FarmBaseRow> {
    return tx.farmBase.update({ where: { id, supplierId, ...ownedBySupplierWhere(scope) }, data, select: FARM_BASE_SELECT });
  }

  /**
   * Documents expiring between `from` and `until` with no alert yet in `state`, for the daily licence check (system
   * work, the whole platform). A document superseded by a later one of the same kind is skipped.
   */
  async dueForAlert(_scope: Scope, state: 'expiring' | 'expired', from: Date | null, until: Date) {
    const candidates = await this.prisma.supplierDocument.findMany({
      where: { expiresOn: { lte: until, ...(from ? { gte: from } : {}) }, alerts: { none: { state } } },
      select: { ...DOCUMENT_SELECT, supplier: { select: { name: true } } },
      orderBy: { expiresOn: 'asc' },
    });
    if (candidates.length === 0) return [];
    const siblings = await this.prisma.supplierDocument.findMany({
      where: { supplierId: { in: [...new Set(candidates.map((c) => c.supplierId))] } },
      select: { id: true, supplierId: true, farmBaseId: true, kind: true, expiresOn: true },
    });
    return candidates.filter(
      (doc) =>
        !siblings.some(
          (other) =>
            other.id !== doc.id &&
            other.supplierId === doc.supplierId &&
            other.farmBaseId === (doc.farmBase?.id ?? null) &&
            other.kind === doc.kind &&
            (other.expiresOn === null || other.expiresOn > doc.expiresOn!),
        ),
    );
  }

  /** True when this call recorded the alert; false when it was already recorded (a re-run). */
  async recordAlert(tx: Tx, documentId: string, state: string, day: Date): Promise<boolean> {
    const result = await tx.supplierDocumentAlert.createMany({ data: [{ documentId, state, emittedOn: day }], skipDuplicates: true });
    return result.count === 1;
  }
}
