import { AppError } from '@/common/http/app-error';
import { mapLedgerErrors, pgErrorOf, toLedgerError } from './ledger-errors';

/** The two shapes Prisma's pg driver adapter throws: a model write's DriverAdapterError, a raw query's P2010/P2002. */
const adapterError = (code: string, message: string, constraint?: { fields: string[] }) =>
  Object.assign(new Error(message), { name: 'DriverAdapterError', cause: { originalCode: code, originalMessage: message, kind: 'postgres', code, message, constraint } });
const knownRequestError = (prismaCode: string, code: string, message: string, constraint?: { fields: string[] }) =>
  Object.assign(new Error('Invalid invocation'), { code: prismaCode, meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode: code, originalMessage: message, constraint } } } });

const answer = (error: unknown) => {
  const mapped = toLedgerError(error);
  return mapped instanceof AppError ? [mapped.getStatus(), mapped.code] : mapped;
};

describe('ledger errors from the database', () => {
  it('reads the PostgreSQL code from either wrapping', () => {
    expect(pgErrorOf(adapterError('LG001', 'x'))?.code).toBe('LG001');
    expect(pgErrorOf(knownRequestError('P2010', '23514', 'y'))?.code).toBe('23514');
    expect(pgErrorOf(new Error('plain'))).toBeUndefined();
    expect(pgErrorOf(null)).toBeUndefined();
  });

  it.each([
    [adapterError('LG001', 'ledger day 2026-11-28 is sealed (through 2026-11-29)'), [409, 'LEDGER_DAY_SEALED']],
    [adapterError('LG002', 'batch x does not belong to canteen y'), [404, 'NOT_FOUND']],
    [adapterError('LG003', 'movement dated 2099-01-01 is in the future'), [400, 'MOVEMENT_DAY_IN_FUTURE']],
    [adapterError('LG004', 'a stock-in books the batch quantity'), [409, 'STOCK_IN_QUANTITY']],
    [adapterError('23514', 'new row for relation "stock_balance" violates check constraint "stock_balance_not_negative"'), [409, 'INSUFFICIENT_STOCK']],
    [knownRequestError('P2010', '23514', 'violates check constraint "stock_balance_not_negative"'), [409, 'INSUFFICIENT_STOCK']],
    [adapterError('23514', 'violates check constraint "stock_movement_sign_check"'), [400, 'INVALID_QUANTITY']],
    [knownRequestError('P2002', '23505', 'duplicate key value violates unique constraint "stock_movement_one_stock_in_per_batch"', { fields: ['batch_id'] }), [409, 'ALREADY_STOCKED_IN']],
    [knownRequestError('P2002', '23505', 'duplicate key value violates unique constraint "stock_movement_reverses_id_key"', { fields: ['reverses_id'] }), [409, 'ALREADY_REVERSED']],
    [adapterError('40P01', 'deadlock detected'), [503, 'LEDGER_BUSY']],
    [Object.assign(new Error('Transaction API error'), { code: 'P2028' }), [503, 'LEDGER_BUSY']],
  ])('%#: maps to a clear refusal', (error, expected) => {
    expect(answer(error)).toEqual(expected);
  });

  it('names the sealed day it read from the message', () => {
    const mapped = toLedgerError(adapterError('LG001', 'ledger day 2026-11-28 is sealed (through 2026-11-29)')) as AppError;
    expect(mapped.zh).toContain('2026-11-29');
  });

  it('leaves everything else alone, so real bugs stay 500', async () => {
    const other = adapterError('23514', 'violates check constraint "something_else"');
    expect(toLedgerError(other)).toBe(other);
    const bug = new TypeError('undefined is not a function');
    await expect(mapLedgerErrors(() => Promise.reject(bug))).rejects.toBe(bug);
    const refusal = new AppError(409, 'X', 'x', 'x');
    await expect(mapLedgerErrors(() => Promise.reject(refusal))).rejects.toBe(refusal);
    await expect(mapLedgerErrors(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
