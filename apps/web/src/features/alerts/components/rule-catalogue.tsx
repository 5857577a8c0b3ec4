import { EditOutlined, FieldTimeOutlined, ThunderboltOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Descriptions,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_SEVERITIES, type TWarningRule } from '@canteen/shared';
import { AlertSeverityTag } from '@/components/ui/alert-severity-tag';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useAlertSlas } from '../api/get-alert-slas';
import { useWarningRules } from '../api/get-warning-rules';
import { bilingual, levelLabel } from './alert-text';
import { ThresholdEditModal } from './threshold-edit-modal';
import { ThresholdSourceTag } from './threshold-source-tag';
import './alerts.css';

/**
 * 预警规则: every rule with its thresholds as they hold at the chosen unit, the unit that set
 * each value, and (where the asker may) their own values, changed with a reason.
 */
export function RuleCatalogue({ orgUnitId, unitName }: { orgUnitId: string; unitName: string }) {
  const { t, i18n } = useTranslation();
  const rules = useWarningRules(orgUnitId);
  const slas = useAlertSlas(orgUnitId);
  const [editing, setEditing] = useState<TWarningRule | null>(null);

  const columns: TableColumnsType<TWarningRule> = [
    {
      title: t('alerts.rules.rule'),
      key: 'rule',
      render: (_, rule) => (
        <div className="rule-cell" data-testid="rule-row" data-rule={rule.id}>
          <Typography.Text strong>{bilingual(rule.name, i18n.language)}</Typography.Text>
          <Typography.Text type="secondary" className="rule-description">
            {bilingual(rule.description, i18n.language)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('alerts.field.severity'),
      key: 'severity',
      width: 90,
      render: (_, rule) => <AlertSeverityTag severity={rule.severity} />,
    },
    {
      title: t('alerts.rules.responsibleLevel'),
      key: 'level',
      width: 96,
      render: (_, rule) => levelLabel(t, rule.responsibleLevel),
    },
    {
      title: t('alerts.rules.trigger'),
      key: 'trigger',
      width: 120,
      responsive: ['xl'],
      render: (_, rule) =>
        rule.trigger.kind === 'event' ? (
          <Tooltip title={rule.trigger.events.join(', ')}>
            <Tag icon={<ThunderboltOutlined />}>{t('alerts.rules.onEvent')}</Tag>
          </Tooltip>
        ) : (
          <Tooltip title={t('alerts.rules.cron', { cron: rule.trigger.cron })}>
            <Tag icon={<FieldTimeOutlined />} color="purple">
              {t('alerts.rules.onSchedule')}
            </Tag>
          </Tooltip>
        ),
    },
    {
      title: t('alerts.rules.thresholds'),
      key: 'thresholds',
      width: 380,
      render: (_, rule) =>
        rule.thresholds.length === 0 ? (
          <Typography.Text type="secondary">{t('alerts.rules.noThresholds')}</Typography.Text>
        ) : (
          <ul className="threshold-list">
            {rule.thresholds.map((th) => (
              <li key={th.name} data-testid="threshold" data-name={th.name}>
                <span className="threshold-label">{bilingual(th.label, i18n.language)}</span>
                <span className="tabular threshold-value" data-testid="threshold-value">
                  {th.value}
                  {th.unit ? ` ${th.unit}` : ''}
                </span>
                <ThresholdSourceTag source={th.source} />
                {th.value !== th.default && (
                  <Typography.Text type="secondary" className="threshold-default">
                    {t('alerts.rules.defaultWas', { value: th.default })}
                  </Typography.Text>
                )}
              </li>
            ))}
          </ul>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 96,
      render: (_, rule) =>
        rule.editable && rule.thresholds.length > 0 ? (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing(rule)}
            data-testid="rule-edit"
          >
            {t('alerts.rules.edit')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      {slas.data && (
        <Card
          size="small"
          className="section-card"
          title={t('alerts.rules.slaTitle')}
          style={{ marginBottom: 16 }}
        >
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[...ALERT_SEVERITIES].reverse().map((severity) => ({
              key: severity,
              label: <AlertSeverityTag severity={severity} />,
              children: t('alerts.rules.sla', {
                ack: slas.data!.value[severity].ackHours,
                handle: slas.data!.value[severity].handleHours,
              }),
            }))}
          />
          <Space size={4} style={{ marginTop: 4 }}>
            <ThresholdSourceTag source={slas.data.source} />
          </Space>
        </Card>
      )}
      <Card size="small" className="section-card">
        {rules.isError ? (
          <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} />
        ) : (
          <Table<TWarningRule>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rules.data ?? []}
            loading={rules.isLoading || rules.isFetching}
            pagination={false}
            scroll={{ x: 900 }}
            data-testid="rules-table"
          />
        )}
      </Card>
      <ThresholdEditModal
        rule={editing}
        orgUnitId={orgUnitId}
        unitName={unitName}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
