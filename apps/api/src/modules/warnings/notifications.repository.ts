import { Injectable } from '@nestjs/common';
import { type Prisma, PrismaService } from '@/common/prisma/prisma.service';
import type { Scope } from '@/common/tenancy/scope';
import { alertVisibleWhere } from './alerts.repository';

const ALERT_BRIEF_SELECT = { id: true, code: true, titleZh: true, titleEn: true, severity: true, status: true } as const;
export type AlertBriefRow = Prisma.AlertGetPayload<{ select: typeof ALERT_BRIEF_SELECT }>;

const NOTIFICATION_SELECT = { id: true, kind: true, createdAt: true, readAt: true, alert: { select: ALERT_BRIEF_SELECT } } as const;
export type NotificationRow = Prisma.NotificationGetPayload<{ select: typeof NOTIFICATION_SELECT }>;

/**
 * A user's own notifications, and only those about alerts still in their subtree: after a move to
 * another unit, the old unit's alerts are no longer theirs to read.
 */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Unread first, then newest first. */
  list(scope: Scope, userId: string, page: number, pageSize: number): Promise<[NotificationRow[], number]> {
    const where: Prisma.NotificationWhereInput = { userId, alert: alertVisibleWhere(scope) };
    return Promise.all([
      this.prisma.notification.findMany({
        where,
        orderBy: [{ readAt: { sort: 'asc', nulls: 'first' } }, { createdAt: 'desc' }, { id: 'desc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
        select: NOTIFICATION_SELECT,
      }),
      this.prisma.notification.count({ where }),
    ]);
  }

  countUnread(scope: Scope, userId: string): Promise<number> {
    return this.prisma.notification.count({ where: { userId, alert: alertVisibleWhere(scope), readAt: null } });
  }

  /** Which of these ids are the user's own. */
  async ownIds(scope: Scope, userId: string, ids: string[]): Promise<string[]> {
    const rows = await this.prisma.notification.findMany({ where: { userId, alert: alertVisibleWhere(scope), id: { in: ids } }, select: { id: true } });
    return rows.map((row) => row.id);
  }

  /** Marks the user's unread notifications (these ids, or all) read; returns how many changed. */
  async markRead(scope: Scope, userId: string, ids: string[] | 'all', at: Date): Promise<number> {
    const { count } = await this.prisma.notification.updateMany({
      where: { userId, alert: alertVisibleWhere(scope), readAt: null, ...(ids === 'all' ? {} : { id: { in: ids } }) },
      data: { readAt: at },
    });
    return count;
  }

  /** What a live notification shows of its alert, if the asker may see it. */
  alertBrief(scope: Scope, alertId: string): Promise<AlertBriefRow | null> {
    return this.prisma.alert.findFirst({ where: { id: alertId, AND: [alertVisibleWhere(scope)] }, select: ALERT_BRIEF_SELECT });
  }
}
