import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { FeedbackTable } from '@/features/feedback/components/feedback-table';
import { PageHeader } from '@/components/ui/page-header';

export function FeedbackListRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('feedback.nav.list')} subTitle={t('feedback.subtitle')} />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <FeedbackTable />
      </Card>
    </>
  );
}
