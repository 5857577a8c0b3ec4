import { EXPIRY_WARNING_DAYS, creditCodeCheckChar, expiryState, isCreditCode } from '@canteen/shared';
import { contractState, worstCurrentState } from './suppliers.mapper';

const day = (value: string) => new Date(`${value}T00:00:00Z`);

describe('expiryState', () => {
  const today = '2026-03-01';

  it('keeps a document valid through its expiry day, expired from the day after', () => {
    expect(expiryState('2026-03-01', today)).toBe('expiring');
    expect(expiryState('2026-02-28', today)).toBe('expired');
  });

  it('warns 30 days ahead, counting across month ends', () => {
    expect(EXPIRY_WARNING_DAYS).toBe(30);
    expect(expiryState('2026-03-31', today)).toBe('expiring');
    expect(expiryState('2026-04-01', today)).toBe('valid');
    expect(expiryState('2027-01-30', '2026-12-31')).toBe('expiring');
    expect(expiryState('2027-01-31', '2026-12-31')).toBe('valid');
    // 2028 is a leap year: 29 February counts.
    expect(expiryState('2028-03-30', '2028-02-29')).toBe('expiring');
    expect(expiryState('2028-03-31', '2028-02-29')).toBe('valid');
  });

  it('treats a document without an expiry date (长期) as valid', () => {
    expect(expiryState(null, today)).toBe('valid');
  });

  it('takes the warning window as a parameter', () => {
    expect(expiryState('2026-03-10', today, 7)).toBe('valid');
    expect(expiryState('2026-03-08', today, 7)).toBe('expiring');
  });
});

describe('worstCurrentState', () => {
  const today = '2026-03-01';

  it('is null without documents', () => {
    expect(worstCurrentState([], today)).toBeNull();
  });

  it('counts, per kind, the document that lasts longest, and shows the worst kind', () => {
    const renewed = [
      { kind: 'food_business_licence', expiresOn: day('2025-01-01') },
      { kind: 'food_business_licence', expiresOn: day('2030-01-01') },
    ];
    expect(worstCurrentState(renewed, today)).toBe('valid');
    expect(worstCurrentState([...renewed, { kind: 'business_licence', expiresOn: day('2026-03-15') }], today)).toBe('expiring');
    expect(worstCurrentState([...renewed, { kind: 'other', expiresOn: day('2026-02-01') }], today)).toBe('expired');
  });

  it('lets a long-term document of a kind outrank a dated one', () => {
    expect(
      worstCurrentState(
        [
          { kind: 'business_licence', expiresOn: day('2020-01-01') },
          { kind: 'business_licence', expiresOn: null },
          { kind: 'business_licence', expiresOn: day('2021-01-01') },
        ],
        today,
      ),
    ).toBe('valid');
  });
});

describe('contractState', () => {
  const contract = (validFrom: string, validTo: string, endedOn: string | null = null) => ({ validFrom: day(validFrom), validTo: day(validTo), endedOn: endedOn ? day(endedOn) : null });

  it('is pending before, active through the last day, expired after', () => {
    expect(contractState(contract('2026-03-02', '2026-12-31'), '2026-03-01')).toBe('pending');
    expect(contractState(contract('2026-03-01', '2026-12-31'), '2026-03-01')).toBe('active');
    expect(contractState(contract('2026-01-01', '2026-12-31'), '2026-12-31')).toBe('active');
    expect(contractState(contract('2026-01-01', '2026-12-31'), '2027-01-01')).toBe('expired');
  });

  it('ends the day after the early end, or at once when ended before its start', () => {
    expect(contractState(contract('2026-01-01', '2026-12-31', '2026-03-01'), '2026-03-01')).toBe('active');
    expect(contractState(contract('2026-01-01', '2026-12-31', '2026-03-01'), '2026-03-02')).toBe('ended');
    expect(contractState(contract('2026-04-01', '2026-12-31', '2026-03-01'), '2026-03-01')).toBe('ended');
    expect(contractState(contract('2026-01-01', '2026-12-31', '2026-03-01'), '2027-06-01')).toBe('ended');
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts real codes and computes their check character', () => {
    for (const code of ['914403001922038216', '91330100716105852F']) {
      expect(isCreditCode(code)).toBe(true);
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
    }
  });

  it('refuses a wrong check character, a wrong length, and letters the standard leaves out', () => {
    expect(isCreditCode('914403001922038217')).toBe(false);
    expect(isCreditCode('91440300192203821')).toBe(false);
    expect(isCreditCode('9144030019220382166')).toBe(false);
    // I, O, S, V and Z are not used, so they cannot be confused with digits.
    expect(isCreditCode('91440300I922038216')).toBe(false);
    expect(isCreditCode('91440A001922038216')).toBe(false);
  });
});
