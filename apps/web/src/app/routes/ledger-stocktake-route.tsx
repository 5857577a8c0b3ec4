import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useStocktake } from '@/features/ledger/api/get-stocktake';
import { useCanteenTitle } from '@/features/ledger/components/canteen-picker';
import { StocktakeSheet } from '@/features/ledger/components/stocktake-sheet';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';
import { isApiError } from '@/lib/api-client';
import '@/features/ledger/components/ledger.css';

/** One count sheet, counted on the tablet and posted by the manager. */
export function LedgerStocktakeRoute() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const sheet = useStocktake(id);
  const canteen = useCanteenTitle(sheet.data?.canteen.id);

  if (sheet.isPending) return <PageLoading />;
  if (sheet.isError) {
    if (isApiError(sheet.error) && sheet.error.status === 404)
      return (
        <Result
          status="404"
          title={t('ledger.stocktake.notFound')}
          extra={
            <Button type="primary" onClick={() => void navigate('/ledger/stocktakes')}>
              {t('ledger.stocktake.backToList')}
            </Button>
          }
        />
      );
    return <ErrorAlert error={sheet.error} onRetry={() => void sheet.refetch()} />;
  }
  const data = sheet.data;
  return (
    <div className="ledger-page">
      <PageHeader
        breadcrumb={[
          {
            key: 'list',
            title: (
              <Link to={`/ledger/stocktakes?canteenId=${data.canteen.id}`}>
                {t('ledger.nav.stocktakes')}
              </Link>
            ),
          },
          { key: 'this', title: data.countedOn },
        ]}
        title={
          <span data-testid="stocktake-title">
            {t('ledger.stocktake.titleOf', { day: data.countedOn })}
          </span>
        }
        subTitle={canteen ?? data.canteen.name}
      />
      <div className="ledger-page-body">
        <StocktakeSheet key={data.id} sheet={data} />
      </div>
    </div>
  );
}
