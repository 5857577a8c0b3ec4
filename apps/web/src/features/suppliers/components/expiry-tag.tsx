import { CheckCircleFilled, ClockCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExpiryState } from '@canteen/shared';

const STYLE: Record<ExpiryState, { color: string; icon: React.ReactNode }> = {
  valid: { color: 'success', icon: <CheckCircleFilled /> },
  expiring: { color: 'warning', icon: <ClockCircleFilled /> },
  expired: { color: 'error', icon: <CloseCircleFilled /> },
};

/** 有效 / 30 天内到期 / 已过期 — the same thresholds as the API's licence check. */
export function ExpiryTag({ state }: { state: ExpiryState | null }) {
  const { t } = useTranslation();
  if (!state) return <Tag>{t('suppliers.noDocuments')}</Tag>;
  const style = STYLE[state];
  return (
    <Tag color={style.color} icon={style.icon} data-testid={`expiry-${state}`}>
      {t(`supply.expiry.${state}`)}
    </Tag>
  );
}
