import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { FeedbackStatsTable } from '@/features/feedback/components/feedback-stats-table';
import { PageHeader } from '@/components/ui/page-header';

export function FeedbackStatsRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('feedback.nav.stats')} subTitle={t('feedback.statsSubtitle')} />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <FeedbackStatsTable />
      </Card>
    </>
  );
}
