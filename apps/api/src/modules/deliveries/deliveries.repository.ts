import { Injectable } from '@nestjs/common';
import type { AcceptanceDecision, ManifestSource, ManifestStatus, TDeliveryQuery } from '@canteen/shared';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, type SupplierScope, assertInScope, scopeWhere } from '@/common/tenancy/scope';
import { INGREDIENT_SELECT } from '@/modules/suppliers/ingredients.repository';
import { type ManifestContentLine, fromDay } from './delivery-rules';

export type IngredientRow = Prisma.IngredientGetPayload<{ select: typeof INGREDIENT_SELECT }>;

export const MANIFEST_SUMMARY_SELECT = {
  id: true,
  code: true,
  status: true,
  source: true,
  deliveryDate: true,
  createdAt: true,
  supplier: { select: { id: true, name: true } },
  canteen: { select: { id: true, name: true } },
  purchaseOrder: { select: { id: true, code: true } },
  acceptance: { select: { acceptedAt: true } },
  _count: { select: { lines: true } },
} as const;
export type ManifestSummaryRow = Prisma.DeliveryManifestGetPayload<{ select: typeof MANIFEST_SUMMARY_SELECT }>;

const LINE_SELECT = {
  id: true,
  lineNo: true,
  ingredientId: true,
  lotCode: true,
  productionDate: true,
  expiryDate: true,
  quantity: true,
  unit: true,
  unitPriceFen: true,
  farmBaseId: true,
  certificateIds: true,
  note: true,
  batch: {
    select: {
      id: true,
      deliveryLineId: true,
      ingredientId: true,
      lotCode: true,
      quantity: true,
      unit: true,
      unitPriceFen: true,
      productionDate: true,
      expiryDate: true,
      receivedAt: true,
    },
  },
} as const;

export const MANIFEST_DETAIL_SELECT = {
  ...MANIFEST_SUMMARY_SELECT,
  supplier: { select: { id: true, name: true, blacklistedAt: true, blacklistReason: true } },
  supplierId: true,
  purchaseOrderId: true,
  contractId: true,
  note: true,
  retainUntil: true,
  canteen: { select: { id: true, name: true, path: true } },
  lines: { orderBy: { lineNo: 'asc' }, select: LINE_SELECT },
  acceptance: {
    select: {
      id: true,
      acceptedAt: true,
      note: true,
      inspectorIds: true,
      lines: { select: { deliveryLineId: true, decision: true, acceptedQuantity: true, temperatureC: true, reason: true, photoIds: true } },
    },
  },
  corrections: {
    orderBy: { createdAt: 'asc' },
    select: { id: true, deliveryLineId: true, field: true, oldValue: true, newValue: true, reason: true, createdById: true, createdAt: true },
  },
} as const;
export type ManifestDetailRow = Prisma.DeliveryManifestGetPayload<{ select: typeof MANIFEST_DETAIL_SELECT }>;

export interface NewManifest {
  code: string;
  canteenId: string;
  canteenPath: string;
  contractId: string;
  purchaseOrderId: string | null;
  deliveryDate: string;
  source: ManifestSource;
  submittedById: string | null;
  apiKeyId: string | null;
  note: string | null;
  contentHash: string;
  lines: (ManifestContentLine & { lineNo: number })[];
}

export interface NewAcceptance {
  manifestId: string;
  canteenId: string;
  canteenPath: string;
  inspectorIds: string[];
  note: string | null;
  status: ManifestStatus;
  retainUntil: string;
  purchaseOrderId: string | null;
  supplierId: string;
  lines: {
    deliveryLineId: string;
    decision: AcceptanceDecision;
    acceptedQuantity: string;
    temperatureC: number | null;
    reason: string | null;
    photoIds: string[];
    batch: {
      ingredientId: string;
      lotCode: string;
      unit: string;
      unitPriceFen: number;
      productionDate: Date;
      expiryDate: Date;
    } | null;
  }[];
  /** Certificates and photos, kept as long as the record that refers to them. */
  fileIds: string[];
}

type Page = { page: number; pageSize: number };

/** PostgreSQL takes at most 65,535 parameters a statement: large inserts go in slices. */
function chunks<T>(rows: T[], size = 1000): T[][] {
  return Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
}

/**
 * Deliveries are seen from two sides: staff of the tree through the canteen's path (Scope), a
 * supplier through its own id (SupplierScope).
 */
@Injectable()
export class DeliveriesRepository {
  constructor(readonly prisma: PrismaService) {}

  // ─── The catalogue and the supplier's own reference data ───

  /** The platform-wide ingredient catalogue, by code or exact name. */
  findIngredients(codes: string[], names: string[], tx: Tx = this.prisma): Promise<IngredientRow[]> {
    return tx.ingredient.findMany({ where: { OR: [{ code: { in: codes } }, { name: { in: names } }] }, select: INGREDIENT_SELECT });
  }

  findIngredientsByIds(ids: string[], tx: Tx = this.prisma): Promise<IngredientRow[]> {
    return tx.ingredient.findMany({ where: { id: { in: ids } }, select: INGREDIENT_SELECT });
  }

  listIngredients(): Promise<IngredientRow[]> {
    return this.prisma.ingredient.findMany({ select: INGREDIENT_SELECT, orderBy: { code: 'asc' } });
  }

  findFarmBases(scope: SupplierScope, ids: string[], names: string[], tx: Tx = this.prisma) {
    return tx.farmBase.findMany({
      where: { supplierId: scope.supplierId, OR: [{ id: { in: ids } }, { name: { in: names } }] },
      select: { id: true, name: true },
    });
  }

  listFarmBaseNames(scope: SupplierScope) {
    return this.prisma.farmBase.findMany({ where: { supplierId: scope.supplierId }, select: { name: true }, orderBy: { name: 'asc' } });
  }

  /** Files this supplier uploaded; any other id is not one of its certificates. */
  findSupplierFiles(scope: SupplierScope, ids: string[], tx: Tx = this.prisma) {
    return tx.storedFile.findMany({ where: { id: { in: ids }, supplierId: scope.supplierId }, select: { id: true } });
  }

  findLots(scope: SupplierScope, lotCodes: string[], tx: Tx = this.prisma) {
    return tx.supplierLot.findMany({ where: { supplierId: scope.supplierId, lotCode: { in: lotCodes } }, select: { lotCode: true, ingredientId: true } });
  }

  /** A canteen reaches a supplier only through a contract (of any date) that names it. */
  async findContractedCanteen(scope: SupplierScope, canteenId: string, tx: Tx = this.prisma) {
    const contract = await tx.supplyContract.findFirst({
      where: { supplierId: scope.supplierId, canteenIds: { has: canteenId } },
      select: { school: { select: { children: { where: { id: canteenId, level: 'canteen' }, select: { id: true, name: true, path: true } } } } },
    });
    return contract?.school.children[0] ?? null;
  }

  findSupplierOrder(scope: SupplierScope, id: string, tx: Tx = this.prisma) {
    return tx.purchaseOrder.findFirst({ where: { id, supplierId: scope.supplierId }, select: { id: true, canteenId: true, status: true, code: true } });
  }

  findSupplierName(scope: SupplierScope, tx: Tx = this.prisma) {
    return tx.supplier.findUnique({ where: { id: scope.supplierId }, select: { id: true, name: true } });
  }

  findCanteen(scope: Scope, id: string) {
    return this.prisma.orgUnit.findFirst({ where: { id, level: 'canteen', ...scopeWhere(scope) }, select: { id: true, name: true, path: true } });
  }

  // ─── Manifests ───

  /**
   * The manifest and its lines; null, writing nothing, when the supplier already has one of the same
   * content that was not rejected (the index on content_hash decides, waiting for a concurrent twin).
   */
  async createManifest(tx: Tx, scope: SupplierScope, manifest: NewManifest): Promise<{ id: string } | null> {
    const [created] = await tx.deliveryManifest.createManyAndReturn({
      data: {
        code: manifest.code,
        supplierId: scope.supplierId,
        canteenId: manifest.canteenId,
        contractId: manifest.contractId,
        purchaseOrderId: manifest.purchaseOrderId,
        deliveryDate: fromDay(manifest.deliveryDate),
        source: manifest.source,
        submittedById: manifest.submittedById,
        apiKeyId: manifest.apiKeyId,
        note: manifest.note,
        contentHash: manifest.contentHash,
      },
      select: { id: true },
      skipDuplicates: true,
    });
    if (!created) return null;
    const { id } = created;
    for (const lines of chunks(manifest.lines)) {
      await tx.deliveryLine.createMany({
        data: lines.map((line) => ({
          ...line,
          manifestId: id,
          productionDate: fromDay(line.productionDate),
          expiryDate: fromDay(line.expiryDate),
        })),
      });
    }
    return { id };
  }

  /** The supplier's manifest of this content that holds the index of createManifest. */
  findManifestByContent(tx: Tx, scope: SupplierScope, contentHash: string) {
    return tx.deliveryManifest.findFirst({ where: { supplierId: scope.supplierId, contentHash, status: { not: 'rejected' } }, select: { code: true } });
  }

  /**
   * Registers the lot codes as this supplier's, for ever; answers the codes that another
   * transaction meanwhile registered for a different ingredient.
   */
  async registerLots(tx: Tx, scope: SupplierScope, lots: { lotCode: string; ingredientId: string }[]): Promise<string[]> {
    await tx.supplierLot.createMany({ data: lots.map((lot) => ({ ...lot, supplierId: scope.supplierId })), skipDuplicates: true });
    const stored = new Map((await this.findLots(scope, lots.map((lot) => lot.lotCode), tx)).map((lot) => [lot.lotCode, lot.ingredientId]));
    return lots.filter((lot) => stored.get(lot.lotCode) !== lot.ingredientId).map((lot) => lot.lotCode);
  }

  listForTree(scope: Scope, query: TDeliveryQuery) {
    return this.listPendingFirst(
      {
        canteen: { ...scopeWhere(scope), ...(query.canteenId ? { id: query.canteenId } : {}) },
        ...(query.supplierId ? { supplierId: query.supplierId } : {}),
        ...this.filters(query),
      },
      query,
    );
  }

  listForSupplier(scope: SupplierScope, query: TDeliveryQuery) {
    return this.listPendingFirst(
      { supplierId: scope.supplierId, ...(query.canteenId ? { canteenId: query.canteenId } : {}), ...this.filters(query) },
      query,
    );
  }

  findDetailForTree(scope: Scope, id: string, tx: Tx = this.prisma): Promise<ManifestDetailRow | null> {
    return tx.deliveryManifest.findFirst({ where: { id, canteen: scopeWhere(scope) }, select: MANIFEST_DETAIL_SELECT });
  }

  findDetailForSupplier(scope: SupplierScope, id: string, tx: Tx = this.prisma): Promise<ManifestDetailRow | null> {
    return tx.deliveryManifest.findFirst({ where: { id, supplierId: scope.supplierId }, select: MANIFEST_DETAIL_SELECT });
  }

  /** Names of farm bases and files that a manifest already visible to the caller refers to. */
  findFarmBaseNames(ids: string[]) {
    return this.prisma.farmBase.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  }

  findFileNames(ids: string[]) {
    return this.prisma.storedFile.findMany({ where: { id: { in: ids } }, select: { id: true, originalName: true, contentType: true } });
  }

  /** Display names of the canteen's people (inspectors, correctors), read inside the canteen's school. */
  findUserNames(scope: Scope, ids: string[]) {
    return this.prisma.user.findMany({ where: { id: { in: ids }, orgUnit: scopeWhere(scope) }, select: { id: true, displayName: true } });
  }

  // ─── Acceptance ───

  /** The second inspector, looked up only inside the first one's subtree. */
  findInspector(scope: Scope, username: string) {
    return this.prisma.user.findFirst({
      where: { username, orgUnit: scopeWhere(scope) },
      select: { id: true, displayName: true, role: true, passwordHash: true, disabledAt: true, lockedUntil: true, orgUnit: { select: { path: true, level: true } } },
    });
  }

  /** Photos uploaded by canteen users inside the scope (never a supplier's files). */
  async findScopePhotos(scope: Scope, ids: string[]): Promise<string[]> {
    const files = await this.prisma.storedFile.findMany({ where: { id: { in: ids }, supplierId: null }, select: { id: true, uploadedById: true } });
    const uploaders = new Set(
      (
        await this.prisma.user.findMany({
          where: { id: { in: files.flatMap((file) => (file.uploadedById ? [file.uploadedById] : [])) }, orgUnit: scopeWhere(scope) },
          select: { id: true },
        })
      ).map((user) => user.id),
    );
    return files.filter((file) => file.uploadedById && uploaders.has(file.uploadedById)).map((file) => file.id);
  }

  /**
   * The acceptance, its lines, one stock batch per accepted line, the manifest's new status and
   * retention, in the caller's transaction. Null when the manifest was checked meanwhile.
   */
  async recordAcceptance(tx: Tx, scope: Scope, input: NewAcceptance): Promise<{ id: string; acceptedAt: Date } | null> {
    assertInScope(scope, input.canteenPath);
    const retainUntil = fromDay(input.retainUntil);
    const claimed = await tx.deliveryManifest.updateMany({
      where: { id: input.manifestId, status: 'submitted', canteen: scopeWhere(scope) },
      data: { status: input.status, retainUntil },
    });
    if (claimed.count === 0) return null;
    const acceptance = await tx.acceptance.create({
      data: {
        manifestId: input.manifestId,
        canteenId: input.canteenId,
        inspectorIds: input.inspectorIds,
        note: input.note,
      },
      select: { id: true, acceptedAt: true },
    });
    for (const lines of chunks(input.lines)) {
      await tx.acceptanceLine.createMany({ data: lines.map(({ batch: _batch, ...line }) => ({ ...line, acceptanceId: acceptance.id })) });
    }
    const batches = input.lines.flatMap((line) =>
      line.batch
        ? [{ ...line.batch, canteenId: input.canteenId, supplierId: input.supplierId, deliveryLineId: line.deliveryLineId, quantity: line.acceptedQuantity, receivedAt: acceptance.acceptedAt }]
        : [],
    );
    for (const data of chunks(batches)) await tx.stockBatch.createMany({ data });
    if (input.purchaseOrderId && batches.length > 0) {
      await tx.purchaseOrder.updateMany({ where: { id: input.purchaseOrderId, status: 'submitted' }, data: { status: 'delivered' } });
    }
    if (input.fileIds.length > 0) {
      await tx.storedFile.updateMany({
        where: { id: { in: input.fileIds }, OR: [{ retainUntil: null }, { retainUntil: { lt: retainUntil } }] },
        data: { retainUntil },
      });
    }
    return acceptance;
  }

  createCorrection(
    tx: Tx,
    scope: Scope,
    canteenPath: string,
    data: { manifestId: string; deliveryLineId: string | null; field: string; oldValue: string | null; newValue: string; reason: string; createdById: string },
  ) {
    assertInScope(scope, canteenPath);
    return tx.deliveryCorrection.create({
      data,
      select: { id: true, deliveryLineId: true, field: true, oldValue: true, newValue: true, reason: true, createdById: true, createdAt: true },
    });
  }

  // ─── Helpers ───

  private filters(query: TDeliveryQuery): Prisma.DeliveryManifestWhereInput {
    return {
      ...(query.status ? { status: query.status } : {}),
      ...(query.from || query.to
        ? { deliveryDate: { ...(query.from ? { gte: fromDay(query.from) } : {}), ...(query.to ? { lte: fromDay(query.to) } : {}) } }
        : {}),
      ...(query.q ? { OR: [{ code: { contains: query.q } }, { lines: { some: { lotCode: query.q } } }] } : {}),
    };
  }

  /** Deliveries awaiting acceptance come first (oldest first), then the checked ones (newest first). */
  private async listPendingFirst(where: Prisma.DeliveryManifestWhereInput, page: Page) {
    const pendingWhere = { AND: [where, { status: 'submitted' }] };
    const checkedWhere = { AND: [where, { status: { not: 'submitted' } }] };
    const [pendingTotal, checkedTotal] = await Promise.all([
      this.prisma.deliveryManifest.count({ where: pendingWhere }),
      this.prisma.deliveryManifest.count({ where: checkedWhere }),
    ]);
    const skip = (page.page - 1) * page.pageSize;
    const pending =
      skip < pendingTotal
        ? await this.prisma.deliveryManifest.findMany({
            where: pendingWhere,
            select: MANIFEST_SUMMARY_SELECT,
            orderBy: [{ deliveryDate: 'asc' }, { createdAt: 'asc' }],
            skip,
            take: page.pageSize,
          })
        : [];
    const room = page.pageSize - pending.length;
    const checked =
      room > 0 && checkedTotal > 0
        ? await this.prisma.deliveryManifest.findMany({
            where: checkedWhere,
            select: MANIFEST_SUMMARY_SELECT,
            orderBy: [{ deliveryDate: 'desc' }, { createdAt: 'desc' }],
            skip: Math.max(0, skip - pendingTotal),
            take: room,
          })
        : [];
    return { rows: [...pending, ...checked], total: pendingTotal + checkedTotal };
  }
}
