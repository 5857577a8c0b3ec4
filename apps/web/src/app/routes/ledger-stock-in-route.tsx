import { WarningOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LedgerCanteenPage } from '@/features/ledger/components/ledger-canteen-page';
import { ManualStockInModal } from '@/features/ledger/components/manual-stock-in-modal';
import { PendingStockIns } from '@/features/ledger/components/pending-stock-ins';

/** 入库 on the kitchen tablet: accepted deliveries into the store; the manual form is the exception. */
export function LedgerStockInRoute() {
  const { t } = useTranslation();
  const [manualFor, setManualFor] = useState<string | null>(null);
  return (
    <LedgerCanteenPage
      title={t('ledger.nav.stockIn')}
      subTitle={t('ledger.stockIn.subtitle')}
      extra={(canteenId) => (
        <>
          <Button
            size="large"
            icon={<WarningOutlined />}
            onClick={() => setManualFor(canteenId)}
            data-testid="manual-stock-in"
          >
            {t('ledger.manual.open')}
          </Button>
          <ManualStockInModal
            canteenId={canteenId}
            open={manualFor === canteenId}
            onClose={() => setManualFor(null)}
          />
        </>
      )}
    >
      {(canteenId) => <PendingStockIns canteenId={canteenId} />}
    </LedgerCanteenPage>
  );
}
