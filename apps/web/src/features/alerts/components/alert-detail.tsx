import { Alert, Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TAlertDetail } from '@canteen/shared';
import { AlertSeverityTag } from '@/components/ui/alert-severity-tag';
import { ErrorAlert } from '@/components/ui/error-alert';
import { FileLink } from '@/components/ui/file-link';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';
import { formatDateTime } from '@/lib/format';
import { useAlert } from '../api/get-alert';
import { AlertActions } from './alert-actions';
import { AlertFacts } from './alert-facts';
import { AlertStatusTag } from './alert-status-tag';
import { bilingual, levelLabel, subjectName } from './alert-text';
import { AlertTimeline } from './alert-timeline';
import { SlaCountdown } from './sla-countdown';
import './alerts.css';

/** One alert: what was found, who holds it and by when, the evidence, and the chain of actions. */
export function AlertDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const alert = useAlert(id);
  if (alert.isLoading) return <PageLoading />;
  if (alert.isError || !alert.data)
    return <ErrorAlert error={alert.error} onRetry={() => void alert.refetch()} />;
  return <AlertView alert={alert.data} breadcrumb={t('alerts.nav.inbox')} />;
}

function AlertView({ alert, breadcrumb }: { alert: TAlertDetail; breadcrumb: string }) {
  const { t, i18n } = useTranslation();
  const unit = (u: { name: string; level: string }) => (
    <span>
      {u.name}
      <Typography.Text type="secondary"> · {levelLabel(t, u.level)}</Typography.Text>
    </span>
  );
  const lastSentBack = [...alert.actions].reverse().find((a) => a.kind === 'sent_back');

  return (
    <>
      <PageHeader
        title={bilingual(alert.title, i18n.language)}
        breadcrumb={[{ title: <Link to="/alerts">{breadcrumb}</Link> }, { title: alert.code }]}
        tags={
          <Space size={4}>
            <AlertSeverityTag severity={alert.severity} />
            <AlertStatusTag status={alert.status} />
            {alert.escalationLevel > 0 && (
              <Tag color="red">{t('alerts.field.escalated', { count: alert.escalationLevel })}</Tag>
            )}
          </Space>
        }
        extra={<AlertActions alert={alert} />}
      />
      {alert.status === 'acknowledged' && lastSentBack && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          message={
            alert.can.handle
              ? t('alerts.detail.sentBackBanner', { unit: lastSentBack.actingUnit.name })
              : t('alerts.detail.sentBackWaiting', {
                  unit: lastSentBack.actingUnit.name,
                  holder: alert.responsibleUnit.name,
                })
          }
          description={lastSentBack.note}
        />
      )}
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card size="small" className="section-card" title={t('alerts.detail.overview')}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 3 }}
              data-testid="alert-overview"
              items={[
                {
                  key: 'code',
                  label: t('alerts.field.code'),
                  children: <span className="tabular">{alert.code}</span>,
                },
                {
                  key: 'rule',
                  label: t('alerts.field.rule'),
                  children: bilingual(alert.rule.name, i18n.language),
                },
                {
                  key: 'subject',
                  label: t('alerts.field.subjectUnit'),
                  children: unit({ ...alert.subjectUnit, name: subjectName(alert.subjectUnit) }),
                },
                {
                  key: 'responsible',
                  label: t('alerts.field.responsibleUnit'),
                  children: (
                    <span data-testid="alert-responsible">{unit(alert.responsibleUnit)}</span>
                  ),
                },
                {
                  key: 'sla',
                  label: t('alerts.field.sla'),
                  children: <SlaCountdown alert={alert} />,
                },
                {
                  key: 'occurrences',
                  label: t('alerts.field.occurrences'),
                  children: <span className="tabular">{alert.occurrences}</span>,
                },
                {
                  key: 'first',
                  label: t('alerts.field.firstEventAt'),
                  children: formatDateTime(alert.firstEventAt),
                },
                {
                  key: 'last',
                  label: t('alerts.field.lastEventAt'),
                  children: formatDateTime(alert.lastEventAt),
                },
                {
                  key: 'raised',
                  label: t('alerts.field.raisedAt'),
                  children: formatDateTime(alert.raisedAt),
                },
                {
                  key: 'ackDue',
                  label: t('alerts.field.ackDueAt'),
                  children: formatDateTime(alert.ackDueAt),
                },
                {
                  key: 'acknowledged',
                  label: t('alerts.field.acknowledgedAt'),
                  children: formatDateTime(alert.acknowledgedAt),
                },
                {
                  key: 'handleDue',
                  label: t('alerts.field.handleDueAt'),
                  children: formatDateTime(alert.handleDueAt),
                },
                {
                  key: 'handled',
                  label: t('alerts.field.handledAt'),
                  children: formatDateTime(alert.handledAt),
                },
                {
                  key: 'closed',
                  label: t('alerts.field.closedAt'),
                  children: formatDateTime(alert.closedAt),
                },
                {
                  key: 'reopened',
                  label: t('alerts.field.reopenedCount'),
                  children: <span className="tabular">{alert.reopenedCount}</span>,
                },
              ]}
            />
            {alert.summary && (
              <Typography.Paragraph className="alert-summary">
                {bilingual(alert.summary, i18n.language)}
              </Typography.Paragraph>
            )}
          </Card>
          <Card
            size="small"
            className="section-card"
            title={t('alerts.detail.facts')}
            style={{ marginTop: 16 }}
          >
            <AlertFacts detail={alert.detail} />
          </Card>
          <Card
            size="small"
            className="section-card"
            title={t('alerts.detail.evidence')}
            style={{ marginTop: 16 }}
          >
            {alert.evidence.length === 0 ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('alerts.detail.noEvidence')}
              />
            ) : (
              <Space wrap size={16} data-testid="alert-evidence">
                {alert.evidence.map((file) => (
                  <FileLink
                    key={file.id}
                    path={`/alerts/${alert.id}/files/${file.id}`}
                    name={file.originalName}
                    contentType={file.contentType}
                  />
                ))}
              </Space>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" className="section-card" title={t('alerts.detail.chain')}>
            <AlertTimeline alertId={alert.id} actions={alert.actions} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
