import { ClockCircleOutlined, ExclamationCircleFilled, StopOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BatchExpiryState } from '@canteen/shared';

/** Red once expired, amber within NEAR_EXPIRY_DAYS, quiet otherwise. */
export function ExpiryTag({
  state,
  daysToExpiry,
}: {
  state: BatchExpiryState;
  daysToExpiry: number | null;
}) {
  const { t } = useTranslation();
  switch (state) {
    case 'expired':
      return (
        <Tag color="error" icon={<StopOutlined />} data-testid="expiry-tag">
          {t('ledger.expiry.expired')}
          {daysToExpiry !== null && daysToExpiry < 0
            ? ` · ${t('ledger.expiry.daysAgo', { count: -daysToExpiry })}`
            : ''}
        </Tag>
      );
    case 'near_expiry':
      return (
        <Tag color="warning" icon={<ExclamationCircleFilled />} data-testid="expiry-tag">
          {daysToExpiry === 0
            ? t('ledger.expiry.today')
            : `${t('ledger.expiry.near_expiry')} · ${t('ledger.expiry.daysLeft', { count: daysToExpiry ?? 0 })}`}
        </Tag>
      );
    case 'ok':
      return (
        <Tag icon={<ClockCircleOutlined />} data-testid="expiry-tag">
          {t('ledger.expiry.daysLeft', { count: daysToExpiry ?? 0 })}
        </Tag>
      );
    case 'no_shelf_life':
      return <Tag data-testid="expiry-tag">{t('ledger.expiry.no_shelf_life')}</Tag>;
  }
}
