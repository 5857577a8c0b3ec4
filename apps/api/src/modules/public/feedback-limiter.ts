import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { tooManyRequests } from '@/common/http/app-error';
import { REDIS } from '@/common/redis/redis.module';

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/**
 * Fixed Redis windows over what anonymous parents may do: feedback per IP and per canteen (a
 * canteen flooded from many addresses still stops at its own limit), tracking look-ups per IP.
 */
@Injectable()
export class FeedbackLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Before any work: an address already at its limit is refused without reading its upload. */
  async assertIpUnderLimit(ip: string): Promise<void> {
    const count = Number((await this.redis.get(`feedback-ip:${ip}`)) ?? 0);
    if (count >= this.config.FEEDBACK_IP_LIMIT) throw this.ipRefusal();
  }

  /** Counts one submission that passed its challenge; refuses it when either window is full. */
  async hitSubmission(ip: string, canteenId: string): Promise<void> {
    const ipKey = `feedback-ip:${ip}`;
    const canteenKey = `feedback-canteen:${canteenId}`;
    const results =
      (await this.redis
        .multi()
        .incr(ipKey)
        .expire(ipKey, this.config.FEEDBACK_IP_WINDOW_SECONDS, 'NX')
        .incr(canteenKey)
        .expire(canteenKey, this.config.FEEDBACK_CANTEEN_WINDOW_SECONDS, 'NX')
        .exec()) ?? [];
    if (Number(results[0]?.[1] ?? 0) > this.config.FEEDBACK_IP_LIMIT) throw this.ipRefusal();
    if (Number(results[2]?.[1] ?? 0) > this.config.FEEDBACK_CANTEEN_LIMIT) {
      throw tooManyRequests('该食堂近期收到的反馈过多，请稍后再试', 'This canteen has received too much feedback just now; try again later');
    }
  }

  async hitTracking(ip: string): Promise<void> {
    const key = `feedback-track:${ip}`;
    const results = (await this.redis.multi().incr(key).expire(key, this.config.FEEDBACK_IP_WINDOW_SECONDS, 'NX').exec()) ?? [];
    if (Number(results[0]?.[1] ?? 0) > this.config.FEEDBACK_TRACK_LIMIT) {
      throw tooManyRequests(`查询过于频繁，请 ${minutes(this.config.FEEDBACK_IP_WINDOW_SECONDS)} 分钟后再试`, `Too many look-ups; try again in ${minutes(this.config.FEEDBACK_IP_WINDOW_SECONDS)} minutes`);
    }
  }

  private ipRefusal() {
    const wait = minutes(this.config.FEEDBACK_IP_WINDOW_SECONDS);
    return tooManyRequests(`提交过于频繁，请 ${wait} 分钟后再试`, `Too much feedback from your network; try again in ${wait} minutes`);
  }
}
