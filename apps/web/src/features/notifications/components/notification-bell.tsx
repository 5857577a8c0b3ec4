import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { App, Badge, Button, Drawer, Empty, List, Pagination, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { NotificationKind, TNotification, TNotificationStreamEvent } from '@canteen/shared';
import { AlertSeverityTag, SEVERITY_COLORS } from '@/components/ui/alert-severity-tag';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { formatDateTime } from '@/lib/format';
import { contractLanguage } from '@/lib/i18n';
import { useNotifications } from '../api/get-notifications';
import { useUnreadCount } from '../api/get-unread-count';
import { useMarkNotificationsRead } from '../api/mark-notifications-read';
import { useNotificationStream } from '../api/subscribe-notifications';
import './notifications.css';

const PAGE_SIZE = 20;

const KIND_COLORS: Record<NotificationKind, string> = {
  new: 'red',
  escalated: 'volcano',
  sent_back: 'orange',
  closed: 'green',
};

/**
 * The bell in the header: the unread count, kept live by the notification stream, a toast for
 * each alert that reaches the user, and the notification centre in a drawer.
 */
export function NotificationBell({
  onNotification,
}: {
  /** Also called for each live notification (the console refreshes its alert lists). */
  onNotification?: (event: TNotificationStreamEvent) => void;
}) {
  const { t, i18n } = useTranslation();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data?.count ?? 0;

  const announce = useCallback(
    (event: TNotificationStreamEvent) => {
      onNotification?.(event);
      const { alert } = event;
      notification.open({
        key: `${alert.id}:${event.kind}`,
        message: t(`alerts.notifications.toast.${event.kind}`),
        description: (
          <span data-testid="notification-toast">
            <span className="tabular">{alert.code}</span> ·{' '}
            {alert.title[contractLanguage(i18n.language)]}
          </span>
        ),
        icon: <BellOutlined style={{ color: SEVERITY_COLORS[alert.severity] }} />,
        placement: 'topRight',
        duration: 8,
        onClick: () => {
          notification.destroy(`${alert.id}:${event.kind}`);
          void navigate(`/alerts/${alert.id}`);
        },
        className: 'notification-toast',
      });
    },
    [notification, navigate, onNotification, t, i18n.language],
  );
  const live = useNotificationStream({ enabled: true, onNotification: announce });

  return (
    <>
      <Badge count={count} size="small" overflowCount={99} offset={[-4, 4]}>
        <Button
          type="text"
          icon={<BellOutlined />}
          onClick={() => setOpen(true)}
          className="notification-bell"
          aria-label={t('alerts.notifications.open', { count })}
          title={live ? undefined : t('alerts.notifications.offline')}
          data-testid="notification-bell"
          data-unread={count}
          data-live={live}
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('alerts.notifications.title')}
        width={420}
        destroyOnHidden
        data-testid="notification-drawer"
      >
        <NotificationList
          unread={count}
          onOpenAlert={(alertId) => {
            setOpen(false);
            void navigate(`/alerts/${alertId}`);
          }}
        />
      </Drawer>
    </>
  );
}

function NotificationList({
  unread,
  onOpenAlert,
}: {
  unread: number;
  onOpenAlert: (alertId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const list = useNotifications({ page, pageSize: PAGE_SIZE });
  const markRead = useMarkNotificationsRead();
  const fail = (error: unknown) =>
    void message.error(errorText(error, i18n.language, t('common.saveFailed')));

  const openOne = (item: TNotification) => {
    if (!item.readAt) markRead.mutate({ ids: [item.id] }, { onError: fail });
    onOpenAlert(item.alert.id);
  };

  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <div className="notification-centre">
      <div className="notification-centre-bar">
        <Typography.Text type="secondary">
          {t('alerts.notifications.unread', { count: unread })}
        </Typography.Text>
        <Button
          size="small"
          icon={<CheckOutlined />}
          disabled={unread === 0}
          loading={markRead.isPending}
          onClick={() => markRead.mutate({ all: true }, { onError: fail })}
          data-testid="notifications-read-all"
        >
          {t('alerts.notifications.readAll')}
        </Button>
      </div>
      <List<TNotification>
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t('alerts.notifications.empty')}
            />
          ),
        }}
        renderItem={(item) => (
          <List.Item
            className={item.readAt ? 'notification-item' : 'notification-item notification-unread'}
            onClick={() => openOne(item)}
            data-testid="notification-item"
            data-read={!!item.readAt}
          >
            <div className="notification-body">
              <Space size={4} wrap>
                <Tag color={KIND_COLORS[item.kind]}>
                  {t(`alerts.notifications.kind.${item.kind}`)}
                </Tag>
                <AlertSeverityTag severity={item.alert.severity} />
                <Typography.Text type="secondary" className="tabular">
                  {item.alert.code}
                </Typography.Text>
              </Space>
              <div className="notification-title">
                {item.alert.title[contractLanguage(i18n.language)]}
              </div>
              <Typography.Text type="secondary" className="notification-time tabular">
                {formatDateTime(item.createdAt)}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
      {(list.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination
          size="small"
          current={page}
          pageSize={PAGE_SIZE}
          total={list.data?.total ?? 0}
          onChange={setPage}
          className="notification-pagination"
        />
      )}
    </div>
  );
}
