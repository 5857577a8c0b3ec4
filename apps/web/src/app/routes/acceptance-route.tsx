import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useDelivery } from '@/features/deliveries/api/get-delivery';
import { AcceptanceForm } from '@/features/deliveries/components/acceptance-form';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';
import { useCanteenSchool } from '@/lib/canteen-school';
import { formatYuan } from '@/lib/format';

/** The acceptance screen, laid out for a kitchen tablet (1024×768 and up). */
export function AcceptanceRoute() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, isPending, isError, error, refetch } = useDelivery(id);
  const school = useCanteenSchool(data?.canteen.id ?? '');

  if (isPending) return <PageLoading />;
  if (isError) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (data.status !== 'submitted')
    return (
      <Result
        status="info"
        title={t('acceptance.alreadyChecked', { code: data.code })}
        subTitle={t('acceptance.alreadyCheckedText')}
        extra={
          <Button type="primary" onClick={() => void navigate(`/deliveries/${data.id}`)}>
            {t('acceptance.viewRecord')}
          </Button>
        }
      />
    );
  return (
    <div className="acceptance-page">
      <PageHeader
        breadcrumb={[
          { key: 'list', title: <Link to="/deliveries">{t('nav.deliveries')}</Link> },
          { key: 'this', title: <Link to={`/deliveries/${data.id}`}>{data.code}</Link> },
          { key: 'accept', title: t('acceptance.title') },
        ]}
        title={
          <span data-testid="acceptance-title">{t('acceptance.titleOf', { code: data.code })}</span>
        }
        subTitle={t('acceptance.summary', {
          supplier: data.supplier.name,
          canteen: school ? `${school} · ${data.canteen.name}` : data.canteen.name,
          date: data.deliveryDate,
          lines: data.lines.length,
          total: formatYuan(data.totalFen),
        })}
      />
      <div style={{ marginTop: 12 }}>
        <AcceptanceForm
          delivery={data}
          onDone={() => void navigate(`/deliveries/${data.id}`, { replace: true })}
        />
      </div>
    </div>
  );
}
