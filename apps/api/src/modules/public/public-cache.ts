import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@/common/redis/redis.module';

export interface CachedPage {
  etag: string;
  /** The JSON text as sent, UTF-8. */
  body: Buffer;
  /** The same, gzipped once when built (parents are often on slow mobile networks). */
  gzip: Buffer;
}

/** A page is rebuilt at the latest after this, for changes that announce no event (a licence uploaded). */
const FRESH_MS = 5 * 60_000;
const KEY_TTL_SECONDS = 3600;
/** Pages this process keeps in memory; Redis stays the authority on whether a page is current. */
const MEMORY_PAGES = 500;
const GENERATION = 'public:gen';
const pageKey = (code: string) => `public:page:${code}`;
const gzipAsync = promisify(gzip);

export const etagOf = (body: string | Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

interface Held extends CachedPage {
  built: string;
  day: string;
  at: number;
}

/**
 * The built public page of each canteen in Redis, and the latest ones in this process's memory. A
 * page is current while the canteen's version and the global generation are those it was built at:
 * invalidating bumps a number and never races a build in flight, because a build stores the
 * versions it read before it started. A request costs one small Redis round trip when the page is
 * in memory, two when another process built it.
 */
@Injectable()
export class PublicCache {
  private readonly building = new Map<string, Promise<CachedPage>>();
  private readonly memory = new Map<string, Held>();

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** The current page, or a freshly built one (one build per code at a time in this process). */
  async page(code: string, day: string, build: () => Promise<string>): Promise<CachedPage> {
    const key = pageKey(code);
    const [[, fields], [, generation]] = (await this.redis.pipeline().hmget(key, 'v', 'built', 'day', 'at', 'etag').get(GENERATION).exec()) as [
      [Error | null, (string | null)[]],
      [Error | null, string | null],
    ];
    const [version, built, builtDay, at, etag] = fields;
    const token = `${generation ?? 0}:${version ?? 0}`;
    const current = built === token && builtDay === day && Date.now() - Number(at) < FRESH_MS && !!etag;
    if (current) {
      const held = this.memory.get(code);
      if (held && held.built === token && held.etag === etag) return held;
      const [body, zipped] = await this.redis.hmgetBuffer(key, 'body', 'gzip');
      if (body && zipped) return this.remember(code, { etag: etag!, body, gzip: zipped, built: token, day, at: Number(at) });
    }

    const flight = `${code}/${token}/${day}`;
    const pending = this.building.get(flight);
    if (pending) return pending;
    const job = (async () => {
      const body = Buffer.from(await build(), 'utf8');
      const page: Held = { etag: etagOf(body), body, gzip: await gzipAsync(body), built: token, day, at: Date.now() };
      await this.redis
        .pipeline()
        .hset(key, { built: token, day, at: String(page.at), etag: page.etag, body: page.body, gzip: page.gzip })
        .expire(key, KEY_TTL_SECONDS)
        .exec();
      return this.remember(code, page);
    })().finally(() => this.building.delete(flight));
    this.building.set(flight, job);
    return job;
  }

  async invalidateCanteens(codes: string[]): Promise<void> {
    if (codes.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const code of codes) pipeline.hincrby(pageKey(code), 'v', 1).expire(pageKey(code), KEY_TTL_SECONDS);
    await pipeline.exec();
  }

  /** Every page at once (supplier changes reach many canteens). */
  async invalidateAll(): Promise<void> {
    await this.redis.incr(GENERATION);
  }

  private remember(code: string, page: Held): Held {
    this.memory.delete(code);
    this.memory.set(code, page);
    if (this.memory.size > MEMORY_PAGES) this.memory.delete(this.memory.keys().next().value!);
    return page;
  }
}
