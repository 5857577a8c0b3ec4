import { type BatchExpiryState, MOVEMENT_DAYS_BACK, NEAR_EXPIRY_DAYS, NO_SHELF_LIFE_EXPIRY, addDays, shanghaiDay } from '@canteen/shared';

/** Quantities as signed integer thousandths (the columns' scale), so that sums and splits are exact. */
export function toMilli(quantity: string): bigint {
  const text = quantity.trim();
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const value = BigInt(whole || '0') * 1000n + BigInt(fraction.padEnd(3, '0').slice(0, 3) || '0');
  return negative ? -value : value;
}

/** Thousandths back to the API's decimal text ('12.5', '-3', '0.001'). */
export function milliText(value: bigint): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const fraction = (magnitude % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${magnitude / 1000n}${fraction ? `.${fraction}` : ''}`;
}

/** Whole days from one 'YYYY-MM-DD' to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A batch is expired on a day after its expiry date; on the expiry date itself it may still be used. */
export const isExpiredOn = (expiryDate: string, day: string) => expiryDate < day;

/** Days left and the state shown for a batch's expiry, seen from `day`. */
export function expiryOn(expiryDate: string, day: string): { daysToExpiry: number | null; expiryState: BatchExpiryState } {
  if (expiryDate === NO_SHELF_LIFE_EXPIRY) return { daysToExpiry: null, expiryState: 'no_shelf_life' };
  const daysToExpiry = daysBetween(day, expiryDate);
  const expiryState = daysToExpiry < 0 ? 'expired' : daysToExpiry <= NEAR_EXPIRY_DAYS ? 'near_expiry' : 'ok';
  return { daysToExpiry, expiryState };
}

export type DayProblem = 'future' | 'sealed' | 'too_old';

/**
 * Why a movement may not be dated on `day`: never in the future, never on or before the last
 * sealed day (its digest is signed), and at most MOVEMENT_DAYS_BACK days late.
 */
export function movementDayProblem(day: string, today: string, sealedThrough: string | null): DayProblem | null {
  if (day > today) return 'future';
  if (sealedThrough !== null && day <= sealedThrough) return 'sealed';
  if (day < addDays(today, -MOVEMENT_DAYS_BACK)) return 'too_old';
  return null;
}

export interface FifoCandidate {
  batchId: string;
  /** On hand, in thousandths. */
  available: bigint;
  expiryDate: string;
  receivedAt: Date;
}

export interface Allocation {
  batchId: string;
  /** Taken, in thousandths (positive). */
  quantity: bigint;
}

const fifoOrder = (a: FifoCandidate, b: FifoCandidate) =>
  a.expiryDate.localeCompare(b.expiryDate) || a.receivedAt.getTime() - b.receivedAt.getTime() || a.batchId.localeCompare(b.batchId);

/** A late entry cannot issue what had not arrived yet on its day. */
export const receivedBy = (receivedAt: Date, day: string) => shanghaiDay(receivedAt) <= day;

/**
 * 先到期先出: takes `wanted` from the batches that expire first (then those received first),
 * skipping empty and expired ones and those received after the day. `usable` is what could be
 * taken at all; when it is less than `wanted`, nothing is allocated.
 */
export function allocateFifo(candidates: FifoCandidate[], wanted: bigint, day: string): { allocations: Allocation[]; usable: bigint } {
  const usableBatches = candidates.filter((c) => c.available > 0n && !isExpiredOn(c.expiryDate, day) && receivedBy(c.receivedAt, day)).sort(fifoOrder);
  const usable = usableBatches.reduce((sum, c) => sum + c.available, 0n);
  if (wanted <= 0n || usable < wanted) return { allocations: [], usable };
  const allocations: Allocation[] = [];
  let rest = wanted;
  for (const batch of usableBatches) {
    const take = batch.available < rest ? batch.available : rest;
    allocations.push({ batchId: batch.batchId, quantity: take });
    rest -= take;
    if (rest === 0n) break;
  }
  return { allocations, usable };
}
