import { Card, Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { isMonday, shanghaiDay, weekStartOf } from '@canteen/shared';
import { PageHeader } from '@/components/ui/page-header';
import { CanteenPicker } from '@/features/menus/components/canteen-picker';
import { WeekPlanEditor } from '@/features/menus/components/week-plan-editor';
import { WeekSwitcher } from '@/features/menus/components/week-switcher';
import { useCanteenParam, useSearchState } from '@/features/menus/utils/use-search-state';
import {
  DayVerdictBadge,
  MealNutritionBadge,
  NutritionDayPanel,
} from '@/features/nutrition/components/nutrition-card';

/** 周食谱: the week's plan of a canteen, with its nutrition assessed live while it is edited. */
export function MenuPlansRoute() {
  const { t } = useTranslation();
  const [canteenId] = useCanteenParam();
  const [get, set] = useSearchState();
  const week = get('week');
  const weekStart = week && isMonday(week) ? week : weekStartOf(shanghaiDay());
  return (
    <>
      <PageHeader
        title={t('menus.nav.plans')}
        subTitle={t('menus.plan.subtitle')}
        extra={
          <>
            <CanteenPicker
              value={canteenId}
              onChange={(id) => set({ canteenId: id, band: undefined, version: undefined })}
            />
            <WeekSwitcher
              weekStart={weekStart}
              onChange={(w) => set({ week: w, day: undefined, version: undefined })}
            />
          </>
        }
      />
      <div style={{ marginTop: 16 }}>
        {canteenId ? (
          <WeekPlanEditor
            canteenId={canteenId}
            weekStart={weekStart}
            renderMealNutrition={(body, meal) => <MealNutritionBadge body={body} meal={meal} />}
            renderDayVerdict={(body) => <DayVerdictBadge body={body} />}
            renderDayPanel={(body, title) => <NutritionDayPanel body={body} title={title} />}
          />
        ) : (
          <Card className="section-card">
            <Empty description={t('menus.pickCanteenFirst')} />
          </Card>
        )}
      </div>
    </>
  );
}
