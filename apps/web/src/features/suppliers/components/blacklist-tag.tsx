import { StopOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

export function BlacklistTag({ reason }: { reason: string | null }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={reason}>
      <Tag color="red" icon={<StopOutlined />}>
        {t('suppliers.blacklisted')}
      </Tag>
    </Tooltip>
  );
}
