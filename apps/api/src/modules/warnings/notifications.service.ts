import { Injectable } from '@nestjs/common';
import {
  type TMarkNotificationsRead,
  type TNotification,
  type TNotificationMessage,
  type TNotificationQuery,
  type TNotificationStreamEvent,
  type TPage,
  type TUnreadCount,
} from '@canteen/shared';
import type { FastifyReply } from 'fastify';
import { AppError, notFound } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { NotificationStream } from './notification-stream';
import { toAlertBrief, toNotification } from './notifications.mapper';
import { NotificationsRepository } from './notifications.repository';

/** The notification centre (new, escalated, sent back, closed alerts) and its live stream. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly stream: NotificationStream,
  ) {
    stream.onMessage((message) => this.deliver(message));
  }

  async list(actor: Actor, query: TNotificationQuery): Promise<TPage<TNotification>> {
    const scope = requireAccess(actor, 'alert:read');
    const [rows, total] = await this.repository.list(scope, actor.userId, query.page, query.pageSize);
    return { items: rows.map(toNotification), total, page: query.page, pageSize: query.pageSize };
  }

  async unreadCount(actor: Actor): Promise<TUnreadCount> {
    const scope = requireAccess(actor, 'alert:read');
    return { count: await this.repository.countUnread(scope, actor.userId) };
  }

  /** Named ones must all be the asker's own (else 404 and nothing changes); answers the unread count left. */
  async markRead(actor: Actor, body: TMarkNotificationsRead): Promise<TUnreadCount> {
    const scope = requireAccess(actor, 'alert:read');
    if ('ids' in body) {
      const ids = [...new Set(body.ids)];
      const own = await this.repository.ownIds(scope, actor.userId, ids);
      if (own.length < ids.length) throw notFound('未找到该通知', 'Notification not found');
      await this.repository.markRead(scope, actor.userId, ids, new Date());
    } else {
      await this.repository.markRead(scope, actor.userId, 'all', new Date());
    }
    return { count: await this.repository.countUnread(scope, actor.userId) };
  }

  /**
   * Opens the asker's Server-Sent Events stream: `ready` with the unread count, then a
   * `notification` for each alert change addressed to them. The reply is taken over from Fastify.
   */
  async openStream(actor: Actor, reply: FastifyReply): Promise<void> {
    const scope = requireAccess(actor, 'alert:read');
    if (!this.stream.accepting) throw new AppError(503, 'SHUTTING_DOWN', '服务正在重启，请稍后重连', 'The service is restarting; reconnect shortly');
    const unread = await this.repository.countUnread(scope, actor.userId);
    void reply.hijack();
    const client = { userId: actor.userId, sessionId: actor.sessionId, scope, raw: reply.raw };
    this.stream.open(client, actor.requestId);
    this.stream.send(client, 'ready', { count: unread } satisfies TUnreadCount);
  }

  /**
   * Sends a published notification to the named users' open streams on this process, each only
   * if the alert lies in that user's subtree; the alert is read once per distinct subtree.
   */
  private async deliver(message: TNotificationMessage): Promise<void> {
    const briefs = new Map<string, Promise<TNotificationStreamEvent['alert'] | null>>();
    const briefIn = (scope: Scope) => {
      let brief = briefs.get(scope.path);
      if (!brief) {
        brief = this.repository.alertBrief(scope, message.alertId).then((row) => (row ? toAlertBrief(row) : null));
        briefs.set(scope.path, brief);
      }
      return brief;
    };
    for (const userId of new Set(message.userIds)) {
      for (const client of this.stream.clientsOf(userId)) {
        const alert = await briefIn(client.scope);
        if (alert) this.stream.send(client, 'notification', { kind: message.kind, alert } satisfies TNotificationStreamEvent);
      }
    }
  }
}
