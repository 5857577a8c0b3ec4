import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LedgerCanteenPage } from '@/features/ledger/components/ledger-canteen-page';
import { StockOutForm } from '@/features/ledger/components/stock-out-form';

/** 出库 for a meal; `?batchId=` starts with that batch picked (from the balances page). */
export function LedgerStockOutRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const batchId = params.get('batchId') ?? undefined;
  return (
    <LedgerCanteenPage title={t('ledger.nav.stockOut')} subTitle={t('ledger.stockOut.subtitle')}>
      {(canteenId) => <StockOutForm canteenId={canteenId} initialBatchId={batchId} />}
    </LedgerCanteenPage>
  );
}
