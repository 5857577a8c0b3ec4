import { createHash } from 'node:crypto';
import {
  type AcceptanceDecision,
  DELIVERY_RETENTION,
  type ManifestStatus,
  NO_SHELF_LIFE_EXPIRY,
  addDays,
  normaliseDecimal,
} from '@canteen/shared';

export const toDay = (date: Date) => date.toISOString().slice(0, 10);
export const fromDay = (day: string) => new Date(`${day}T00:00:00Z`);

/** The same day `months` later, clamped to the month's end (2026-08-31 + 6 months → 2027-02-28). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return toDay(target);
}

/**
 * The expiry of a delivered line: its expiry date, else production date + shelf life. A product
 * without a catalogue shelf life may state neither; `undefined` means the line must state one.
 */
export function resolveExpiry(
  line: { productionDate: string; shelfLifeDays?: number; expiryDate?: string },
  catalogueShelfLifeDays: number | null,
): string | undefined {
  if (line.expiryDate) return line.expiryDate;
  if (line.shelfLifeDays) return addDays(line.productionDate, line.shelfLifeDays);
  return catalogueShelfLifeDays === null ? NO_SHELF_LIFE_EXPIRY : undefined;
}

/**
 * Food Safety Law art. 50: the latest expiry + 6 months, or 2 years from the check for products
 * without a shelf life; whichever is later.
 */
export function retainUntil(expiries: string[], checkedOn: string): string {
  const candidates = expiries.map((expiry) =>
    expiry === NO_SHELF_LIFE_EXPIRY
      ? addMonths(checkedOn, DELIVERY_RETENTION.yearsWithoutShelfLife * 12)
      : addMonths(expiry, DELIVERY_RETENTION.monthsAfterExpiry),
  );
  return candidates.reduce((latest, day) => (day > latest ? day : latest), checkedOn);
}

/** Thousandths of a unit, exactly: quantities have at most 3 decimals. */
function thousandths(quantity: string): bigint {
  const [whole = '0', fraction = ''] = normaliseDecimal(quantity).split('.');
  return BigInt(whole) * 1000n + BigInt(fraction.padEnd(3, '0').slice(0, 3) || '0');
}

export function compareQuantities(a: string, b: string): number {
  const difference = thousandths(a) - thousandths(b);
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
}

/** quantity × unit price in fen, rounded half up to the fen. */
export function amountFen(quantity: string, unitPriceFen: number): number {
  return Number((thousandths(quantity) * BigInt(unitPriceFen) + 500n) / 1000n);
}

/** accepted: every line accepted in full; rejected: every line rejected; otherwise partly. */
export function statusAfterCheck(lines: { decision: AcceptanceDecision; acceptedQuantity: string; quantity: string }[]): ManifestStatus {
  if (lines.every((line) => line.decision === 'reject')) return 'rejected';
  const full = lines.every((line) => line.decision === 'accept' && compareQuantities(line.acceptedQuantity, line.quantity) === 0);
  return full ? 'accepted' : 'partially_accepted';
}

/** One line of a delivery, as stored. */
export interface ManifestContentLine {
  ingredientId: string;
  lotCode: string;
  productionDate: string;
  expiryDate: string;
  quantity: string;
  unit: string;
  unitPriceFen: number;
  farmBaseId: string | null;
  certificateIds: string[];
  note: string | null;
}

/** What a delivery is: its canteen, day, order, note and lines, as stored. */
export interface ManifestContent {
  canteenId: string;
  deliveryDate: string;
  purchaseOrderId: string | null;
  note: string | null;
  lines: ManifestContentLine[];
}

/**
 * The fingerprint of a manifest's content, whichever way it came (form, file, API): taken from the
 * validated lines, so a code or a name, a shelf life or an expiry date, 12.50 or 12.5, and the
 * order of the rows make no difference.
 */
export function manifestContentHash(manifest: ManifestContent): string {
  const lines = manifest.lines
    .map((line) =>
      JSON.stringify([
        line.ingredientId,
        line.lotCode,
        line.productionDate,
        line.expiryDate,
        normaliseDecimal(line.quantity),
        line.unit,
        line.unitPriceFen,
        line.farmBaseId,
        [...line.certificateIds].sort(),
        line.note,
      ]),
    )
    .sort();
  return createHash('sha256')
    .update(JSON.stringify([manifest.canteenId, manifest.deliveryDate, manifest.purchaseOrderId, manifest.note, lines]))
    .digest('hex');
}
