import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useDelivery } from '@/features/deliveries/api/get-delivery';
import { DeliveryDetail } from '@/features/deliveries/components/delivery-detail';
import { ManifestStatusTag } from '@/features/deliveries/components/manifest-status-tag';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';
import { isApiError } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/auth';
import { useCanteenSchool } from '@/lib/canteen-school';
import { tierOf } from '@/lib/authorization';

export function DeliveryRoute() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const { data, isPending, isError, error, refetch } = useDelivery(id);
  const school = useCanteenSchool(data?.canteen.id ?? '');
  const listTitle = tierOf(user) === 'supplier' ? t('nav.manifests') : t('nav.deliveries');

  if (isPending) return <PageLoading />;
  if (isError) {
    if (isApiError(error) && error.status === 404)
      return (
        <Result
          status="404"
          title={t('deliveries.notFound')}
          extra={
            <Button type="primary" onClick={() => void navigate('/deliveries')}>
              {t('deliveries.backToList')}
            </Button>
          }
        />
      );
    return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  }
  return (
    <>
      <PageHeader
        breadcrumb={[
          { key: 'list', title: <Link to="/deliveries">{listTitle}</Link> },
          { key: 'this', title: data.code },
        ]}
        title={
          <span data-testid="delivery-code">{t('deliveries.titleOf', { code: data.code })}</span>
        }
        tags={<ManifestStatusTag status={data.status} />}
        subTitle={`${data.supplier.name} → ${school ? `${school} · ` : ''}${data.canteen.name}`}
      />
      <div style={{ marginTop: 16 }}>
        <DeliveryDetail delivery={data} />
      </div>
    </>
  );
}
