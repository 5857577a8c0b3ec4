import { Card, Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { addDays, isMonday, shanghaiDay, weekStartOf } from '@canteen/shared';
import { PageHeader } from '@/components/ui/page-header';
import { CanteenPicker } from '@/features/menus/components/canteen-picker';
import { PurchaseSuggestionPanel } from '@/features/menus/components/purchase-suggestion-panel';
import { WeekSwitcher } from '@/features/menus/components/week-switcher';
import { useCanteenParam, useSearchState } from '@/features/menus/utils/use-search-state';

/** 采购建议: next week's demand by default, since orders go out before the week starts. */
export function MenuPurchaseRoute() {
  const { t } = useTranslation();
  const [canteenId, setCanteenId] = useCanteenParam();
  const [get, set] = useSearchState();
  const week = get('week');
  const weekStart = week && isMonday(week) ? week : addDays(weekStartOf(shanghaiDay()), 7);
  return (
    <>
      <PageHeader
        title={t('menus.nav.purchase')}
        subTitle={t('menus.purchase.subtitle')}
        extra={
          <>
            <CanteenPicker value={canteenId} onChange={setCanteenId} />
            <WeekSwitcher weekStart={weekStart} onChange={(w) => set({ week: w })} />
          </>
        }
      />
      <div style={{ marginTop: 16 }}>
        {canteenId ? (
          <PurchaseSuggestionPanel
            key={`${canteenId}|${weekStart}`}
            canteenId={canteenId}
            weekStart={weekStart}
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
