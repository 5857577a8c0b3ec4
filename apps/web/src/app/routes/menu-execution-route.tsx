import { Card, DatePicker, Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { MENU_PERIOD_MAX_DAYS, addDays, shanghaiDay } from '@canteen/shared';
import { PageHeader } from '@/components/ui/page-header';
import { dayjs } from '@/lib/format';
import { CanteenPicker } from '@/features/menus/components/canteen-picker';
import { ExecutionView } from '@/features/menus/components/execution-view';
import { useCanteenParam, useSearchState } from '@/features/menus/utils/use-search-state';

/** 执行情况: planned vs issued vs served for a canteen over a period (the last week by default). */
export function MenuExecutionRoute() {
  const { t } = useTranslation();
  const [canteenId, setCanteenId] = useCanteenParam();
  const [get, set] = useSearchState();
  const today = shanghaiDay();
  const to = get('to') ?? today;
  const from = get('from') ?? addDays(to, -6);
  return (
    <>
      <PageHeader
        title={t('menus.nav.execution')}
        subTitle={t('menus.execution.subtitle')}
        extra={
          <>
            <CanteenPicker value={canteenId} onChange={setCanteenId} />
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(from), dayjs(to)]}
              maxDate={dayjs(today)}
              onChange={(v) => {
                if (!v?.[0] || !v[1]) return;
                const start = v[0].format('YYYY-MM-DD');
                const end = v[1].format('YYYY-MM-DD');
                set({
                  from: start,
                  to:
                    end < addDays(start, MENU_PERIOD_MAX_DAYS)
                      ? end
                      : addDays(start, MENU_PERIOD_MAX_DAYS - 1),
                });
              }}
            />
          </>
        }
      />
      <div style={{ marginTop: 16 }}>
        {canteenId ? (
          <ExecutionView query={{ canteenId, from, to }} />
        ) : (
          <Card className="section-card">
            <Empty description={t('menus.pickCanteenFirst')} />
          </Card>
        )}
      </div>
    </>
  );
}
