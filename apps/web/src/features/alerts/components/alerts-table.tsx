import { CheckOutlined, ReloadOutlined, RiseOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  DatePicker,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  type AlertSeverity,
  type TAlertSummary,
} from '@canteen/shared';
import { AlertSeverityTag } from '@/components/ui/alert-severity-tag';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { dayjs, formatDateTime } from '@/lib/format';
import { useAcknowledgeAlert } from '../api/acknowledge-alert';
import { useAcknowledgeAlerts } from '../api/acknowledge-alerts';
import { useAlerts, type AlertListQuery } from '../api/get-alerts';
import { useWarningRules } from '../api/get-warning-rules';
import { AlertStatusTag } from './alert-status-tag';
import { bilingual, subjectName } from './alert-text';
import { SlaCountdown } from './sla-countdown';
import './alerts.css';

export type AlertStatusFilter = NonNullable<AlertListQuery['status']>;
const STATUS_FILTERS: AlertStatusFilter[] = ['open', ...ALERT_STATUSES];

/**
 * 预警收件箱: the alerts about the asker's subtree or held by it, newest first, with the time
 * left to act on each. The filters live in the address (the route owns them).
 */
export function AlertsTable({
  query,
  onQuery,
}: {
  query: AlertListQuery;
  onQuery: (patch: Partial<AlertListQuery>) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const user = useCurrentUser();
  const alerts = useAlerts(query);
  const rules = useWarningRules(user.orgUnit?.id);
  const acknowledgeOne = useAcknowledgeAlert();
  const acknowledgeMany = useAcknowledgeAlerts();
  const [selected, setSelected] = useState<string[]>([]);
  const canHandle = can(user, 'alert:handle');
  const items = alerts.data?.items ?? [];
  const patch = (next: Partial<AlertListQuery>) => {
    setSelected([]);
    onQuery({ page: 1, ...next });
  };

  const acknowledge = (ids: string[]) =>
    acknowledgeMany.mutate(ids, {
      onSuccess: ({ results }) => {
        setSelected([]);
        const refused = results.filter((r) => !r.ok);
        const done = results.length - refused.length;
        if (refused.length === 0) {
          void message.success(t('alerts.inbox.acknowledged', { count: done }));
          return;
        }
        const codeOf = (id: string) => items.find((a) => a.id === id)?.code ?? id;
        modal.warning({
          title: t('alerts.inbox.acknowledgedPartly', { done, refused: refused.length }),
          content: (
            <ul className="alert-bulk-refusals">
              {refused.map((r) => (
                <li key={r.id}>
                  <span className="tabular">{codeOf(r.id)}</span>：
                  {i18n.language === 'en' ? r.messageEn : r.message}
                </li>
              ))}
            </ul>
          ),
        });
      },
      onError: (error) =>
        void message.error(errorText(error, i18n.language, t('common.saveFailed'))),
    });

  const columns: TableColumnsType<TAlertSummary> = [
    {
      title: t('alerts.field.severity'),
      dataIndex: 'severity',
      width: 82,
      render: (_, a) => <AlertSeverityTag severity={a.severity} />,
    },
    {
      title: t('alerts.field.title'),
      key: 'title',
      minWidth: 260,
      render: (_, a) => (
        <div className="alert-title-cell">
          <Link to={`/alerts/${a.id}`} className="alert-title-link" data-testid="alert-link">
            {bilingual(a.title, i18n.language)}
          </Link>
          <Typography.Text type="secondary" className="alert-title-meta">
            <span className="tabular">{a.code}</span> · {bilingual(a.rule.name, i18n.language)}
            {a.occurrences > 1 && (
              <Tooltip title={t('alerts.field.occurrencesHint')}>
                <Tag className="alert-occurrences">×{a.occurrences}</Tag>
              </Tooltip>
            )}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('alerts.field.subjectUnit'),
      key: 'subject',
      width: 200,
      responsive: ['lg'],
      render: (_, a) => subjectName(a.subjectUnit),
    },
    {
      title: t('alerts.field.responsibleUnit'),
      key: 'responsible',
      width: 160,
      render: (_, a) => (
        <Space size={4} wrap>
          <span>{a.responsibleUnit.name}</span>
          {a.escalationLevel > 0 && (
            <Tooltip title={t('alerts.field.escalatedHint', { count: a.escalationLevel })}>
              <Tag color="red" icon={<RiseOutlined />} data-testid="alert-escalated">
                {t('alerts.field.escalated', { count: a.escalationLevel })}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('alerts.field.status'),
      dataIndex: 'status',
      width: 92,
      render: (_, a) => <AlertStatusTag status={a.status} />,
    },
    {
      title: t('alerts.field.sla'),
      key: 'sla',
      width: 190,
      render: (_, a) => <SlaCountdown alert={a} />,
    },
    {
      title: t('alerts.field.raisedAt'),
      dataIndex: 'raisedAt',
      width: 150,
      responsive: ['xl'],
      render: (v: string) => <span className="tabular">{formatDateTime(v)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 92,
      fixed: 'right',
      render: (_, a) =>
        a.can.acknowledge ? (
          <Button
            size="small"
            type="primary"
            loading={acknowledgeOne.isPending && acknowledgeOne.variables === a.id}
            onClick={() =>
              acknowledgeOne.mutate(a.id, {
                onSuccess: () => void message.success(t('alerts.action.acknowledged')),
                onError: (error) =>
                  void message.error(errorText(error, i18n.language, t('common.saveFailed'))),
              })
            }
          >
            {t('alerts.action.acknowledge')}
          </Button>
        ) : (
          <Link to={`/alerts/${a.id}`}>{t('common.view')}</Link>
        ),
    },
  ];

  const rangeValue: [dayjs.Dayjs, dayjs.Dayjs] | null =
    query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null;

  return (
    <>
      <div className="table-toolbar">
        <Space wrap>
          <Segmented
            value={query.mine ? 'mine' : 'all'}
            onChange={(value) => patch({ mine: value === 'mine' ? true : undefined })}
            options={[
              { value: 'all', label: t('alerts.inbox.all') },
              { value: 'mine', label: t('alerts.inbox.mine') },
            ]}
            data-testid="alerts-scope"
          />
          <Select
            allowClear
            value={query.severity}
            onChange={(severity?: AlertSeverity) => patch({ severity })}
            placeholder={t('alerts.field.severity')}
            style={{ width: 110 }}
            options={[...ALERT_SEVERITIES].reverse().map((s) => ({
              value: s,
              label: t(`alerts.severity.${s}`),
            }))}
          />
          <Select
            allowClear
            value={query.status}
            onChange={(status?: AlertStatusFilter) => patch({ status })}
            placeholder={t('alerts.field.status')}
            style={{ width: 120 }}
            options={STATUS_FILTERS.map((s) => ({
              value: s,
              label: s === 'open' ? t('alerts.status.open') : t(`alerts.status.${s}`),
            }))}
            data-testid="alerts-status-filter"
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            value={query.ruleId}
            onChange={(ruleId?: string) => patch({ ruleId })}
            placeholder={t('alerts.field.rule')}
            style={{ width: 200 }}
            loading={rules.isLoading}
            options={(rules.data ?? []).map((r) => ({
              value: r.id,
              label: bilingual(r.name, i18n.language),
            }))}
          />
          <OrgUnitTreeSelect
            value={query.orgUnitId}
            onChange={(orgUnitId) => patch({ orgUnitId })}
            placeholder={t('alerts.field.unit')}
            style={{ width: 200 }}
          />
          <DatePicker.RangePicker
            value={rangeValue}
            onChange={(range) =>
              patch({
                from: range?.[0]?.format('YYYY-MM-DD'),
                to: range?.[1]?.format('YYYY-MM-DD'),
              })
            }
            style={{ width: 250 }}
          />
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void alerts.refetch()}
              aria-label={t('common.refresh')}
            />
          </Tooltip>
        </Space>
        {canHandle && (
          <Button
            icon={<CheckOutlined />}
            disabled={selected.length === 0}
            loading={acknowledgeMany.isPending}
            onClick={() => acknowledge(selected)}
            data-testid="alerts-bulk-acknowledge"
          >
            {t('alerts.inbox.bulkAcknowledge', { count: selected.length })}
          </Button>
        )}
      </div>
      {alerts.isError ? (
        <ErrorAlert error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : (
        <Table<TAlertSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={alerts.isLoading}
          rowClassName={(a) => `alert-row alert-row-${a.severity}`}
          rowSelection={
            canHandle
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as string[]),
                  getCheckboxProps: (a) => ({ disabled: !a.can.acknowledge }),
                }
              : undefined
          }
          scroll={{ x: 1100 }}
          pagination={{
            current: query.page ?? 1,
            pageSize: query.pageSize ?? 20,
            total: alerts.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => {
              setSelected([]);
              onQuery({ page, pageSize });
            },
          }}
          data-testid="alerts-table"
        />
      )}
    </>
  );
}
