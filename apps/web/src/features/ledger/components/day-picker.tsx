import { DatePicker } from 'antd';
import { useTranslation } from 'react-i18next';
import { dayjs } from '@/lib/format';
import { isBookableDay } from './ledger-format';

/** A movement's day as 'YYYY-MM-DD': today or up to MOVEMENT_DAYS_BACK days late, never ahead. */
export function BookingDayPicker({
  value,
  onChange,
  id,
  size = 'large',
}: {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  size?: 'large' | 'middle';
}) {
  const { t } = useTranslation();
  return (
    <DatePicker
      id={id}
      size={size}
      allowClear={false}
      value={value ? dayjs(value) : null}
      onChange={(day) => day && onChange?.(day.format('YYYY-MM-DD'))}
      disabledDate={(day) => !isBookableDay(day)}
      inputReadOnly
      placeholder={t('ledger.field.day')}
      style={{ width: '100%' }}
    />
  );
}
