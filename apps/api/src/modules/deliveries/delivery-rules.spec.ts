import { NO_SHELF_LIFE_EXPIRY } from '@canteen/shared';
import { type ManifestContent, addMonths, amountFen, compareQuantities, manifestContentHash, resolveExpiry, retainUntil, statusAfterCheck } from './delivery-rules';

describe('delivery rules', () => {
  it('adds months, clamping to the end of a shorter month', () => {
    expect(addMonths('2026-11-29', 6)).toBe('2027-05-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-11-29', 24)).toBe('2028-11-29');
  });

  it('resolves the expiry from the date, the shelf life, or the catalogue', () => {
    expect(resolveExpiry({ productionDate: '2026-11-20', expiryDate: '2026-11-30', shelfLifeDays: 3 }, 7)).toBe('2026-11-30');
    expect(resolveExpiry({ productionDate: '2026-11-20', shelfLifeDays: 12 }, 7)).toBe('2026-12-02');
    // The catalogue says the product has a shelf life: the line must state it.
    expect(resolveExpiry({ productionDate: '2026-11-20' }, 7)).toBeUndefined();
    // A product without a shelf life (salt, sugar) may state none.
    expect(resolveExpiry({ productionDate: '2026-11-20' }, null)).toBe(NO_SHELF_LIFE_EXPIRY);
  });

  it('keeps records until the latest expiry + 6 months, or 2 years without a shelf life (Food Safety Law art. 50)', () => {
    expect(retainUntil(['2026-12-01', '2027-01-15'], '2026-11-29')).toBe('2027-07-15');
    expect(retainUntil(['2026-12-01', NO_SHELF_LIFE_EXPIRY], '2026-11-29')).toBe('2028-11-29');
    expect(retainUntil(['2030-01-10', NO_SHELF_LIFE_EXPIRY], '2026-11-29')).toBe('2030-07-10');
  });

  it('compares quantities and computes amounts exactly, in fen', () => {
    expect(compareQuantities('10', '10.000')).toBe(0);
    expect(compareQuantities('10.001', '10')).toBe(1);
    expect(compareQuantities('0.5', '0.75')).toBe(-1);
    expect(amountFen('12.5', 1280)).toBe(16000);
    expect(amountFen('0.333', 100)).toBe(33);
    expect(amountFen('0.335', 100)).toBe(34);
    expect(amountFen('1000', 99999)).toBe(99_999_000);
  });

  it('names the manifest status after the check', () => {
    const line = (decision: 'accept' | 'reject', acceptedQuantity: string, quantity = '10') => ({ decision, acceptedQuantity, quantity });
    expect(statusAfterCheck([line('accept', '10'), line('accept', '10')])).toBe('accepted');
    expect(statusAfterCheck([line('accept', '9.5'), line('accept', '10')])).toBe('partially_accepted');
    expect(statusAfterCheck([line('accept', '10'), line('reject', '0')])).toBe('partially_accepted');
    expect(statusAfterCheck([line('reject', '0'), line('reject', '0')])).toBe('rejected');
  });

  it('fingerprints a manifest by what is delivered, not by how it was written', () => {
    const line = (lotCode: string, overrides: Partial<ManifestContent['lines'][number]> = {}) => ({
      ingredientId: 'i1',
      lotCode,
      productionDate: '2026-11-29',
      expiryDate: '2026-12-04',
      quantity: '12.5',
      unit: 'kg',
      unitPriceFen: 350,
      farmBaseId: null,
      certificateIds: ['c1', 'c2'],
      note: null,
      ...overrides,
    });
    const manifest: ManifestContent = { canteenId: 'k1', deliveryDate: '2026-11-30', purchaseOrderId: null, note: null, lines: [line('L1'), line('L2')] };
    const hash = manifestContentHash(manifest);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifestContentHash({ ...manifest, lines: [line('L2', { quantity: '12.50', certificateIds: ['c2', 'c1'] }), line('L1')] })).toBe(hash);
    for (const other of [
      { ...manifest, canteenId: 'k2' },
      { ...manifest, deliveryDate: '2026-12-01' },
      { ...manifest, purchaseOrderId: 'po1' },
      { ...manifest, note: '第二车' },
      { ...manifest, lines: [line('L1'), line('L2', { quantity: '12.6' })] },
      { ...manifest, lines: [line('L1'), line('L2', { note: '补送' })] },
      { ...manifest, lines: [line('L1')] },
      { ...manifest, lines: [line('L1'), line('L2'), line('L2')] },
    ]) {
      expect(manifestContentHash(other)).not.toBe(hash);
    }
  });
});
