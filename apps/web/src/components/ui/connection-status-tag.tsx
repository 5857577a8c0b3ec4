import { CheckCircleFilled, MinusCircleFilled, PauseCircleFilled } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '@canteen/shared';

const STYLE: Record<ConnectionStatus, { color: string; icon: React.ReactNode }> = {
  connected: { color: 'success', icon: <CheckCircleFilled /> },
  suspended: { color: 'warning', icon: <PauseCircleFilled /> },
  not_connected: { color: 'default', icon: <MinusCircleFilled /> },
};

export function ConnectionStatusTag({ status }: { status: ConnectionStatus | null }) {
  const { t } = useTranslation();
  if (!status) return <>—</>;
  const style = STYLE[status];
  return (
    <Tag color={style.color} icon={style.icon}>
      {t(`connection.status.${status}`)}
    </Tag>
  );
}
