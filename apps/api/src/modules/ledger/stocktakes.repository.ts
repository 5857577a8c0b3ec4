import { Injectable } from '@nestjs/common';
import type { StocktakeStatus, TStocktakeQuery } from '@canteen/shared';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';
import { fromDay } from '@/modules/deliveries/delivery-rules';
import type { CanteenRef } from './movements.repository';

export const STOCKTAKE_SELECT = {
  id: true,
  countedOn: true,
  status: true,
  note: true,
  createdById: true,
  createdAt: true,
  postedById: true,
  postedAt: true,
  canteen: { select: { id: true, name: true, path: true } },
} as const;
export type StocktakeRow = Prisma.StocktakeGetPayload<{ select: typeof STOCKTAKE_SELECT }>;

/** A count line with its batch and ingredient, and the variance against its book quantity. */
export interface StocktakeLineRow {
  id: string;
  batch_id: string;
  lot_code: string;
  expiry_date: string;
  ingredient_id: string;
  ingredient_name: string;
  unit: string;
  unit_decimals: number;
  book_quantity: string;
  counted_quantity: string | null;
  variance: string | null;
  variance_fen: number | null;
  reason: string | null;
}

/** A line at posting: what is on hand now (the head is locked, so it holds), and the variance against it. */
export interface PostingLineRow {
  id: string;
  batch_id: string;
  ingredient_id: string;
  ingredient_name: string;
  lot_code: string;
  book_quantity: string;
  counted_quantity: string | null;
  reason: string | null;
  balance: string;
  variance: string | null;
}

export interface LockedStocktake {
  id: string;
  status: StocktakeStatus;
  canteen_id: string;
  canteen_name: string;
  canteen_path: string;
}

/** Count sheets (盘点) are read and written through their canteen, which must lie in the scope. */
@Injectable()
export class StocktakesRepository {
  constructor(readonly prisma: PrismaService) {}

  /** The canteen's batches with stock on hand, with their balances as of this statement. */
  onHand(tx: Tx, scope: Scope, canteenId: string) {
    return tx.stockBalance.findMany({
      where: { canteenId, quantity: { gt: 0 }, batch: { canteen: scopeWhere(scope) } },
      select: { batchId: true, ingredientId: true, quantity: true },
      orderBy: { batchId: 'asc' },
    });
  }

  async create(
    tx: Tx,
    scope: Scope,
    canteen: CanteenRef,
    sheet: { countedOn: string; note: string | null; createdById: string; lines: { batchId: string; ingredientId: string; bookQuantity: Prisma.Decimal }[] },
  ): Promise<string> {
    assertInScope(scope, canteen.path);
    const { id } = await tx.stocktake.create({
      data: { canteenId: canteen.id, countedOn: fromDay(sheet.countedOn), note: sheet.note, createdById: sheet.createdById },
      select: { id: true },
    });
    await tx.stocktakeLine.createMany({ data: sheet.lines.map((line) => ({ stocktakeId: id, ...line })) });
    return id;
  }

  findOpen(tx: Tx, scope: Scope, canteenId: string) {
    return tx.stocktake.findFirst({ where: { canteenId, status: 'open', canteen: scopeWhere(scope) }, select: { id: true } });
  }

  async list(scope: Scope, query: TStocktakeQuery): Promise<{ rows: StocktakeRow[]; total: number }> {
    const where: Prisma.StocktakeWhereInput = {
      canteen: { ...scopeWhere(scope), ...(query.canteenId ? { id: query.canteenId } : {}) },
      ...(query.status ? { status: query.status } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.stocktake.findMany({
        where,
        select: STOCKTAKE_SELECT,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.prisma.stocktake.count({ where }),
    ]);
    return { rows, total };
  }

  find(scope: Scope, id: string, tx: Tx = this.prisma): Promise<StocktakeRow | null> {
    return tx.stocktake.findFirst({ where: { id, canteen: scopeWhere(scope) }, select: STOCKTAKE_SELECT });
  }

  /** The sheets' lines, in shelf order: by ingredient, then the batch that expires first. */
  lines(scope: Scope, stocktakeIds: string[], tx: Tx = this.prisma): Promise<(StocktakeLineRow & { stocktake_id: string })[]> {
    if (stocktakeIds.length === 0) return Promise.resolve([]);
    return tx.$queryRaw<(StocktakeLineRow & { stocktake_id: string })[]>`
      SELECT l.stocktake_id, l.id, l.batch_id, b.lot_code, b.expiry_date::text AS expiry_date, l.ingredient_id,
             i.name AS ingredient_name, b.unit, i.unit_decimals,
             l.book_quantity::text AS book_quantity, l.counted_quantity::text AS counted_quantity,
             (l.counted_quantity - l.book_quantity)::text AS variance,
             round((l.counted_quantity - l.book_quantity) * b.unit_price_fen)::integer AS variance_fen,
             l.reason
        FROM stocktake_line l
        JOIN stocktake s ON s.id = l.stocktake_id
        JOIN org_unit c ON c.id = s.canteen_id
        JOIN stock_batch b ON b.id = l.batch_id
        JOIN ingredient i ON i.id = l.ingredient_id
       WHERE l.stocktake_id = ANY(${stocktakeIds}::uuid[]) AND c.path LIKE ${`${scope.path}%`}
       ORDER BY i.category, i.name, b.expiry_date, b.lot_code, l.id`;
  }

  /** Locks the sheet for the rest of the transaction: counts, posting and cancelling queue one after another. */
  async lock(tx: Tx, scope: Scope, id: string): Promise<LockedStocktake | null> {
    const [row] = await tx.$queryRaw<LockedStocktake[]>`
      SELECT s.id, s.status, c.id AS canteen_id, c.name AS canteen_name, c.path AS canteen_path
        FROM stocktake s
        JOIN org_unit c ON c.id = s.canteen_id
       WHERE s.id = ${id}::uuid AND c.path LIKE ${`${scope.path}%`}
         FOR UPDATE OF s`;
    return row ?? null;
  }

  /** Sets counted quantities (and reasons, where given) in one statement. */
  async setCounts(tx: Tx, scope: Scope, stocktakeId: string, counts: { lineId: string; counted: string; reason: string | null | undefined }[]): Promise<void> {
    await tx.$executeRaw`
      UPDATE stocktake_line l
         SET counted_quantity = v.counted::numeric,
             reason = CASE WHEN v.keep_reason THEN l.reason ELSE v.reason END
        FROM unnest(${counts.map((c) => c.lineId)}::uuid[], ${counts.map((c) => c.counted)}::text[],
                    ${counts.map((c) => c.reason ?? null)}::text[], ${counts.map((c) => c.reason === undefined)}::boolean[])
               AS v(id, counted, reason, keep_reason),
             stocktake s, org_unit c
       WHERE l.id = v.id AND l.stocktake_id = ${stocktakeId}::uuid
         AND s.id = l.stocktake_id AND c.id = s.canteen_id AND c.path LIKE ${`${scope.path}%`}`;
  }

  /**
   * Each line against the batch's balance now. The caller holds the canteen's ledger head, which
   * every balance change takes first, so these balances stay as read until it commits.
   */
  postingLines(tx: Tx, scope: Scope, stocktakeId: string): Promise<PostingLineRow[]> {
    return tx.$queryRaw<PostingLineRow[]>`
      SELECT l.id, l.batch_id, l.ingredient_id, i.name AS ingredient_name, b.lot_code,
             l.book_quantity::text AS book_quantity, l.counted_quantity::text AS counted_quantity, l.reason,
             coalesce(sb.quantity, 0)::text AS balance,
             (l.counted_quantity - coalesce(sb.quantity, 0))::text AS variance
        FROM stocktake_line l
        JOIN stocktake s ON s.id = l.stocktake_id
        JOIN org_unit c ON c.id = s.canteen_id
        JOIN stock_batch b ON b.id = l.batch_id
        JOIN ingredient i ON i.id = l.ingredient_id
        LEFT JOIN stock_balance sb ON sb.batch_id = l.batch_id
       WHERE l.stocktake_id = ${stocktakeId}::uuid AND c.path LIKE ${`${scope.path}%`}
       ORDER BY i.category, i.name, b.expiry_date, b.lot_code, l.id`;
  }

  /** The book quantity becomes the balance the variance was taken against (before the sheet freezes). */
  async setBookQuantities(tx: Tx, scope: Scope, stocktakeId: string, books: { lineId: string; book: string }[]): Promise<void> {
    if (books.length === 0) return;
    await tx.$executeRaw`
      UPDATE stocktake_line l
         SET book_quantity = v.book::numeric
        FROM unnest(${books.map((b) => b.lineId)}::uuid[], ${books.map((b) => b.book)}::text[]) AS v(id, book),
             stocktake s, org_unit c
       WHERE l.id = v.id AND l.stocktake_id = ${stocktakeId}::uuid
         AND s.id = l.stocktake_id AND c.id = s.canteen_id AND c.path LIKE ${`${scope.path}%`}`;
  }

  async close(tx: Tx, scope: Scope, id: string, change: { status: 'posted'; postedById: string } | { status: 'cancelled' }): Promise<void> {
    await tx.stocktake.updateMany({
      where: { id, status: 'open', canteen: scopeWhere(scope) },
      data: change.status === 'posted' ? { status: 'posted', postedById: change.postedById, postedAt: new Date() } : { status: 'cancelled' },
    });
  }
}
