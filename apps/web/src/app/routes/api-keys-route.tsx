import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiKeysPanel } from '@/features/suppliers/components/api-keys-panel';
import { PageHeader } from '@/components/ui/page-header';

export function ApiKeysRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.apiKeys')} subTitle={t('apiKeys.subtitle')} />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <ApiKeysPanel />
      </Card>
    </>
  );
}
