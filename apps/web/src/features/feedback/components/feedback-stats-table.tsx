import { DatePicker, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFeedbackStatsQuery, TFeedbackStatsRow } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCurrentUser } from '@/lib/auth';
import { tierOf } from '@/lib/authorization';
import { dayjs } from '@/lib/format';
import { useFeedbackStats } from '../api/get-feedback-stats';
import './feedback.css';
import { hoursText } from './feedback-hours';

type Row = Omit<TFeedbackStatsRow, 'school' | 'county'> & {
  key: string;
  school: string;
  county: string;
};

/** Handling times per school: counts by status, overdue and late answers, hours to respond and reply. */
export function FeedbackStatsTable() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const management = tierOf(user) === 'management';
  const [query, setQuery] = useState<TFeedbackStatsQuery>({});
  const stats = useFeedbackStats(query);
  const hours = (value: number | null) => hoursText(t, value);
  const number = (
    title: string,
    render: (row: Row) => number,
    key: string,
  ): TableColumnsType<Row>[number] => ({
    title,
    key,
    align: 'right',
    width: 70,
    render: (_: unknown, row: Row) => <span className="tabular">{render(row)}</span>,
  });

  const rows: Row[] = [
    ...(stats.data?.rows ?? []).map((row) => ({
      ...row,
      key: row.school.id,
      school: row.school.name,
      county: row.county?.name ?? '—',
    })),
    ...(stats.data && stats.data.rows.length > 1
      ? [{ ...stats.data.totals, key: 'totals', school: t('common.sum'), county: '' }]
      : []),
  ];
  const columns: TableColumnsType<Row> = [
    ...(management ? [{ title: t('feedback.stats.county'), dataIndex: 'county', width: 100 }] : []),
    { title: t('feedback.field.school'), dataIndex: 'school', width: 160 },
    number(t('feedback.stats.total'), (r) => r.total, 'total'),
    number(t('feedback.status.new'), (r) => r.byStatus.new, 'new'),
    number(t('feedback.status.in_progress'), (r) => r.byStatus.in_progress, 'in_progress'),
    number(t('feedback.status.replied'), (r) => r.byStatus.replied, 'replied'),
    number(t('feedback.status.closed'), (r) => r.byStatus.closed, 'closed'),
    {
      title: t('feedback.stats.overdueOpen'),
      key: 'overdueOpen',
      align: 'right',
      width: 96,
      render: (_, r) => (
        <span className={r.overdueOpen > 0 ? 'tabular feedback-overdue-count' : 'tabular'}>
          {r.overdueOpen}
        </span>
      ),
    },
    number(t('feedback.stats.repliedLate'), (r) => r.repliedLate, 'repliedLate'),
    {
      title: t('feedback.stats.medianFirstResponse'),
      key: 'mfr',
      align: 'right',
      width: 96,
      render: (_, r) => hours(r.medianFirstResponseHours),
    },
    {
      title: t('feedback.stats.medianReply'),
      key: 'mr',
      align: 'right',
      width: 96,
      render: (_, r) => hours(r.medianReplyHours),
    },
    {
      title: t('feedback.stats.averageReply'),
      key: 'ar',
      align: 'right',
      width: 96,
      render: (_, r) => hours(r.averageReplyHours),
    },
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space wrap>
          {management && (
            <OrgUnitTreeSelect
              value={query.orgUnitId}
              onChange={(orgUnitId) => setQuery((q) => ({ ...q, orgUnitId }))}
              selectableLevels={['city', 'county', 'school']}
              maxLevel="school"
              placeholder={t('feedback.filter.unit')}
              style={{ width: 220 }}
            />
          )}
          <DatePicker.RangePicker
            value={stats.data ? [dayjs(stats.data.from), dayjs(stats.data.to)] : undefined}
            allowClear={false}
            onChange={(range) =>
              setQuery((q) => ({
                ...q,
                from: range?.[0]?.format('YYYY-MM-DD'),
                to: range?.[1]?.format('YYYY-MM-DD'),
              }))
            }
            style={{ width: 250 }}
          />
        </Space>
      </div>
      {stats.isError ? (
        <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <Table<Row>
          rowKey="key"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={stats.isFetching}
          scroll={{ x: 1060 }}
          pagination={false}
          data-testid="feedback-stats-table"
          rowClassName={(r) => (r.key === 'totals' ? 'feedback-total-row' : '')}
        />
      )}
    </>
  );
}
