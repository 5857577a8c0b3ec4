import { createHash } from 'node:crypto';
import { solveFeedbackChallenge } from '@canteen/shared';
import type Redis from 'ioredis';
import type { AppConfig } from '@/common/config/config';
import { AppError } from '@/common/http/app-error';
import { FeedbackChallenges } from './feedback-challenge';

const CONFIG = { FEEDBACK_CHALLENGE_SECRET: 's'.repeat(32), FEEDBACK_POW_DIFFICULTY: 10, FEEDBACK_CHALLENGE_TTL_SECONDS: 600 } as AppConfig;

function fakeRedis() {
  const keys = new Map<string, number>();
  return {
    keys,
    set: jest.fn(async (key: string, _value: string, _px: 'PX', ttl: number, _nx: 'NX') => {
      if (keys.has(key)) return null;
      keys.set(key, ttl);
      return 'OK';
    }),
  };
}

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

describe('feedback challenges', () => {
  const now = new Date('2026-03-02T08:00:00Z');
  const redis = fakeRedis();
  const challenges = new FeedbackChallenges(redis as unknown as Redis, CONFIG);

  it('a solved challenge verifies for its canteen until it expires', async () => {
    const challenge = challenges.issue('511702-S01-C1', now);
    expect(challenge).toMatchObject({ algorithm: 'sha256-leading-zero-bits', canteen: '511702-S01-C1', difficulty: 10, expiresAt: '2026-03-02T08:10:00.000Z' });
    const solution = await solveFeedbackChallenge(challenge);
    expect(codeOf(() => challenges.verify(challenge, solution, '511702-S01-C1', now))).toBe('ok');
    expect(codeOf(() => challenges.verify(challenge, solution, '511702-S02-C1', now))).toBe('CHALLENGE_INVALID');
    expect(codeOf(() => challenges.verify(challenge, solution, '511702-S01-C1', new Date('2026-03-02T08:10:00Z')))).toBe('CHALLENGE_EXPIRED');
  });

  it('any change to a field breaks the signature', async () => {
    const challenge = challenges.issue('C1', now);
    const solution = await solveFeedbackChallenge(challenge);
    for (const changed of [{ difficulty: 1 }, { nonce: `${challenge.nonce.slice(1)}A` }, { expiresAt: '2099-01-01T00:00:00.000Z' }, { canteen: 'C2' }]) {
      expect(codeOf(() => challenges.verify({ ...challenge, ...changed }, solution, changed.canteen ?? 'C1', now))).toBe('CHALLENGE_INVALID');
    }
  });

  it('another server secret does not accept it', async () => {
    const challenge = challenges.issue('C1', now);
    const other = new FeedbackChallenges(fakeRedis() as unknown as Redis, { ...CONFIG, FEEDBACK_CHALLENGE_SECRET: 't'.repeat(32) });
    expect(codeOf(() => other.verify(challenge, '0', 'C1', now))).toBe('CHALLENGE_INVALID');
  });

  it('a counter whose hash lacks the zero bits fails', () => {
    const challenge = challenges.issue('C1', now);
    // A hash whose first byte is not zero has fewer than 10 leading zero bits.
    let n = 0;
    while (createHash('sha256').update(`${challenge.nonce}:${n}`).digest()[0] === 0) n++;
    expect(codeOf(() => challenges.verify(challenge, String(n), 'C1', now))).toBe('CHALLENGE_FAILED');
  });

  it('is spent once, for as long as it would have been valid', async () => {
    const challenge = challenges.issue('C1', now);
    await challenges.spend(challenge, now);
    expect(redis.keys.get(`feedback-pow:${challenge.nonce}`)).toBe(600_000);
    await expect(challenges.spend(challenge, now)).rejects.toMatchObject({ code: 'CHALLENGE_REUSED' });
  });
});
