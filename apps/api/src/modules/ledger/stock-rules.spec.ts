import { NO_SHELF_LIFE_EXPIRY } from '@canteen/shared';
import { type FifoCandidate, allocateFifo, daysBetween, expiryOn, milliText, movementDayProblem, toMilli } from './stock-rules';

const at = (iso: string) => new Date(iso);
const batch = (batchId: string, available: string, expiryDate: string, receivedAt = '2026-11-01T08:00:00Z'): FifoCandidate => ({
  batchId,
  available: toMilli(available),
  expiryDate,
  receivedAt: at(receivedAt),
});
const taken = (result: ReturnType<typeof allocateFifo>) => result.allocations.map((a) => [a.batchId, milliText(a.quantity)]);

describe('quantities in thousandths', () => {
  it.each([
    ['12.5', 12500n],
    ['-3', -3000n],
    ['0.001', 1n],
    ['10.000', 10000n],
    ['-0.25', -250n],
  ])('%s ↔ %s', (text, milli) => {
    expect(toMilli(text)).toBe(milli);
  });

  it('prints the shortest exact decimal', () => {
    expect([12500n, -3000n, 1n, 0n, -250n, 1234567n].map(milliText)).toEqual(['12.5', '-3', '0.001', '0', '-0.25', '1234.567']);
  });
});

describe('allocateFifo (先到期先出)', () => {
  const day = '2026-11-20';

  it('takes the batch that expires first, whatever the order it was given in', () => {
    const result = allocateFifo([batch('late', '10', '2026-12-31'), batch('early', '10', '2026-11-25')], toMilli('4'), day);
    expect(taken(result)).toEqual([['early', '4']]);
    expect(milliText(result.usable)).toBe('20');
  });

  it('spans batches in expiry order when the first is not enough', () => {
    const result = allocateFifo([batch('c', '5', '2026-12-10'), batch('a', '1.5', '2026-11-21'), batch('b', '2', '2026-11-30')], toMilli('4.25'), day);
    expect(taken(result)).toEqual([
      ['a', '1.5'],
      ['b', '2'],
      ['c', '0.75'],
    ]);
  });

  it('breaks a tie of expiry by the earlier receipt', () => {
    const result = allocateFifo(
      [batch('second', '3', '2026-11-30', '2026-11-10T08:00:00Z'), batch('first', '3', '2026-11-30', '2026-11-09T08:00:00Z')],
      toMilli('4'),
      day,
    );
    expect(taken(result)).toEqual([
      ['first', '3'],
      ['second', '1'],
    ]);
  });

  it('skips expired batches (expiry before the day) but still uses one on its expiry day', () => {
    const result = allocateFifo([batch('expired', '9', '2026-11-19'), batch('today', '1', '2026-11-20'), batch('later', '9', '2026-11-28')], toMilli('3'), day);
    expect(taken(result)).toEqual([
      ['today', '1'],
      ['later', '2'],
    ]);
    expect(milliText(result.usable)).toBe('10');
  });

  it('skips a batch that arrived after the day (a late entry)', () => {
    const result = allocateFifo([batch('arrived-later', '5', '2026-11-22', '2026-11-20T16:30:00Z'), batch('there', '5', '2026-11-25', '2026-11-20T15:30:00Z')], toMilli('1'), day);
    // 16:30 UTC is already the 21st in Asia/Shanghai; 15:30 UTC is still the 20th.
    expect(taken(result)).toEqual([['there', '1']]);
    expect(milliText(result.usable)).toBe('5');
  });

  it('takes products without a shelf life last', () => {
    const result = allocateFifo([batch('salt', '5', NO_SHELF_LIFE_EXPIRY), batch('dated', '5', '2027-06-01')], toMilli('6'), day);
    expect(taken(result)).toEqual([
      ['dated', '5'],
      ['salt', '1'],
    ]);
  });

  it('allocates nothing when the unexpired stock is short, and says how much there is', () => {
    const result = allocateFifo([batch('expired', '100', '2026-11-01'), batch('ok', '2', '2026-11-30'), batch('empty', '0', '2026-11-21')], toMilli('2.001'), day);
    expect(result.allocations).toEqual([]);
    expect(milliText(result.usable)).toBe('2');
  });

  it('takes exactly everything when asked for all of it', () => {
    const result = allocateFifo([batch('a', '0.5', '2026-11-22'), batch('b', '0.5', '2026-11-23')], toMilli('1'), day);
    expect(taken(result)).toEqual([
      ['a', '0.5'],
      ['b', '0.5'],
    ]);
  });
});

describe('movement days', () => {
  const today = '2026-11-29';

  it('refuses the future, sealed days and days more than a week back', () => {
    expect(movementDayProblem('2026-11-30', today, null)).toBe('future');
    expect(movementDayProblem('2026-11-28', today, '2026-11-28')).toBe('sealed');
    expect(movementDayProblem('2026-11-21', today, null)).toBe('too_old');
  });

  it('accepts today, a week back, and the day after the seal', () => {
    expect(movementDayProblem(today, today, null)).toBeNull();
    expect(movementDayProblem('2026-11-22', today, null)).toBeNull();
    expect(movementDayProblem('2026-11-29', today, '2026-11-28')).toBeNull();
  });
});

describe('expiry seen from a day', () => {
  it('counts days and names the state', () => {
    expect(daysBetween('2026-11-29', '2026-12-01')).toBe(2);
    expect(expiryOn('2026-12-10', '2026-11-29')).toEqual({ daysToExpiry: 11, expiryState: 'ok' });
    expect(expiryOn('2026-12-02', '2026-11-29')).toEqual({ daysToExpiry: 3, expiryState: 'near_expiry' });
    expect(expiryOn('2026-11-29', '2026-11-29')).toEqual({ daysToExpiry: 0, expiryState: 'near_expiry' });
    expect(expiryOn('2026-11-28', '2026-11-29')).toEqual({ daysToExpiry: -1, expiryState: 'expired' });
    expect(expiryOn(NO_SHELF_LIFE_EXPIRY, '2026-11-29')).toEqual({ daysToExpiry: null, expiryState: 'no_shelf_life' });
  });
});
