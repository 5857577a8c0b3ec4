import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type StocktakeStatus,
  type TCancelStocktake,
  type TCountStocktake,
  type TCreateStocktake,
  type TPage,
  type TStocktake,
  type TStocktakeQuery,
  type TStocktakeVarianceEvent,
  decimalPlaces,
  normaliseDecimal,
  shanghaiDay,
} from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { AppError, conflict, notFound } from '@/common/http/app-error';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import type { Tx } from '@/common/prisma/prisma.service';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { canteenNotFound, dayRefusal, mapLedgerErrors, pgErrorOf } from './ledger-errors';
import { type CanteenRef, MovementsRepository } from './movements.repository';
import { type MovementDraft, MovementsService } from './movements.service';
import { milliText, movementDayProblem, toMilli } from './stock-rules';
import { toStocktake } from './stocktakes.mapper';
import {
  type LockedStocktake,
  type PostingLineRow,
  type StocktakeRow,
  StocktakesRepository,
} from './stocktakes.repository';

type Issue = { path: string; message: string; messageEn: string };

const stocktakeNotFound = () => notFound('未找到该盘点单', 'Stocktake not found');
const openSheetExists = () =>
  conflict(
    '该食堂已有未完成的盘点单，请先过账或作废',
    'This canteen already has an open stocktake; post or cancel it first',
  );
const nothingToCount = () =>
  conflict('该食堂当前没有库存，无需盘点', 'This canteen has no stock on hand to count');
const notOpen = (status: StocktakeStatus) =>
  status === 'posted'
    ? new AppError(
        409,
        'STOCKTAKE_POSTED',
        '该盘点单已过账，不能再修改或过账',
        'This stocktake is already posted',
      )
    : new AppError(409, 'STOCKTAKE_CANCELLED', '该盘点单已作废', 'This stocktake is cancelled');

const lineName = (line: { ingredient_name: string; lot_code: string }) =>
  `「${line.ingredient_name}」批次 ${line.lot_code}`;
const listed = (names: string[], max = 10) =>
  names.slice(0, max).join('、') + (names.length > max ? ` 等 ${names.length} 行` : '');

/** |variance| / book, to four places; none when nothing was on the books. */
function shareOf(variance: bigint, book: bigint): number | null {
  if (book === 0n) return null;
  const magnitude = variance < 0n ? -variance : variance;
  return Number((magnitude * 10_000n) / book) / 10_000;
}

/**
 * 盘点: a count sheet per canteen, one line per batch on hand. Posting books each variance as an
 * adjustment movement with its reason; nothing on the sheet changes after that.
 */
@Injectable()
export class StocktakesService {
  constructor(
    private readonly repository: StocktakesRepository,
    private readonly movements: MovementsRepository,
    private readonly booking: MovementsService,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(actor: Actor, body: TCreateStocktake): Promise<TStocktake> {
    const scope = requireAccess(actor, 'stock:write');
    const canteen = await this.movements.findCanteen(scope, body.canteenId);
    if (!canteen) throw canteenNotFound();
    const problem = movementDayProblem(body.countedOn, shanghaiDay(), null);
    if (problem) throw dayRefusal(problem, null);
    const note = body.note || null;
    let id: string;
    try {
      id = await this.repository.prisma.$transaction(async (tx) => {
        if (await this.repository.findOpen(tx, scope, canteen.id)) throw openSheetExists();
        const onHand = await this.repository.onHand(tx, scope, canteen.id);
        if (onHand.length === 0) throw nothingToCount();
        const lines = onHand.map((balance) => ({
          batchId: balance.batchId,
          ingredientId: balance.ingredientId,
          bookQuantity: balance.quantity,
        }));
        const created = await this.repository.create(tx, scope, canteen, {
          countedOn: body.countedOn,
          note,
          createdById: actor.userId,
          lines,
        });
        await this.audit.record(tx, actor, {
          action: 'create',
          entity: 'stocktake',
          entityId: created,
          orgPath: canteen.path,
          after: {
            canteenId: canteen.id,
            countedOn: body.countedOn,
            note,
            lines: lines.map((line) => ({
              batchId: line.batchId,
              bookQuantity: line.bookQuantity.toFixed(),
            })),
          },
        });
        return created;
      });
    } catch (error) {
      // Two sheets started at once: the database keeps one open sheet per canteen.
      if (pgErrorOf(error)?.code === '23505' || (error as { code?: string }).code === 'P2002')
        throw openSheetExists();
      throw error;
    }
    return this.detail(scope, id);
  }

  async list(actor: Actor, query: TStocktakeQuery): Promise<TPage<TStocktake>> {
    const scope = requireAccess(actor, 'stock:read');
    if (query.canteenId && !(await this.movements.findCanteen(scope, query.canteenId)))
      throw canteenNotFound();
    const { rows, total } = await this.repository.list(scope, query);
    return {
      items: await this.withLines(scope, rows),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(actor: Actor, id: string): Promise<TStocktake> {
    const scope = requireAccess(actor, 'stock:read');
    return this.detail(scope, id);
  }

  /** Counted quantities (at most the ingredient's decimals) and reasons, while the sheet is open. */
  async count(actor: Actor, id: string, body: TCountStocktake): Promise<TStocktake> {
    const scope = requireAccess(actor, 'stock:write');
    await this.repository.prisma.$transaction(async (tx) => {
      const sheet = await this.lockOpen(tx, scope, id);
      const lines = new Map(
        (await this.repository.lines(scope, [id], tx)).map((line) => [line.id, line]),
      );
      const issues: Issue[] = [];
      const seen = new Set<string>();
      body.lines.forEach((entry, i) => {
        const line = lines.get(entry.lineId);
        if (!line) {
          issues.push({
            path: `lines.${i}.lineId`,
            message: '该行不属于此盘点单',
            messageEn: 'The line is not on this stocktake',
          });
        } else if (seen.has(entry.lineId)) {
          issues.push({
            path: `lines.${i}.lineId`,
            message: `${lineName(line)}重复填写`,
            messageEn: 'The line is given twice',
          });
        } else if (decimalPlaces(entry.countedQuantity) > line.unit_decimals) {
          issues.push({
            path: `lines.${i}.countedQuantity`,
            message:
              line.unit_decimals === 0
                ? `${lineName(line)}的数量须为整数`
                : `${lineName(line)}的数量最多 ${line.unit_decimals} 位小数`,
            messageEn:
              line.unit_decimals === 0
                ? 'The quantity must be a whole number'
                : `The quantity has at most ${line.unit_decimals} decimals`,
          });
        }
        seen.add(entry.lineId);
      });
      if (issues.length > 0) {
        throw new AppError(
          400,
          'STOCKTAKE_COUNT_INVALID',
          `盘点数量有 ${issues.length} 处错误，未保存`,
          `${issues.length} count(s) are invalid; nothing was saved`,
          issues,
        );
      }
      await this.repository.setCounts(
        tx,
        scope,
        id,
        body.lines.map((entry) => ({
          lineId: entry.lineId,
          counted: entry.countedQuantity,
          reason: entry.reason,
        })),
      );
      await this.audit.record(tx, actor, {
        action: 'count',
        entity: 'stocktake',
        entityId: id,
        orgPath: sheet.canteen_path,
        before: body.lines.map((entry) => {
          const line = lines.get(entry.lineId)!;
          return {
            lineId: line.id,
            countedQuantity:
              line.counted_quantity === null ? null : normaliseDecimal(line.counted_quantity),
            reason: line.reason,
          };
        }),
        after: body.lines.map((entry) => ({
          lineId: entry.lineId,
          countedQuantity: entry.countedQuantity,
          ...(entry.reason === undefined ? {} : { reason: entry.reason }),
        })),
      });
    });
    return this.detail(scope, id);
  }

  /**
   * Books every non-zero variance — counted minus the balance now, since stock may have moved
   * since the sheet was made — as an adjustment, in one transaction with the sheet's closing.
   */
  async post(actor: Actor, id: string): Promise<TStocktake> {
    const scope = requireAccess(actor, 'stocktake:post');
    const today = shanghaiDay();
    await mapLedgerErrors(() =>
      this.repository.prisma.$transaction(
        async (tx) => {
          const sheet = await this.lockOpen(tx, scope, id);
          const canteen: CanteenRef = {
            id: sheet.canteen_id,
            name: sheet.canteen_name,
            path: sheet.canteen_path,
          };
          await this.booking.lockDay(tx, scope, canteen, today);

          const lines = await this.repository.postingLines(tx, scope, id);
          assertPostable(lines);
          const changed = lines.filter((line) => toMilli(line.variance!) !== 0n);
          await this.repository.setBookQuantities(
            tx,
            scope,
            id,
            lines
              .filter((line) => toMilli(line.book_quantity) !== toMilli(line.balance))
              .map((line) => ({ lineId: line.id, book: line.balance })),
          );
          const groupId = randomUUID();
          const drafts: MovementDraft[] = changed.map((line) => ({
            kind: 'adjustment',
            batchId: line.batch_id,
            ingredientId: line.ingredient_id,
            quantity: milliText(toMilli(line.variance!)),
            occurredOn: today,
            reason: line.reason,
            stocktakeId: id,
            groupId,
          }));
          const booked =
            drafts.length > 0 ? await this.booking.book(tx, actor, scope, canteen, drafts) : [];
          const costs = new Map(booked.map((movement) => [movement.batch.id, movement.costFen]));
          await this.emitVariance(tx, id, canteen, changed, costs);
          await this.repository.close(tx, scope, id, {
            status: 'posted',
            postedById: actor.userId,
          });
          await this.audit.record(tx, actor, {
            action: 'post',
            entity: 'stocktake',
            entityId: id,
            orgPath: canteen.path,
            before: { status: 'open' },
            after: {
              status: 'posted',
              occurredOn: today,
              adjustments: booked.map((m) => ({
                movementId: m.id,
                seq: m.seq,
                batchId: m.batch.id,
                quantity: m.quantity,
                costFen: m.costFen,
                reason: m.reason,
                hash: m.hash,
              })),
            },
          });
        },
        { timeout: 60_000, maxWait: 10_000 },
      ),
    );
    return this.detail(scope, id);
  }

  /** Drops an open sheet; nothing is booked. */
  async cancel(actor: Actor, id: string, body: TCancelStocktake): Promise<TStocktake> {
    const scope = requireAccess(actor, 'stock:write');
    await this.repository.prisma.$transaction(async (tx) => {
      const sheet = await this.lockOpen(tx, scope, id);
      await this.repository.close(tx, scope, id, { status: 'cancelled' });
      await this.audit.record(tx, actor, {
        action: 'cancel',
        entity: 'stocktake',
        entityId: id,
        orgPath: sheet.canteen_path,
        before: { status: 'open' },
        after: { status: 'cancelled', reason: body?.reason ?? null },
      });
    });
    return this.detail(scope, id);
  }

  private async lockOpen(tx: Tx, scope: Scope, id: string): Promise<LockedStocktake> {
    const sheet = await this.repository.lock(tx, scope, id);
    if (!sheet) throw stocktakeNotFound();
    if (sheet.status !== 'open') throw notOpen(sheet.status);
    return sheet;
  }

  /**
   * `ledger.stocktake-variance` with every line that has a variance: how large a share counts is the
   * stocktake-variance rule's threshold, which a county may tighten, so the ledger does not pre-judge it.
   */
  private async emitVariance(
    tx: Tx,
    stocktakeId: string,
    canteen: CanteenRef,
    lines: PostingLineRow[],
    costs: Map<string, number>,
  ): Promise<void> {
    if (lines.length === 0) return;
    const payload: TStocktakeVarianceEvent = {
      stocktakeId,
      canteenId: canteen.id,
      lines: lines.map((line) => {
        const variance = toMilli(line.variance!);
        return {
          batchId: line.batch_id,
          ingredientId: line.ingredient_id,
          book: normaliseDecimal(line.balance),
          counted: normaliseDecimal(line.counted_quantity!),
          variance: milliText(variance),
          share: shareOf(variance, toMilli(line.balance)),
          varianceFen: costs.get(line.batch_id) ?? 0,
        };
      }),
    };
    await this.outbox.emit(tx, 'ledger.stocktake-variance', payload, canteen.path);
  }

  private async detail(scope: Scope, id: string): Promise<TStocktake> {
    const row = await this.repository.find(scope, id);
    if (!row) throw stocktakeNotFound();
    const [item] = await this.withLines(scope, [row]);
    return item!;
  }

  private async withLines(scope: Scope, rows: StocktakeRow[]): Promise<TStocktake[]> {
    const ids = rows.map((row) => row.id);
    const userIds = [
      ...new Set(
        rows.flatMap((row) =>
          row.postedById ? [row.createdById, row.postedById] : [row.createdById],
        ),
      ),
    ];
    const [lines, users] = await Promise.all([
      this.repository.lines(scope, ids),
      this.movements.findUserNames(scope, userIds),
    ]);
    const names = new Map(users.map((user) => [user.id, user.displayName]));
    return rows.map((row) =>
      toStocktake(
        row,
        lines.filter((line) => line.stocktake_id === row.id),
        names,
      ),
    );
  }
}

/** Every line counted, and every variance explained; otherwise a 400 that names the lines. */
function assertPostable(lines: PostingLineRow[]): void {
  const issues = (rows: PostingLineRow[], zh: string, en: string): Issue[] =>
    rows.map((line) => ({
      path: `lines.${lines.indexOf(line)}`,
      message: `${lineName(line)}${zh}`,
      messageEn: en,
    }));
  const uncounted = lines.filter((line) => line.counted_quantity === null);
  if (uncounted.length > 0) {
    throw new AppError(
      400,
      'STOCKTAKE_UNCOUNTED',
      `还有 ${uncounted.length} 行未盘点：${listed(uncounted.map(lineName))}`,
      `${uncounted.length} line(s) are not counted yet`,
      issues(uncounted, '未填写盘点数量', 'Not counted yet'),
    );
  }
  const unexplained = lines.filter((line) => toMilli(line.variance!) !== 0n && !line.reason);
  if (unexplained.length > 0) {
    throw new AppError(
      400,
      'STOCKTAKE_REASON_REQUIRED',
      `有 ${unexplained.length} 行盘盈或盘亏未填写原因：${listed(unexplained.map(lineName))}`,
      `${unexplained.length} line(s) with a variance need a reason`,
      issues(unexplained, '有差异，须填写原因', 'A variance needs a reason'),
    );
  }
}
