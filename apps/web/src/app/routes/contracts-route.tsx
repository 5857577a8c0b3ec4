import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { ContractsTable } from '@/features/contracts/components/contracts-table';
import { PageHeader } from '@/components/ui/page-header';

export function ContractsRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.contracts')} subTitle={t('contracts.subtitle')} />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <ContractsTable />
      </Card>
    </>
  );
}
