import { Card, DatePicker, Empty, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { MEALS, PRODUCTION_DAYS_BACK, addDays, shanghaiDay, type Meal } from '@canteen/shared';
import { PageHeader } from '@/components/ui/page-header';
import { dayjs } from '@/lib/format';
import { CanteenPicker } from '@/features/menus/components/canteen-picker';
import { ProductionRecorder } from '@/features/menus/components/production-recorder';
import { useCanteenParam, useSearchState } from '@/features/menus/utils/use-search-state';

/** 生产记录: what a meal served, entered in the kitchen on a tablet. */
export function MenuProductionRoute() {
  const { t } = useTranslation();
  const [canteenId, setCanteenId] = useCanteenParam();
  const [get, set] = useSearchState();
  const today = shanghaiDay();
  const day = get('day') ?? today;
  const mealParam = get('meal');
  const meal: Meal = MEALS.includes(mealParam as Meal) ? (mealParam as Meal) : 'lunch';
  return (
    <>
      <PageHeader
        title={t('menus.nav.production')}
        subTitle={t('menus.production.subtitle', { days: PRODUCTION_DAYS_BACK })}
        extra={<CanteenPicker value={canteenId} onChange={setCanteenId} />}
      />
      <Card size="small" className="section-card production-bar" style={{ marginTop: 16 }}>
        <DatePicker
          size="large"
          allowClear={false}
          value={dayjs(day)}
          minDate={dayjs(addDays(today, -PRODUCTION_DAYS_BACK))}
          maxDate={dayjs(today)}
          onChange={(v) => v && set({ day: v.format('YYYY-MM-DD') })}
          aria-label={t('menus.production.day')}
        />
        <Segmented
          size="large"
          value={meal}
          onChange={(m) => set({ meal: m })}
          options={MEALS.map((m) => ({ value: m, label: t(`menus.meal.${m}`) }))}
          data-testid="meal-switch"
        />
      </Card>
      <div style={{ marginTop: 12 }}>
        {canteenId ? (
          <ProductionRecorder canteenId={canteenId} day={day} meal={meal} />
        ) : (
          <Card className="section-card">
            <Empty description={t('menus.pickCanteenFirst')} />
          </Card>
        )}
      </div>
    </>
  );
}
