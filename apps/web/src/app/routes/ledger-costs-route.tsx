import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LedgerCanteenPage } from '@/features/ledger/components/ledger-canteen-page';
import { MealCostsPanel } from '@/features/ledger/components/meal-costs-panel';
import { PeriodPicker } from '@/features/ledger/components/period-picker';
import { defaultPeriod } from '@/lib/format';

/** 餐次成本: the cost of each meal's issues for a period. */
export function LedgerCostsRoute() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState(() => {
    const [from, to] = defaultPeriod();
    return { from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') };
  });
  return (
    <LedgerCanteenPage
      title={t('ledger.nav.costs')}
      subTitle={t('ledger.costs.subtitle')}
      extra={() => (
        <PeriodPicker
          from={period.from}
          to={period.to}
          onChange={(from, to) => setPeriod({ from, to })}
        />
      )}
    >
      {(canteenId) => <MealCostsPanel query={{ canteenId, ...period }} />}
    </LedgerCanteenPage>
  );
}
