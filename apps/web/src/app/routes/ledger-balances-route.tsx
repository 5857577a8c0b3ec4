import { ExportOutlined, ImportOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { BalancesTable } from '@/features/ledger/components/balances-table';
import { LedgerCanteenPage } from '@/features/ledger/components/ledger-canteen-page';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';

/** 库存: what each canteen holds now, per ingredient and batch. */
export function LedgerBalancesRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  return (
    <LedgerCanteenPage
      title={t('ledger.nav.balances')}
      subTitle={t('ledger.balances.subtitle')}
      extra={(canteenId) =>
        can(user, 'stock:write') ? (
          <>
            <Button
              icon={<ImportOutlined />}
              onClick={() => void navigate(`/ledger/stock-in?canteenId=${canteenId}`)}
            >
              {t('ledger.nav.stockIn')}
            </Button>
            <Button
              type="primary"
              icon={<ExportOutlined />}
              onClick={() => void navigate(`/ledger/stock-out?canteenId=${canteenId}`)}
            >
              {t('ledger.nav.stockOut')}
            </Button>
          </>
        ) : null
      }
    >
      {(canteenId) => <BalancesTable canteenId={canteenId} />}
    </LedgerCanteenPage>
  );
}
