import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { REDIS } from '@/common/redis/redis.module';

export interface Session {
  id: string;
  userId: string;
  csrfToken: string;
}

/** Server-side sessions in Redis: the cookie holds only a random id, so any session can be revoked. */
@Injectable()
export class SessionStore {
  private readonly ttlSeconds: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlSeconds = Math.round(config.SESSION_TTL_HOURS * 3600);
  }

  get ttl(): number {
    return this.ttlSeconds;
  }

  async create(userId: string): Promise<Session> {
    const session = { id: randomBytes(32).toString('base64url'), userId, csrfToken: randomBytes(24).toString('base64url') };
    await this.redis
      .multi()
      .hset(`sess:${session.id}`, { userId, csrfToken: session.csrfToken })
      .expire(`sess:${session.id}`, this.ttlSeconds)
      .sadd(`user-sess:${userId}`, session.id)
      .expire(`user-sess:${userId}`, this.ttlSeconds)
      .exec();
    return session;
  }

  async get(id: string): Promise<Session | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const data = await this.redis.hgetall(`sess:${id}`);
    if (!data.userId || !data.csrfToken) return null;
    return { id, userId: data.userId, csrfToken: data.csrfToken };
  }

  async destroy(session: Pick<Session, 'id' | 'userId'>): Promise<void> {
    await this.redis.multi().del(`sess:${session.id}`).srem(`user-sess:${session.userId}`, session.id).exec();
  }

  /** Ends every session of a user (password reset, role change, disabling), optionally but one. */
  async destroyAllForUser(userId: string, keepSessionId?: string): Promise<void> {
    const ids = (await this.redis.smembers(`user-sess:${userId}`)).filter((id) => id !== keepSessionId);
    if (ids.length === 0) return;
    await this.redis
      .multi()
      .del(...ids.map((id) => `sess:${id}`))
      .srem(`user-sess:${userId}`, ...ids)
      .exec();
  }
}
