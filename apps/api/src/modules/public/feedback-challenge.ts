import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { FEEDBACK_CHALLENGE_ALGORITHM, type TFeedbackChallenge, challengeInput, leadingZeroBits } from '@canteen/shared';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { AppError, badRequest } from '@/common/http/app-error';
import { REDIS } from '@/common/redis/redis.module';

export const challengeRequired = () => badRequest('CHALLENGE_REQUIRED', '请先完成人机验证后再提交', 'Solve the challenge before sending');
const challengeInvalid = () => badRequest('CHALLENGE_INVALID', '验证信息无效，请重新提交', 'The challenge is not one this server issued; send again');
const challengeExpired = () => badRequest('CHALLENGE_EXPIRED', '验证已过期，请重新提交', 'The challenge has expired; send again');
const challengeFailed = () => badRequest('CHALLENGE_FAILED', '验证未通过，请重新提交', 'The challenge was not solved; send again');
const challengeReused = () => new AppError(409, 'CHALLENGE_REUSED', '该验证已使用过，请重新提交', 'This challenge was already used; send again');

type Unsigned = Omit<TFeedbackChallenge, 'signature'>;

/**
 * Proof-of-work challenges for the feedback form (the algorithm is documented with ZFeedbackChallenge).
 * Issuing is stateless, an HMAC over every field; a solved challenge is spent in Redis until it
 * expires, so each is accepted once, by any API instance that shares the secret.
 */
@Injectable()
export class FeedbackChallenges {
  private readonly secret: Buffer;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Outside production (the configuration requires a secret there) a restart only voids open challenges.
    this.secret = config.FEEDBACK_CHALLENGE_SECRET ? Buffer.from(config.FEEDBACK_CHALLENGE_SECRET, 'utf8') : randomBytes(32);
  }

  issue(canteenCode: string, now = new Date()): TFeedbackChallenge {
    const challenge: Unsigned = {
      algorithm: FEEDBACK_CHALLENGE_ALGORITHM,
      canteen: canteenCode,
      nonce: randomBytes(18).toString('base64url'),
      difficulty: this.config.FEEDBACK_POW_DIFFICULTY,
      expiresAt: new Date(now.getTime() + this.config.FEEDBACK_CHALLENGE_TTL_SECONDS * 1000).toISOString(),
    };
    return { ...challenge, signature: this.sign(challenge) };
  }

  /** Refuses a challenge this server did not issue for this canteen, an expired one, or a wrong solution. Spends nothing. */
  verify(challenge: TFeedbackChallenge, solution: string, canteenCode: string, now = new Date()): void {
    const { signature, ...unsigned } = challenge;
    const expected = Buffer.from(this.sign(unsigned));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || challenge.canteen !== canteenCode) throw challengeInvalid();
    if (Date.parse(challenge.expiresAt) <= now.getTime()) throw challengeExpired();
    const digest = createHash('sha256').update(challengeInput(challenge.nonce, solution), 'utf8').digest();
    if (leadingZeroBits(digest) < challenge.difficulty) throw challengeFailed();
  }

  /** Marks the nonce used until the challenge expires; a second use is refused. */
  async spend(challenge: TFeedbackChallenge, now = new Date()): Promise<void> {
    const ttl = Math.max(1, Date.parse(challenge.expiresAt) - now.getTime());
    const set = await this.redis.set(`feedback-pow:${challenge.nonce}`, '1', 'PX', ttl, 'NX');
    if (set !== 'OK') throw challengeReused();
  }

  private sign(challenge: Unsigned): string {
    const fields = [challenge.algorithm, challenge.canteen, challenge.nonce, challenge.difficulty, challenge.expiresAt];
    return createHmac('sha256', this.secret).update(JSON.stringify(fields)).digest('base64url');
  }
}
