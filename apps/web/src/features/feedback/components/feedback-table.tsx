import { ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  DatePicker,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Tooltip,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  FEEDBACK_CATEGORIES,
  FEEDBACK_STATUSES,
  type FeedbackCategory,
  type FeedbackStatus,
  type TFeedbackSummary,
} from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCurrentUser } from '@/lib/auth';
import { tierOf } from '@/lib/authorization';
import { formatDateTime } from '@/lib/format';
import { type FeedbackListQuery, useFeedbackList } from '../api/get-feedback-list';
import { FeedbackStatusTag } from './feedback-status-tag';
import './feedback.css';
import { hoursText } from './feedback-hours';

/** Feedback of the asker's subtree, newest first; a school sees its own, a county all its schools'. */
export function FeedbackTable() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const management = tierOf(user) === 'management';
  const [query, setQuery] = useState<FeedbackListQuery>({ page: 1, pageSize: 20 });
  const [search, setSearch] = useState('');
  const list = useFeedbackList(query);
  const patchQuery = (patch: FeedbackListQuery) => setQuery((q) => ({ ...q, page: 1, ...patch }));
  const hours = (value: number | null) => hoursText(t, value);

  const columns: TableColumnsType<TFeedbackSummary> = [
    {
      title: t('feedback.field.trackingCode'),
      dataIndex: 'trackingCode',
      width: 130,
      render: (code: string, f) => (
        <Link to={`/feedback/${f.id}`} className="tabular">
          {code}
        </Link>
      ),
    },
    {
      title: t('feedback.field.submittedAt'),
      dataIndex: 'submittedAt',
      width: 165,
      render: (v: string) => <span className="tabular">{formatDateTime(v)}</span>,
    },
    {
      title: management ? t('feedback.field.schoolAndCanteen') : t('feedback.field.canteen'),
      key: 'canteen',
      width: management ? 210 : 120,
      render: (_, f) =>
        management ? (
          <div className="account-cell">
            <span>{f.school.name}</span>
            <span className="account-cell-username">{f.canteen.name}</span>
          </div>
        ) : (
          f.canteen.name
        ),
    },
    {
      title: t('feedback.field.category'),
      dataIndex: 'category',
      width: 80,
      render: (c: FeedbackCategory) => t(`feedback.category.${c}`),
    },
    // Rendered as a text node: whatever a parent typed shows as the characters typed. One line
    // each, the whole text on hover and on the detail page, so that rows stay scannable.
    {
      title: t('feedback.field.excerpt'),
      dataIndex: 'excerpt',
      ellipsis: { showTitle: true },
      render: (text: string) => <span data-testid="feedback-excerpt">{text}</span>,
    },
    {
      title: t('feedback.field.contact'),
      dataIndex: 'contact',
      width: 130,
      responsive: ['xl'],
      render: (v: string | null) => <span className="tabular">{v ?? '—'}</span>,
    },
    {
      title: t('feedback.field.status'),
      dataIndex: 'status',
      width: 150,
      render: (_, f) => <FeedbackStatusTag status={f.status} overdue={f.overdue} late={f.late} />,
    },
    {
      title: t('feedback.field.replyHours'),
      dataIndex: 'replyHours',
      width: 100,
      align: 'right',
      responsive: ['xxl'],
      render: (v: number | null) => <span className="tabular">{hours(v)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 70,
      fixed: 'right',
      render: (_, f) => <Link to={`/feedback/${f.id}`}>{t('common.view')}</Link>,
    },
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space wrap>
          {management && (
            <OrgUnitTreeSelect
              value={query.orgUnitId}
              onChange={(orgUnitId) => patchQuery({ orgUnitId })}
              selectableLevels={['city', 'county', 'school', 'canteen']}
              placeholder={t('feedback.filter.unit')}
              style={{ width: 220 }}
            />
          )}
          <Select
            allowClear
            value={query.status}
            onChange={(status?: FeedbackStatus) => patchQuery({ status })}
            placeholder={t('feedback.field.status')}
            style={{ width: 120 }}
            options={FEEDBACK_STATUSES.map((s) => ({ value: s, label: t(`feedback.status.${s}`) }))}
          />
          <Select
            allowClear
            value={query.category}
            onChange={(category?: FeedbackCategory) => patchQuery({ category })}
            placeholder={t('feedback.field.category')}
            style={{ width: 110 }}
            options={FEEDBACK_CATEGORIES.map((c) => ({
              value: c,
              label: t(`feedback.category.${c}`),
            }))}
          />
          <DatePicker.RangePicker
            onChange={(range) =>
              patchQuery({
                from: range?.[0]?.format('YYYY-MM-DD'),
                to: range?.[1]?.format('YYYY-MM-DD'),
              })
            }
            style={{ width: 250 }}
          />
          <Space size={6}>
            <Switch
              size="small"
              checked={query.overdue === 'true'}
              onChange={(on) => patchQuery({ overdue: on ? 'true' : undefined })}
              data-testid="feedback-overdue-only"
            />
            <span>{t('feedback.filter.overdueOnly')}</span>
          </Space>
          <Input.Search
            allowClear
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (!e.target.value) patchQuery({ trackingCode: undefined });
            }}
            onSearch={(code) => patchQuery({ trackingCode: code.trim() || undefined })}
            placeholder={t('feedback.filter.trackingCode')}
            style={{ width: 180 }}
          />
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void list.refetch()}
              aria-label={t('common.refresh')}
            />
          </Tooltip>
        </Space>
      </div>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<TFeedbackSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1100 }}
          data-testid="feedback-table"
          rowClassName={(f) => (f.overdue ? 'row-overdue' : '')}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, size) => setQuery((q) => ({ ...q, page, pageSize: size })),
          }}
        />
      )}
    </>
  );
}
