import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { DeliveriesTable } from '@/features/deliveries/components/deliveries-table';
import { PageHeader } from '@/components/ui/page-header';
import { useCurrentUser } from '@/lib/auth';
import { tierOf } from '@/lib/authorization';

export function DeliveriesRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const supplier = tierOf(user) === 'supplier';
  return (
    <>
      <PageHeader
        title={supplier ? t('nav.manifests') : t('nav.deliveries')}
        subTitle={supplier ? t('deliveries.supplierSubtitle') : t('deliveries.subtitle')}
      />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <DeliveriesTable />
      </Card>
    </>
  );
}
