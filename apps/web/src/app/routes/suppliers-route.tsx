import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { SuppliersTable } from '@/features/suppliers/components/suppliers-table';
import { PageHeader } from '@/components/ui/page-header';

export function SuppliersRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.suppliers')} subTitle={t('suppliers.subtitle')} />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <SuppliersTable />
      </Card>
    </>
  );
}
