import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { tooManyRequests } from '@/common/http/app-error';
import { REDIS } from '@/common/redis/redis.module';

const keysOf = (ip: string, username: string) => [`login-ip:${ip}`, `login-acct:${username.toLowerCase()}`];
const REFUND = "if (tonumber(redis.call('GET', KEYS[1]) or '0') > 0) then return redis.call('DECR', KEYS[1]) end return 0";

/**
 * Counts login attempts per IP and per account in fixed Redis windows, before any password is
 * hashed: argon2 costs ~10 ms of a core, so an unthrottled login endpoint is a denial of service.
 * A successful sign-in gives its attempt back, so that the limits hold back guessing, not an office
 * of colleagues behind one address signing in every morning.
 */
@Injectable()
export class LoginLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async hit(ip: string, username: string): Promise<void> {
    const window = this.config.LOGIN_WINDOW_SECONDS;
    const pipeline = this.redis.multi();
    for (const key of keysOf(ip, username)) pipeline.incr(key).expire(key, window, 'NX').ttl(key);
    const results = (await pipeline.exec()) ?? [];
    const [ipCount, , ipTtl, accountCount, , accountTtl] = results.map(([, value]) => Number(value ?? 0));
    const overIp = ipCount! > this.config.LOGIN_IP_LIMIT;
    const overAccount = accountCount! > this.config.LOGIN_ACCOUNT_LIMIT;
    if (overIp || overAccount) {
      // The window that refused is the one to wait out; a person plans better with the minutes.
      const seconds = Math.max(overIp ? ipTtl! : 0, overAccount ? accountTtl! : 0);
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      throw tooManyRequests(`登录尝试过于频繁，请 ${minutes} 分钟后再试`, `Too many sign-in attempts, try again in ${minutes} min`);
    }
  }

  /** The attempt of a sign-in that succeeded no longer counts; a key that expired meanwhile stays gone. */
  async succeeded(ip: string, username: string): Promise<void> {
    const pipeline = this.redis.multi();
    for (const key of keysOf(ip, username)) pipeline.eval(REFUND, 1, key);
    await pipeline.exec();
  }
}
