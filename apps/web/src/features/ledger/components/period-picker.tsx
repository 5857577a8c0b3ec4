import { DatePicker } from 'antd';
import { useTranslation } from 'react-i18next';
import { LEDGER_PERIOD_MAX_DAYS } from '@canteen/shared';
import { dayjs, shanghaiToday } from '@/lib/format';

/** A period of days for reports (both ends included, at most LEDGER_PERIOD_MAX_DAYS). */
export function PeriodPicker({
  from,
  to,
  onChange,
}: {
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
}) {
  const { t } = useTranslation();
  const today = shanghaiToday();
  return (
    <DatePicker.RangePicker
      value={[dayjs(from), dayjs(to)]}
      allowClear={false}
      inputReadOnly
      onChange={(range) => {
        const [start, end] = range ?? [];
        if (start && end) onChange(start.format('YYYY-MM-DD'), end.format('YYYY-MM-DD'));
      }}
      disabledDate={(day, info) => {
        if (day.format('YYYY-MM-DD') > today.format('YYYY-MM-DD')) return true;
        const other = info.from;
        return !!other && Math.abs(day.diff(other, 'day')) >= LEDGER_PERIOD_MAX_DAYS;
      }}
      presets={[
        { label: t('ledger.period.last7'), value: [today.subtract(6, 'day'), today] },
        { label: t('ledger.period.thisMonth'), value: [today.startOf('month'), today] },
        {
          label: t('ledger.period.lastMonth'),
          value: [
            today.subtract(1, 'month').startOf('month'),
            today.subtract(1, 'month').endOf('month'),
          ],
        },
        { label: t('ledger.period.last30'), value: [today.subtract(29, 'day'), today] },
      ]}
      style={{ width: 260 }}
      data-testid="period-picker"
    />
  );
}
