import { createHash } from 'node:crypto';
import { ZFeedbackContact, ZSubmitFeedback, ZTrackingCode, challengeInput, leadingZeroBits, newTrackingCode, normaliseTrackingCode, solveFeedbackChallenge } from './feedback';

describe('the proof-of-work algorithm', () => {
  it('counts leading zero bits from the most significant bit of the first byte', () => {
    expect(leadingZeroBits(Uint8Array.from([0x80]))).toBe(0);
    expect(leadingZeroBits(Uint8Array.from([0x01, 0xff]))).toBe(7);
    expect(leadingZeroBits(Uint8Array.from([0x00, 0x10]))).toBe(11);
    expect(leadingZeroBits(Uint8Array.from([0, 0, 0]))).toBe(24);
  });

  it('the reference solver finds the first counter whose SHA-256 of "nonce:n" has the bits', async () => {
    const nonce = 'AbCdEfGhIjKlMnOpQrStUvWx';
    const solution = await solveFeedbackChallenge({ nonce, difficulty: 12 }, { batch: 16 });
    const bits = (n: number | string) => leadingZeroBits(createHash('sha256').update(challengeInput(nonce, n)).digest());
    expect(bits(solution)).toBeGreaterThanOrEqual(12);
    for (let n = 0; n < Number(solution); n++) expect(bits(n)).toBeLessThan(12);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(solveFeedbackChallenge({ nonce: 'AbCdEfGhIjKlMnOpQrStUvWx', difficulty: 30 }, { signal: controller.signal })).rejects.toThrow();
  });
});

describe('what a parent sends', () => {
  it('accepts a mobile number written with spaces or dashes, and WeChat ids', () => {
    expect(ZFeedbackContact.parse(' 138-1234 5678 ')).toBe('13812345678');
    expect(ZFeedbackContact.parse('wxid_abc-123')).toBe('wxid_abc-123');
    for (const bad of ['12812345678', '1381234567', '5wechat', 'ab', '<script>', '138123456789']) expect(ZFeedbackContact.safeParse(bad).success).toBe(false);
  });

  it('draws 10-character Crockford base32 tracking codes', () => {
    const codes = Array.from({ length: 2000 }, newTrackingCode);
    for (const code of codes) expect(ZTrackingCode.parse(code)).toBe(code);
    expect(new Set(codes).size).toBe(codes.length);
    // Every symbol turns up: the draw is not stuck on part of the alphabet.
    expect(new Set(codes.join('')).size).toBe(32);
  });

  it('reads tracking codes as parents type them', () => {
    expect(normaliseTrackingCode('abcd-efgh 0o')).toBe('ABCDEFGH00');
    expect(ZTrackingCode.parse('7k2m-9p4q-xz')).toBe('7K2M9P4QXZ');
    expect(ZTrackingCode.parse('il1O0abcde')).toBe('11100ABCDE');
    expect(ZTrackingCode.safeParse('UUUUUUUUUU').success).toBe(false);
    expect(ZTrackingCode.safeParse('ABC').success).toBe(false);
  });

  it('an empty contact is no contact; the text is trimmed', () => {
    const base = {
      category: 'taste',
      challenge: { algorithm: 'sha256-leading-zero-bits', canteen: 'C1', nonce: 'AbCdEfGhIjKlMnOpQrStUvWx', difficulty: 1, expiresAt: '2026-03-02T08:10:00.000Z', signature: 'x'.repeat(43) },
      solution: '3',
    };
    const parsed = ZSubmitFeedback.parse({ ...base, text: '  太咸  ', contact: '  ' });
    expect(parsed.text).toBe('太咸');
    expect(parsed.contact).toBeUndefined();
    expect(ZSubmitFeedback.safeParse({ ...base, text: 'a', solution: '007' }).success).toBe(false);
    expect(ZSubmitFeedback.safeParse({ ...base, text: 'a', solution: '-1' }).success).toBe(false);
  });
});
