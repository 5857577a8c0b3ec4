import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { LedgerCanteenPage } from '@/features/ledger/components/ledger-canteen-page';
import { StocktakesTable } from '@/features/ledger/components/stocktakes-table';

/** 盘点: a canteen's count sheets. */
export function LedgerStocktakesRoute() {
  const { t } = useTranslation();
  return (
    <LedgerCanteenPage title={t('ledger.nav.stocktakes')} subTitle={t('ledger.stocktake.subtitle')}>
      {(canteenId) => (
        <Card size="small" className="section-card">
          <StocktakesTable canteenId={canteenId} />
        </Card>
      )}
    </LedgerCanteenPage>
  );
}
