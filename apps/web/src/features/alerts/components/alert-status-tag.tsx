import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertStatus } from '@canteen/shared';

const COLORS: Record<AlertStatus, string> = {
  raised: 'volcano',
  acknowledged: 'processing',
  handled: 'cyan',
  closed: 'default',
};

export function AlertStatusTag({ status }: { status: AlertStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="alert-status" data-status={status}>
      {t(`alerts.status.${status}`)}
    </Tag>
  );
}
