import { MOVEMENT_DAYS_BACK } from '@canteen/shared';
import { DatabaseError } from 'pg';
import { AppError, notFound } from '@/common/http/app-error';
import type { DayProblem } from './stock-rules';

// ─── Refusals the ledger gives, in one place ───

export const canteenNotFound = () => notFound('未找到该食堂', 'Canteen not found');
export const batchNotFound = () => notFound('未找到该批次', 'Stock batch not found');
export const movementNotFound = () => notFound('未找到该出入库记录', 'Stock movement not found');

export const daySealed = (sealedThrough?: string | null) =>
  new AppError(
    409,
    'LEDGER_DAY_SEALED',
    `台账已封账${sealedThrough ? `至 ${sealedThrough}` : ''}，不能再记入该日；如需更正，请以未封账的日期冲正`,
    `The ledger is sealed${sealedThrough ? ` through ${sealedThrough}` : ''}; book it on an unsealed day, or correct it by a reversal`,
  );
export const dayInFuture = () => new AppError(400, 'MOVEMENT_DAY_IN_FUTURE', '业务日期不能晚于今天', 'The day cannot be in the future');
export const dayTooOld = () =>
  new AppError(400, 'MOVEMENT_DAY_TOO_OLD', `业务日期最多补记 ${MOVEMENT_DAYS_BACK} 天前`, `A movement can be dated at most ${MOVEMENT_DAYS_BACK} days back`);

export function dayRefusal(problem: DayProblem, sealedThrough: string | null): AppError {
  switch (problem) {
    case 'future':
      return dayInFuture();
    case 'sealed':
      return daySealed(sealedThrough);
    case 'too_old':
      return dayTooOld();
  }
}

export const insufficientStock = (zh = '库存不足', en = 'Not enough stock') => new AppError(409, 'INSUFFICIENT_STOCK', zh, en);
export const alreadyStockedIn = () => new AppError(409, 'ALREADY_STOCKED_IN', '该批次已入库，不能重复入库', 'This batch is already booked in');
export const alreadyReversed = () => new AppError(409, 'ALREADY_REVERSED', '该记录已被冲正，不能再次冲正', 'This movement is already reversed');
export const reversalNotReversible = () =>
  new AppError(409, 'REVERSAL_NOT_REVERSIBLE', '冲正记录不能再被冲正；如有错误，请重新记账', 'A reversal cannot itself be reversed; book the movement again instead');
export const ledgerBusy = () => new AppError(503, 'LEDGER_BUSY', '台账正忙，请稍后重试', 'The ledger is busy; try again');

// ─── What the database refuses, as the same answers ───

interface PgCause {
  code: string;
  message: string;
  fields: string[];
}

/** The PostgreSQL error behind what was thrown: by `pg` itself, or by Prisma however its driver adapter wrapped it. */
export function pgErrorOf(error: unknown): PgCause | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (error instanceof DatabaseError && error.code) {
    return { code: error.code, message: `${error.message} ${error.constraint ?? ''}`, fields: [] };
  }
  const e = error as { cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
  const cause = (e.meta?.driverAdapterError?.cause ?? e.cause) as
    | { originalCode?: string; code?: string; originalMessage?: string; message?: string; constraint?: { fields?: string[]; index?: string } }
    | undefined;
  const code = cause?.originalCode ?? cause?.code;
  if (!cause || typeof code !== 'string') return undefined;
  return {
    code,
    message: `${cause.originalMessage ?? cause.message ?? ''} ${cause.constraint?.index ?? ''}`,
    fields: cause.constraint?.fields ?? [],
  };
}

/** A movement would have taken a balance below zero: the database's last word on a race for the same units. */
export function isOverdraw(error: unknown): boolean {
  const pg = pgErrorOf(error);
  return pg?.code === '23514' && pg.message.includes('stock_balance_not_negative');
}

/**
 * The database keeps the ledger's rules whoever writes (see the ledger migration); a request that
 * slips past the service's own checks (a race) gets the same answer as one that does not.
 */
export function toLedgerError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if ((error as { code?: string } | null)?.code === 'P2028') return ledgerBusy();
  const pg = pgErrorOf(error);
  if (!pg) return error;
  switch (pg.code) {
    case 'LG001':
      return daySealed(/through (\d{4}-\d{2}-\d{2})/.exec(pg.message)?.[1] ?? null);
    case 'LG002':
      return batchNotFound();
    case 'LG003':
      return dayInFuture();
    case 'LG004':
      return new AppError(409, 'STOCK_IN_QUANTITY', '入库数量须等于该批次的验收数量', 'A stock-in books the batch’s accepted quantity');
    case '23514':
      if (isOverdraw(error)) return insufficientStock('库存不足，库存不能为负数', 'Not enough stock: it cannot go negative');
      if (pg.message.includes('stock_movement_sign_check')) return new AppError(400, 'INVALID_QUANTITY', '数量的正负与记录类型不符', 'The quantity’s sign does not fit the movement’s kind');
      return error;
    case '23505':
      if (pg.message.includes('stock_movement_one_stock_in_per_batch')) return alreadyStockedIn();
      if (pg.message.includes('reverses_id') || pg.fields.includes('reverses_id')) return alreadyReversed();
      if (pg.fields.includes('batch_id')) return alreadyStockedIn();
      return error;
    case '40P01':
    case '40001':
      return ledgerBusy();
    default:
      return error;
  }
}

/** Runs ledger work and answers what the database refused as the ledger's own refusals. */
export async function mapLedgerErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toLedgerError(error);
  }
}
