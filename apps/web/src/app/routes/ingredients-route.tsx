import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { IngredientsTable } from '@/features/ingredients/components/ingredients-table';
import { PageHeader } from '@/components/ui/page-header';

export function IngredientsRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.ingredients')} subTitle={t('ingredients.subtitle')} />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <IngredientsTable />
      </Card>
    </>
  );
}
