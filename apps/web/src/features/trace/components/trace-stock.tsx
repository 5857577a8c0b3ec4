import { Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { quantityText } from '@/lib/labels';

/** What is in stock by the ledger, highlighted while some remains; flagged when not booked in yet. */
export function TraceStock({
  quantity,
  unit,
  notBooked,
}: {
  quantity: string;
  unit: string | null;
  notBooked: boolean;
}) {
  const { t } = useTranslation();
  const text = quantityText(t, quantity, unit);
  return (
    <Space size={4} wrap style={{ justifyContent: 'flex-end' }}>
      {Number(quantity) > 0 ? (
        <Tag color="orange">{text}</Tag>
      ) : (
        <span className="tabular">{text}</span>
      )}
      {notBooked && (
        <Tooltip title={t('trace.notBookedHint')}>
          <Tag color="default">{t('trace.notBooked')}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}
