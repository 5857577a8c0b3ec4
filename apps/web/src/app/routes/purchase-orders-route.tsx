import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { PurchaseOrdersTable } from '@/features/purchase-orders/components/purchase-orders-table';
import { PageHeader } from '@/components/ui/page-header';
import { useCurrentUser } from '@/lib/auth';
import { tierOf } from '@/lib/authorization';

export function PurchaseOrdersRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <>
      <PageHeader
        title={t('nav.purchaseOrders')}
        subTitle={tierOf(user) === 'supplier' ? t('orders.supplierSubtitle') : t('orders.subtitle')}
      />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <PurchaseOrdersTable />
      </Card>
    </>
  );
}
