import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/ui/page-header';
import { DishLibrary } from '@/features/menus/components/dish-library';

export function MenuDishesRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('menus.nav.dishes')} subTitle={t('menus.dish.subtitle')} />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <DishLibrary />
      </Card>
    </>
  );
}
