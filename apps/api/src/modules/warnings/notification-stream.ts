import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type TNotificationMessage, ZNotificationMessage, notificationChannel } from '@canteen/shared';
import type Redis from 'ioredis';
import { SessionStore } from '@/common/auth/session.store';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { REDIS } from '@/common/redis/redis.module';
import type { Scope } from '@/common/tenancy/scope';

/** Proxies and load balancers drop a connection silent for about a minute; a comment keeps it open. */
export const HEARTBEAT_MS = 25_000;
/** Browsers wait this long before reconnecting on their own. */
const RETRY_MS = 5_000;
/** Tabs of one user; beyond this the oldest stream is closed, so a reload loop cannot pile up sockets. */
const MAX_STREAMS_PER_USER = 10;
/** A client that reads nothing for this much buffered output is dropped rather than held in memory. */
const MAX_BUFFERED_BYTES = 1_048_576;

export interface StreamClient {
  readonly userId: string;
  readonly sessionId: string;
  /** The subtree the user saw when the stream opened; a role or unit change ends the session and the stream. */
  readonly scope: Scope;
  readonly raw: ServerResponse;
}

type MessageListener = (message: TNotificationMessage) => Promise<void>;

/**
 * The API side of live notifications: one Redis subscription per process to the channel the
 * worker (and the API itself) publish on after an alert change commits, and the Server-Sent Events
 * streams of the users signed in to this process. Only transport: what is sent to whom is decided
 * by the listener (NotificationsService).
 */
@Injectable()
export class NotificationStream implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('notifications');
  private readonly byUser = new Map<string, StreamClient[]>();
  private readonly listeners: MessageListener[] = [];
  private subscriber: Redis | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionStore,
  ) {}

  onModuleInit(): void {
    // A connection in subscriber mode can run no other command: it is this stream's own.
    const subscriber = this.redis.duplicate();
    subscriber.on('message', (_channel: string, text: string) => void this.receive(text));
    subscriber.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'notification subscriber error'));
    // ioredis re-subscribes after a reconnect; not awaited so that a Redis outage does not hold up start-up.
    subscriber.subscribe(notificationChannel(this.config.REDIS_PREFIX)).catch((error: Error) => {
      this.logger.error({ err: error.message }, 'notification subscription failed');
    });
    this.subscriber = subscriber;
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Ends every stream first: an open stream would otherwise keep the HTTP server from closing. */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    for (const client of this.clients()) this.end(client, 'shutdown');
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  get accepting(): boolean {
    return !this.closing;
  }

  /** Open streams, of everyone or of one user. */
  count(userId?: string): number {
    return userId ? (this.byUser.get(userId)?.length ?? 0) : this.clients().length;
  }

  clientsOf(userId: string): readonly StreamClient[] {
    return this.byUser.get(userId) ?? [];
  }

  onMessage(listener: MessageListener): void {
    this.listeners.push(listener);
  }

  /** Starts an event stream on a response nobody else will write to (a hijacked Fastify reply). */
  open(client: StreamClient, requestId: string): void {
    const { raw } = client;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store, no-transform',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream and deliver it in lumps.
      'x-accel-buffering': 'no',
      'x-request-id': requestId,
    });
    raw.socket?.setNoDelay(true);
    raw.socket?.setKeepAlive(true, HEARTBEAT_MS);
    raw.write(`retry: ${RETRY_MS}\n\n`);

    const streams = [...(this.byUser.get(client.userId) ?? []), client];
    this.byUser.set(client.userId, streams);
    for (const oldest of streams.slice(0, Math.max(0, streams.length - MAX_STREAMS_PER_USER))) this.end(oldest, 'too-many');

    raw.on('close', () => this.remove(client));
    raw.on('error', () => this.remove(client));
  }

  /** Writes one event; false when the stream is gone. */
  send(client: StreamClient, event: string, data: unknown): boolean {
    return this.write(client, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /**
   * Every 25 s: a comment on each stream, and streams whose session has ended (signed out,
   * password reset, account disabled or its role changed) are closed.
   */
  async beat(): Promise<void> {
    const clients = this.clients();
    const sessions = new Map<string, Promise<boolean>>();
    await Promise.all(
      clients.map(async (client) => {
        let alive = sessions.get(client.sessionId);
        if (!alive) {
          alive = this.sessions.get(client.sessionId).then(
            (session) => session?.userId === client.userId,
            // Redis unreachable: keep the stream; the next beat decides.
            () => true,
          );
          sessions.set(client.sessionId, alive);
        }
        if (await alive) this.write(client, `: heartbeat ${Date.now()}\n\n`);
        else this.end(client, 'signed-out');
      }),
    );
  }

  private async receive(text: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const message = ZNotificationMessage.safeParse(parsed);
    if (!message.success) {
      this.logger.warn({ text: text.slice(0, 200) }, 'malformed notification message ignored');
      return;
    }
    if (!message.data.userIds.some((id) => this.byUser.has(id))) return;
    for (const listener of this.listeners) {
      await listener(message.data).catch((error: Error) => {
        this.logger.warn({ err: error.message, alertId: message.data.alertId }, 'live notification not delivered');
      });
    }
  }

  private write(client: StreamClient, text: string): boolean {
    const { raw } = client;
    if (raw.destroyed || raw.writableEnded) {
      this.remove(client);
      return false;
    }
    if (raw.writableLength > MAX_BUFFERED_BYTES) {
      this.end(client, 'slow');
      return false;
    }
    raw.write(text);
    return true;
  }

  private end(client: StreamClient, reason: string): void {
    this.remove(client);
    if (client.raw.destroyed || client.raw.writableEnded) return;
    client.raw.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
  }

  private remove(client: StreamClient): void {
    const streams = this.byUser.get(client.userId);
    if (!streams) return;
    const rest = streams.filter((c) => c !== client);
    if (rest.length > 0) this.byUser.set(client.userId, rest);
    else this.byUser.delete(client.userId);
  }

  private clients(): StreamClient[] {
    return [...this.byUser.values()].flat();
  }
}
