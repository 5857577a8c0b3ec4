import type { AlertSeverity, AlertStatus, NotificationKind, TNotification } from '@canteen/shared';
import type { AlertBriefRow, NotificationRow } from './notifications.repository';

export function toAlertBrief(row: AlertBriefRow): TNotification['alert'] {
  return { id: row.id, code: row.code, title: { zh: row.titleZh, en: row.titleEn }, severity: row.severity as AlertSeverity, status: row.status as AlertStatus };
}

export function toNotification(row: NotificationRow): TNotification {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    alert: toAlertBrief(row.alert),
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}
