import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useFeedback } from '@/features/feedback/api/get-feedback';
import { FeedbackDetail } from '@/features/feedback/components/feedback-detail';
import { FeedbackStatusTag } from '@/features/feedback/components/feedback-status-tag';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';
import { isApiError } from '@/lib/api-client';

export function FeedbackDetailRoute() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, isPending, isError, error, refetch } = useFeedback(id);

  if (isPending) return <PageLoading />;
  if (isError) {
    if (isApiError(error) && (error.status === 404 || error.status === 400))
      return (
        <Result
          status="404"
          title={t('feedback.notFound')}
          extra={
            <Button type="primary" onClick={() => void navigate('/feedback')}>
              {t('feedback.backToList')}
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
          { key: 'list', title: <Link to="/feedback">{t('feedback.nav.list')}</Link> },
          { key: 'this', title: data.trackingCode },
        ]}
        title={
          <span data-testid="feedback-code">
            {t('feedback.titleOf', { code: data.trackingCode })}
          </span>
        }
        tags={<FeedbackStatusTag status={data.status} overdue={data.overdue} late={data.late} />}
        subTitle={`${data.school.name} · ${data.canteen.name} · ${t(`feedback.category.${data.category}`)}`}
      />
      <div style={{ marginTop: 16 }}>
        <FeedbackDetail feedback={data} />
      </div>
    </>
  );
}
