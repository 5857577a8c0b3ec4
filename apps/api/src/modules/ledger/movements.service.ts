import { Inject, Injectable } from '@nestjs/common';
import {
  NO_SHELF_LIFE_EXPIRY,
  type TBalanceQuery,
  type TDeliveryFile,
  type TIngredientBalance,
  type TManualStockIn,
  type TMovementQuery,
  type TPage,
  type TPendingStockIn,
  type TPendingStockInQuery,
  type TReturnToSupplier,
  type TReverseMovement,
  type TStockIn,
  type TStockMovement,
  type TStockOut,
  type TWriteOff,
  decimalPlaces,
  forbiddenReason,
  pickLanguage,
  shanghaiDay,
} from '@canteen/shared';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { AuditWriter } from '@/common/audit/audit.writer';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { AppError, badRequest, notFound } from '@/common/http/app-error';
import type { Tx } from '@/common/prisma/prisma.service';
import type { Db } from '@/common/prisma/sql';
import { type StoredFileRecord, StoredFiles } from '@/common/storage/stored-files';
import { readUpload } from '@/common/storage/uploads';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { schoolPathOf } from '@/modules/deliveries/delivery-access';
import { decimalText } from '@/modules/deliveries/deliveries.mapper';
import { addMonths, resolveExpiry, toDay } from '@/modules/deliveries/delivery-rules';
import {
  alreadyReversed,
  alreadyStockedIn,
  batchNotFound,
  canteenNotFound,
  dayRefusal,
  insufficientStock,
  isOverdraw,
  mapLedgerErrors,
  movementNotFound,
  reversalNotReversible,
  toLedgerError,
} from './ledger-errors';
import { toIngredientBalances, toPendingStockIns, toStockMovement } from './ledger.mapper';
import { type BatchRow, type CanteenRef, type LineIngredient, MovementsRepository, type NewMovement } from './movements.repository';
import { allocateFifo, isExpiredOn, milliText, movementDayProblem, receivedBy, toMilli } from './stock-rules';

/** A movement to book: what the caller decides; who books it comes from the actor. */
export type MovementDraft = Omit<NewMovement, 'createdById'>;

/** Write-off photos are kept with the ledger records they prove (2 years, as records without a shelf life). */
const PHOTO_RETENTION_MONTHS = 24;

const invalid = (issues: { path: string; message: string; messageEn: string }[]) =>
  new AppError(400, 'VALIDATION_FAILED', '请求内容不符合要求', 'The request is not valid', issues);

const decimalsIssue = (path: string, ingredient: LineIngredient) => ({
  path,
  message: `「${ingredient.name}」的数量最多 ${ingredient.unitDecimals} 位小数（单位：${ingredient.unit}）`,
  messageEn: `The quantity of ${ingredient.name} has at most ${ingredient.unitDecimals} decimals (unit: ${ingredient.unit})`,
});

const ingredientNotFound = () => new AppError(404, 'INGREDIENT_NOT_FOUND', '未找到该食材', 'Ingredient not found');
const batchExpired = (lotCode: string, expiry: string) =>
  new AppError(409, 'BATCH_EXPIRED', `批次 ${lotCode} 已于 ${expiry} 过期，不能出库；请报损`, `Batch ${lotCode} expired on ${expiry} and cannot be issued; write it off instead`);

const notYetReceived = (batch: { lotCode: string; receivedAt: Date }) =>
  badRequest('BATCH_NOT_YET_RECEIVED', `批次 ${batch.lotCode} 于 ${shanghaiDay(batch.receivedAt)} 才到货，不能记在此前的日期`, `Batch ${batch.lotCode} arrived on ${shanghaiDay(batch.receivedAt)}; it cannot move on an earlier day`);

const uniqueIds = (ids: string[]) => [...new Set(ids)];

/** Tries of a stock-out that raced another for the same units; the last one answers what is left. */
const STOCK_OUT_ATTEMPTS = 3;

/**
 * 出入库: stock-ins (from accepted deliveries, or by hand), stock-outs to the kitchen by FIFO,
 * returns, write-offs and reversals, each appended to the canteen's hash-chained ledger with its
 * event; balances and pending stock-ins.
 */
@Injectable()
export class MovementsService {
  constructor(
    private readonly repository: MovementsRepository,
    private readonly files: StoredFiles,
    private readonly audit: AuditWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ─── Reading ───

  async pendingStockIns(actor: Actor, query: TPendingStockInQuery): Promise<TPendingStockIn[]> {
    const scope = requireAccess(actor, 'stock:read');
    if (query.canteenId) await this.canteenOrThrow(scope, query.canteenId);
    const rows = await this.repository.findPendingStockIns(scope, query.canteenId);
    return toPendingStockIns(rows, shanghaiDay(), await this.supplierNames(rows.map((row) => row.supplierId)));
  }

  async balances(actor: Actor, query: TBalanceQuery): Promise<TIngredientBalance[]> {
    const scope = requireAccess(actor, 'stock:read');
    await this.canteenOrThrow(scope, query.canteenId);
    const rows = await this.repository.findBalances(scope, query.canteenId, { ingredientId: query.ingredientId, includeEmpty: query.all === 'true' });
    return toIngredientBalances(rows, shanghaiDay(), await this.supplierNames(rows.map((row) => row.batch.supplierId)));
  }

  async list(actor: Actor, query: TMovementQuery): Promise<TPage<TStockMovement>> {
    const scope = requireAccess(actor, 'stock:read');
    if (query.canteenId) await this.canteenOrThrow(scope, query.canteenId);
    const { rows, total } = await this.repository.listMovements(scope, query);
    return { items: await this.present(scope, rows), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string): Promise<TStockMovement> {
    const scope = requireAccess(actor, 'stock:read');
    const row = await this.repository.findMovement(scope, id);
    if (!row) throw movementNotFound();
    return (await this.present(scope, [row]))[0]!;
  }

  /** A photo that a movement the caller may see was booked with. */
  async photo(actor: Actor, fileId: string): Promise<{ record: StoredFileRecord; data: Buffer }> {
    const scope = requireAccess(actor, 'stock:read');
    const file = (await this.repository.isMovementPhoto(scope, fileId)) ? await this.files.read(fileId) : null;
    if (!file) throw notFound('未找到该照片', 'Photo not found');
    return file;
  }

  // ─── Stock-in ───

  /** 入库: each chosen accepted batch enters the store once, with its accepted quantity. */
  async stockIn(actor: Actor, body: TStockIn): Promise<TStockMovement[]> {
    const scope = requireAccess(actor, 'stock:write');
    const ids = uniqueIds(body.batchIds);
    const batches = await this.repository.findBatches(scope, ids);
    if (batches.length !== ids.length) throw batchNotFound();
    const canteen = batches[0]!.canteen;
    if (batches.some((batch) => batch.canteenId !== canteen.id)) {
      throw badRequest('MIXED_CANTEENS', '一次入库的批次须属于同一食堂', 'The batches of one stock-in must belong to one canteen');
    }
    for (const batch of batches) {
      if (batch.movements.length > 0) throw alreadyStockedIn();
      if (toMilli(decimalText(batch.quantity)) <= 0n) throw new AppError(409, 'NOTHING_TO_BOOK', `批次 ${batch.lotCode} 验收数量为 0，无需入库`, `Batch ${batch.lotCode} was accepted with quantity 0`);
      if (!receivedBy(batch.receivedAt, body.occurredOn)) throw notYetReceived(batch);
    }
    return this.write(async (tx) => {
      await this.lockDay(tx, scope, canteen, body.occurredOn);
      const groupId = randomUUID();
      return this.book(
        tx,
        actor,
        scope,
        canteen,
        batches.map((batch) => ({ kind: 'stock_in', batchId: batch.id, ingredientId: batch.ingredientId, quantity: decimalText(batch.quantity), occurredOn: body.occurredOn, groupId })),
        { action: 'stock_in' },
      );
    });
  }

  /** A stock-in without a delivery (e.g. bought at the market in an emergency): a batch of its own, flagged in its event. */
  async manualStockIn(actor: Actor, body: TManualStockIn): Promise<TStockMovement> {
    const scope = requireAccess(actor, 'stock:write');
    const canteen = await this.canteenOrThrow(scope, body.canteenId);
    const [ingredient] = await this.repository.findIngredients([body.ingredientId]);
    if (!ingredient) throw ingredientNotFound();
    const forbidden = forbiddenReason(ingredient.name);
    if (forbidden) throw badRequest('FORBIDDEN_FOOD', pickLanguage(forbidden, 'zh'), pickLanguage(forbidden, 'en'));
    if (body.supplierId) {
      const supplier = await this.repository.findSupplier(body.supplierId);
      if (!supplier) throw new AppError(404, 'SUPPLIER_NOT_FOUND', '未找到该供应商', 'Supplier not found');
      if (supplier.blacklistedAt) {
        throw new AppError(
          409,
          'SUPPLIER_BLACKLISTED',
          `供应商「${supplier.name}」已列入严重违法失信名单，不能供货：${supplier.blacklistReason ?? ''}`,
          `Supplier "${supplier.name}" is on the serious-violation blacklist and may not supply: ${supplier.blacklistReason ?? ''}`,
        );
      }
    }
    const issues = [];
    if (decimalPlaces(body.quantity) > ingredient.unitDecimals) issues.push(decimalsIssue('quantity', ingredient));
    if (body.productionDate > body.occurredOn) {
      issues.push({ path: 'productionDate', message: '生产日期不能晚于入库日期', messageEn: 'The production date cannot be after the stock-in day' });
    }
    const shelfLife = ingredient.shelfLifeDays ?? undefined;
    const expiry = resolveExpiry({ productionDate: body.productionDate, expiryDate: body.expiryDate ?? undefined, shelfLifeDays: shelfLife }, ingredient.shelfLifeDays) ?? NO_SHELF_LIFE_EXPIRY;
    if (expiry < body.productionDate) {
      issues.push({ path: 'expiryDate', message: '到期日期不能早于生产日期', messageEn: 'The expiry date cannot be before the production date' });
    } else if (isExpiredOn(expiry, body.occurredOn)) {
      issues.push({ path: 'expiryDate', message: `该食材已于 ${expiry} 过期，不能入库`, messageEn: `The product expired on ${expiry} and cannot be booked in` });
    }
    if (issues.length > 0) throw invalid(issues);
    return this.write(async (tx) => {
      await this.lockDay(tx, scope, canteen, body.occurredOn);
      const batchId = await this.repository.createManualBatch(tx, scope, canteen, {
        ingredientId: ingredient.id,
        supplierId: body.supplierId ?? null,
        lotCode: body.lotCode ?? null,
        quantity: body.quantity,
        unit: ingredient.unit,
        unitPriceFen: body.unitPriceFen,
        productionDate: body.productionDate,
        expiryDate: expiry,
        manualReason: body.reason,
        occurredOn: body.occurredOn,
        // A late entry arrived on its own day, so that stock-outs of that day can take it.
        receivedAt: body.occurredOn === shanghaiDay() ? new Date() : new Date(`${body.occurredOn}T12:00:00+08:00`),
      });
      const [movement] = await this.book(
        tx,
        actor,
        scope,
        canteen,
        [{ kind: 'stock_in', batchId, ingredientId: ingredient.id, quantity: body.quantity, occurredOn: body.occurredOn, reason: body.reason, groupId: randomUUID() }],
        { action: 'manual_stock_in', after: { batchId, supplierId: body.supplierId ?? null, unitPriceFen: body.unitPriceFen, expiryDate: expiry } },
      );
      return movement!;
    });
  }

  // ─── Stock-out ───

  /**
   * 出库 for one meal. Each line is taken first-expiry-first-out over the ingredient's unexpired
   * batches (possibly several, one movement each), or from the picked batch with a reason.
   *
   * The kitchen's most frequent write, so it is two statements and takes no lock in between: the
   * lines are allocated from balances read in one statement, then the movements, their events and
   * the audit entry are booked in another, its own transaction. The insert trigger, which locks the
   * chain head and updates each balance under the non-negative check, is what keeps them right: a
   * concurrent stock-out that took the same units first makes this one overdraw, the database
   * refuses it, nothing is stored, and the lines are allocated again from what is left.
   */
  async stockOut(actor: Actor, body: TStockOut): Promise<TStockMovement[]> {
    const scope = requireAccess(actor, 'stock:write');
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.tryStockOut(actor, scope, body);
      } catch (error) {
        if (attempt < STOCK_OUT_ATTEMPTS && isOverdraw(error)) continue;
        throw toLedgerError(error);
      }
    }
  }

  private async tryStockOut(actor: Actor, scope: Scope, body: TStockOut): Promise<TStockMovement[]> {
    const pickedIds = uniqueIds(body.lines.flatMap((line) => (line.batchId ? [line.batchId] : [])));
    const context = await this.repository.findStockOutContext(scope, body.canteenId, {
      ingredientIds: uniqueIds(body.lines.map((line) => line.ingredientId)),
      fifoIngredientIds: uniqueIds(body.lines.flatMap((line) => (line.batchId ? [] : [line.ingredientId]))),
      batchIds: pickedIds,
    });
    const canteen = context.canteen;
    if (!canteen) throw canteenNotFound();
    const ingredients = new Map(context.ingredients.map((row) => [row.id, row]));
    const picked = new Map(context.picked.map((row) => [row.id, row]));
    if (pickedIds.some((id) => !picked.has(id))) throw batchNotFound();
    const issues: { path: string; message: string; messageEn: string }[] = [];
    body.lines.forEach((line, i) => {
      const ingredient = ingredients.get(line.ingredientId);
      if (!ingredient) return issues.push({ path: `lines.${i}.ingredientId`, message: '未找到该食材', messageEn: 'Ingredient not found' });
      if (decimalPlaces(line.quantity) > ingredient.unitDecimals) issues.push(decimalsIssue(`lines.${i}.quantity`, ingredient));
      const batch = line.batchId ? picked.get(line.batchId) : undefined;
      if (batch && batch.ingredientId !== ingredient.id) {
        issues.push({ path: `lines.${i}.batchId`, message: `批次 ${batch.lotCode} 不是「${ingredient.name}」`, messageEn: `Batch ${batch.lotCode} is not ${ingredient.name}` });
      }
    });
    if (issues.length > 0) throw invalid(issues);
    for (const batch of picked.values()) {
      if (isExpiredOn(batch.expiryDate, body.occurredOn)) throw batchExpired(batch.lotCode, batch.expiryDate);
      if (!receivedBy(batch.receivedAt, body.occurredOn)) throw notYetReceived(batch);
    }
    const dayProblem = movementDayProblem(body.occurredOn, shanghaiDay(), context.sealedThrough);
    if (dayProblem) throw dayRefusal(dayProblem, context.sealedThrough);

    const balances = context.balances;
    const available = new Map(balances.map((row) => [row.batchId, toMilli(row.quantity)]));
    const groupId = randomUUID();
    const drafts: MovementDraft[] = [];
    for (const line of body.lines) {
      const ingredient = ingredients.get(line.ingredientId)!;
      const wanted = toMilli(line.quantity);
      const base = { kind: 'stock_out' as const, ingredientId: ingredient.id, occurredOn: body.occurredOn, meal: body.meal, groupId };
      if (line.batchId) {
        const batch = picked.get(line.batchId)!;
        const have = available.get(batch.id) ?? 0n;
        if (have < wanted) {
          throw insufficientStock(
            `批次 ${batch.lotCode} 库存仅剩 ${milliText(have)} ${ingredient.unit}，不足出库 ${line.quantity} ${ingredient.unit}`,
            `Batch ${batch.lotCode} has only ${milliText(have)} ${ingredient.unit} left, less than ${line.quantity} ${ingredient.unit}`,
          );
        }
        available.set(batch.id, have - wanted);
        drafts.push({ ...base, batchId: batch.id, quantity: milliText(-wanted), reason: line.batchReason ?? null, fifoOverride: line.batchReason ?? null });
        continue;
      }
      const candidates = balances
        .filter((row) => row.ingredientId === ingredient.id)
        .map((row) => ({ batchId: row.batchId, available: available.get(row.batchId) ?? 0n, expiryDate: row.expiryDate, receivedAt: row.receivedAt }));
      const { allocations, usable } = allocateFifo(candidates, wanted, body.occurredOn);
      if (allocations.length === 0) {
        throw insufficientStock(
          `「${ingredient.name}」可出库的库存（未过期）仅 ${milliText(usable)} ${ingredient.unit}，不足出库 ${line.quantity} ${ingredient.unit}`,
          `Only ${milliText(usable)} ${ingredient.unit} of ${ingredient.name} (unexpired) is in stock, less than ${line.quantity} ${ingredient.unit}`,
        );
      }
      for (const allocation of allocations) {
        available.set(allocation.batchId, (available.get(allocation.batchId) ?? 0n) - allocation.quantity);
        drafts.push({ ...base, batchId: allocation.batchId, quantity: milliText(-allocation.quantity) });
      }
    }
    return this.book(this.repository.prisma.pool, actor, scope, canteen, drafts, { action: 'stock_out', after: { occurredOn: body.occurredOn, meal: body.meal } });
  }

  // ─── Returns and write-offs ───

  /** 退货: part or all of a batch back to the supplier it came from. */
  async returnToSupplier(actor: Actor, body: TReturnToSupplier): Promise<TStockMovement> {
    const scope = requireAccess(actor, 'stock:write');
    const batch = await this.batchOrThrow(scope, body.batchId);
    if (!batch.supplierId) {
      throw new AppError(409, 'BATCH_WITHOUT_SUPPLIER', `批次 ${batch.lotCode} 没有供应商，不能退货；如已损耗，请报损`, `Batch ${batch.lotCode} has no supplier to return it to; write it off instead`);
    }
    return this.takeFromBatch(actor, scope, batch, 'return', body, null);
  }

  /** 报损: spoiled or wasted stock, with a reason and a photo this school uploaded. */
  async writeOff(actor: Actor, body: TWriteOff): Promise<TStockMovement> {
    const scope = requireAccess(actor, 'stock:write');
    const batch = await this.batchOrThrow(scope, body.batchId);
    if (!(await this.repository.isSchoolPhoto(scope, schoolPathOf(batch.canteen.path), body.photoFileId))) {
      throw invalid([{ path: 'photoFileId', message: '照片不存在或不是本校上传的', messageEn: 'The photo does not exist or was not uploaded by this school' }]);
    }
    return this.takeFromBatch(actor, scope, batch, 'write_off', body, body.photoFileId);
  }

  private async takeFromBatch(actor: Actor, scope: Scope, batch: BatchRow, kind: 'return' | 'write_off', body: TReturnToSupplier, photoFileId: string | null): Promise<TStockMovement> {
    const [ingredient] = await this.repository.findIngredients([batch.ingredientId]);
    if (ingredient && decimalPlaces(body.quantity) > ingredient.unitDecimals) throw invalid([decimalsIssue('quantity', ingredient)]);
    if (!receivedBy(batch.receivedAt, body.occurredOn)) throw notYetReceived(batch);
    const canteen = batch.canteen;
    return this.write(async (tx) => {
      await this.lockDay(tx, scope, canteen, body.occurredOn);
      const have = toMilli(await this.repository.lockBalance(tx, scope, canteen, batch.id));
      if (have < toMilli(body.quantity)) {
        throw insufficientStock(
          `批次 ${batch.lotCode} 库存仅剩 ${milliText(have)} ${batch.unit}，不足 ${body.quantity} ${batch.unit}`,
          `Batch ${batch.lotCode} has only ${milliText(have)} ${batch.unit} left, less than ${body.quantity} ${batch.unit}`,
        );
      }
      if (photoFileId) await this.repository.retainFile(tx, scope, canteen.path, photoFileId, addMonths(body.occurredOn, PHOTO_RETENTION_MONTHS));
      const [movement] = await this.book(
        tx,
        actor,
        scope,
        canteen,
        [{ kind, batchId: batch.id, ingredientId: batch.ingredientId, quantity: milliText(-toMilli(body.quantity)), occurredOn: body.occurredOn, reason: body.reason, photoFileId, groupId: randomUUID() }],
        { action: kind },
      );
      return movement!;
    });
  }

  /** Multipart: one photo (JPEG/PNG) of spoiled stock, to refer to in a write-off. */
  async uploadPhoto(actor: Actor, request: FastifyRequest): Promise<TDeliveryFile> {
    const scope = requireAccess(actor, 'stock:write');
    const upload = await readUpload(request, ['jpeg', 'png'], this.config.UPLOAD_MAX_BYTES);
    return this.repository.prisma.$transaction(async (tx) => {
      const file = await this.files.save(tx, upload, { uploadedById: actor.userId, supplierId: null });
      await this.audit.record(tx, actor, { action: 'upload', entity: 'stored_file', entityId: file.id, orgPath: scope.path, after: { ...file, purpose: 'write-off-photo' } });
      return file;
    });
  }

  // ─── Reversal ───

  /** 冲正: undoes a movement with one of the opposite sign, same batch, and the reason; once, and never a reversal. */
  async reverse(actor: Actor, id: string, body: TReverseMovement): Promise<TStockMovement> {
    const scope = requireAccess(actor, 'stock:write');
    const original = await this.repository.findMovement(scope, id);
    if (!original) throw movementNotFound();
    if (original.kind === 'reversal') throw reversalNotReversible();
    if (original.reversedBy) throw alreadyReversed();
    const originalDay = toDay(original.occurredOn);
    if (body.occurredOn < originalDay) {
      throw badRequest('REVERSAL_BEFORE_ORIGINAL', `冲正日期不能早于原记录的日期 ${originalDay}`, `A reversal cannot be dated before the movement it reverses (${originalDay})`);
    }
    const canteen = original.canteen;
    const quantity = toMilli(decimalText(original.quantity));
    return this.write(async (tx) => {
      await this.lockDay(tx, scope, canteen, body.occurredOn);
      if (quantity > 0n) {
        const have = toMilli(await this.repository.lockBalance(tx, scope, canteen, original.batchId));
        if (have < quantity) {
          throw insufficientStock(
            `批次 ${original.batch.lotCode} 现有库存 ${milliText(have)} ${original.unit}，不足冲回 ${milliText(quantity)} ${original.unit}：已出库的部分须先冲正`,
            `Batch ${original.batch.lotCode} holds ${milliText(have)} ${original.unit}, less than the ${milliText(quantity)} ${original.unit} to take back; reverse what was issued from it first`,
          );
        }
      }
      const [movement] = await this.book(tx, actor, scope, canteen, [
        {
          kind: 'reversal',
          batchId: original.batchId,
          ingredientId: original.ingredientId,
          quantity: milliText(-quantity),
          occurredOn: body.occurredOn,
          meal: original.meal as MovementDraft['meal'],
          reason: body.reason,
          reversesId: original.id,
          groupId: randomUUID(),
        },
      ], { action: 'reverse', after: { reverses: { id: original.id, seq: original.seq, kind: original.kind, quantity: decimalText(original.quantity) } } });
      return movement!;
    });
  }

  // ─── Shared by the ledger's services ───

  /**
   * Locks the canteen's ledger for the caller's transaction and refuses a day in the future, more
   * than MOVEMENT_DAYS_BACK back, or already sealed. Call it before `book`.
   */
  async lockDay(tx: Tx, scope: Scope, canteen: CanteenRef, day: string): Promise<void> {
    const { sealedThrough } = await this.repository.lockLedger(tx, scope, canteen);
    const problem = movementDayProblem(day, shanghaiDay(), sealedThrough);
    if (problem) throw dayRefusal(problem, sealedThrough);
  }

  /**
   * Appends movements to the canteen's ledger (the caller has checked access and, inside a
   * transaction, called `lockDay`) with the booking's `ledger.movements-booked` event and, when `audit`
   * names the action, its audit entry, and answers them as the API shows them. `db` is the
   * caller's transaction, or the pool for a booking that is its own transaction. Wrap it in
   * `mapLedgerErrors` for the database's refusals.
   */
  async book(db: Db, actor: Actor, scope: Scope, canteen: CanteenRef, drafts: MovementDraft[], audit?: { action: string; after?: Record<string, unknown> }): Promise<TStockMovement[]> {
    const { rows, suppliers } = await this.repository.bookMovements(
      db,
      scope,
      canteen,
      drafts.map((draft) => ({ ...draft, createdById: actor.userId })),
      audit ? { actorId: actor.userId, actorName: actor.displayName, ip: actor.ip, requestId: actor.requestId, action: audit.action, after: audit.after ?? {} } : null,
    );
    return rows.map((row) => toStockMovement(row, { users: new Map([[actor.userId, actor.displayName]]), suppliers }));
  }

  private write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return mapLedgerErrors(() => this.repository.prisma.$transaction(work, { timeout: 30_000, maxWait: 10_000 }));
  }

  private async canteenOrThrow(scope: Scope, id: string): Promise<CanteenRef> {
    const canteen = await this.repository.findCanteen(scope, id);
    if (!canteen) throw canteenNotFound();
    return canteen;
  }

  private async batchOrThrow(scope: Scope, id: string): Promise<BatchRow> {
    const [batch] = await this.repository.findBatches(scope, [id]);
    if (!batch) throw batchNotFound();
    return batch;
  }

  private async supplierNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = uniqueIds(ids.filter((id): id is string => id !== null));
    return new Map((await this.repository.findSupplierNames(wanted)).map((row) => [row.id, row.name]));
  }

  /** Rows with the names of the people who booked them (read inside the scope). */
  private async present(scope: Scope, rows: Awaited<ReturnType<MovementsRepository['listMovements']>>['rows']): Promise<TStockMovement[]> {
    const [users, suppliers] = await Promise.all([
      this.repository.findUserNames(scope, uniqueIds(rows.map((row) => row.createdById))),
      this.supplierNames(rows.map((row) => row.batch.supplierId)),
    ]);
    const refs = { users: new Map(users.map((user) => [user.id, user.displayName])), suppliers };
    return rows.map((row) => toStockMovement(row, refs));
  }
}
