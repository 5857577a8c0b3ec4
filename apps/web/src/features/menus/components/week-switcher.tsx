import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, DatePicker, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { addDays, shanghaiDay, weekStartOf } from '@canteen/shared';
import { dayjs } from '@/lib/format';

/** The Monday of the week shown; the buttons move a week, the picker jumps to any week. */
export function WeekSwitcher({
  weekStart,
  onChange,
}: {
  weekStart: string;
  onChange: (weekStart: string) => void;
}) {
  const { t } = useTranslation();
  const thisWeek = weekStartOf(shanghaiDay());
  const label =
    weekStart === thisWeek
      ? t('menus.week.this')
      : weekStart === addDays(thisWeek, 7)
        ? t('menus.week.next')
        : weekStart === addDays(thisWeek, -7)
          ? t('menus.week.last')
          : null;
  return (
    <Space.Compact>
      <Button
        icon={<LeftOutlined />}
        onClick={() => onChange(addDays(weekStart, -7))}
        aria-label={t('menus.week.previous')}
      />
      <DatePicker
        picker="week"
        allowClear={false}
        value={dayjs(weekStart)}
        format={() =>
          `${dayjs(weekStart).format('MM-DD')} ~ ${dayjs(addDays(weekStart, 6)).format('MM-DD')}${label ? `（${label}）` : ''}`
        }
        onChange={(value) => value && onChange(weekStartOf(value.format('YYYY-MM-DD')))}
        style={{ width: 220 }}
        data-testid="week-picker"
      />
      <Button
        icon={<RightOutlined />}
        onClick={() => onChange(addDays(weekStart, 7))}
        aria-label={t('menus.week.following')}
      />
      {weekStart !== thisWeek && (
        <Button onClick={() => onChange(thisWeek)}>{t('menus.week.this')}</Button>
      )}
    </Space.Compact>
  );
}
