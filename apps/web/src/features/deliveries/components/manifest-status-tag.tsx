import {
  CheckCircleFilled,
  ClockCircleFilled,
  CloseCircleFilled,
  ExclamationCircleFilled,
} from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ManifestStatus } from '@canteen/shared';

const STYLE: Record<ManifestStatus, { color: string; icon: React.ReactNode }> = {
  submitted: { color: 'processing', icon: <ClockCircleFilled /> },
  accepted: { color: 'success', icon: <CheckCircleFilled /> },
  partially_accepted: { color: 'warning', icon: <ExclamationCircleFilled /> },
  rejected: { color: 'error', icon: <CloseCircleFilled /> },
};

export function ManifestStatusTag({ status }: { status: ManifestStatus }) {
  const { t } = useTranslation();
  const style = STYLE[status];
  return (
    <Tag color={style.color} icon={style.icon} data-testid="manifest-status">
      {t(`supply.manifestStatus.${status}`)}
    </Tag>
  );
}
