import { AuditOutlined, CloudUploadOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  DatePicker,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { MANIFEST_STATUSES, type ManifestStatus, type TManifestSummary } from '@canteen/shared';
import { CanteenLabel } from '@/components/ui/canteen-label';
import { ErrorAlert } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCurrentUser } from '@/lib/auth';
import { can, tierOf } from '@/lib/authorization';
import { formatDateTime } from '@/lib/format';
import { useDeliveries, type DeliveryListQuery } from '../api/get-deliveries';
import { ManifestStatusTag } from './manifest-status-tag';

/**
 * The deliveries inbox: the canteen side sees those in its scope, pending acceptance first; a
 * supplier sees its own with the status of each.
 */
export function DeliveriesTable({
  pageSize = 20,
  compact = false,
}: {
  pageSize?: number;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const supplierView = tierOf(user) === 'supplier';
  const canAccept = can(user, 'delivery:accept');
  const [query, setQuery] = useState<DeliveryListQuery>({ page: 1, pageSize });
  const [search, setSearch] = useState('');
  const deliveries = useDeliveries(query);
  const patchQuery = (patch: DeliveryListQuery) => setQuery((q) => ({ ...q, page: 1, ...patch }));

  const columns: TableColumnsType<TManifestSummary> = [
    {
      title: t('deliveries.field.code'),
      dataIndex: 'code',
      width: 160,
      render: (v: string, d) => (
        <Link to={`/deliveries/${d.id}`} className="tabular">
          {v}
        </Link>
      ),
    },
    {
      title: t('deliveries.field.deliveryDate'),
      dataIndex: 'deliveryDate',
      width: 100,
      render: (v: string) => <span className="tabular">{v}</span>,
    },
    ...(supplierView
      ? []
      : [
          {
            title: t('deliveries.field.supplier'),
            key: 'supplier',
            render: (_: unknown, d: TManifestSummary) => d.supplier.name,
          },
        ]),
    {
      title: t('deliveries.field.canteen'),
      key: 'canteen',
      width: 180,
      render: (_, d) => <CanteenLabel canteen={d.canteen} />,
    },
    { title: t('deliveries.field.lines'), dataIndex: 'lineCount', width: 60, align: 'right' },
    {
      title: t('deliveries.field.source'),
      dataIndex: 'source',
      width: 90,
      responsive: ['xxl'],
      render: (_, d) => <Tag>{t(`supply.manifestSource.${d.source}`)}</Tag>,
    },
    {
      title: t('deliveries.field.order'),
      key: 'order',
      width: 170,
      responsive: compact ? ['xxl'] : ['xl'],
      render: (_, d) => <span className="tabular">{d.purchaseOrder?.code ?? '—'}</span>,
    },
    {
      title: t('deliveries.field.status'),
      dataIndex: 'status',
      width: 110,
      render: (_, d) => <ManifestStatusTag status={d.status} />,
    },
    {
      title: t('deliveries.field.submittedAt'),
      dataIndex: 'createdAt',
      width: 165,
      responsive: ['xxl'],
      render: (v: string) => <span className="tabular">{formatDateTime(v)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canAccept ? 100 : 70,
      fixed: 'right',
      render: (_, d) =>
        canAccept && d.status === 'submitted' ? (
          <Button
            type="primary"
            size="small"
            icon={<AuditOutlined />}
            onClick={() => void navigate(`/deliveries/${d.id}/accept`)}
          >
            {t('deliveries.accept')}
          </Button>
        ) : (
          <Link to={`/deliveries/${d.id}`}>{t('common.view')}</Link>
        ),
    },
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space wrap>
          {!supplierView && !compact && (
            <OrgUnitTreeSelect
              value={query.canteenId}
              onChange={(canteenId) => patchQuery({ canteenId })}
              selectableLevels={['canteen']}
              placeholder={t('deliveries.filterCanteen')}
              style={{ width: 220 }}
            />
          )}
          <Select
            allowClear
            value={query.status}
            onChange={(status?: ManifestStatus) => patchQuery({ status })}
            placeholder={t('deliveries.field.status')}
            style={{ width: 130 }}
            options={MANIFEST_STATUSES.map((s) => ({
              value: s,
              label: t(`supply.manifestStatus.${s}`),
            }))}
          />
          {!compact && (
            <DatePicker.RangePicker
              onChange={(range) =>
                patchQuery({
                  from: range?.[0]?.format('YYYY-MM-DD'),
                  to: range?.[1]?.format('YYYY-MM-DD'),
                })
              }
              style={{ width: 250 }}
            />
          )}
          <Input.Search
            allowClear
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (!e.target.value) patchQuery({ q: undefined });
            }}
            onSearch={(q) => patchQuery({ q: q.trim() || undefined })}
            placeholder={t('deliveries.searchPlaceholder')}
            style={{ width: 230 }}
            data-testid="deliveries-search"
          />
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void deliveries.refetch()}
              aria-label={t('common.refresh')}
            />
          </Tooltip>
        </Space>
        {can(user, 'delivery:submit') && (
          <Button
            type="primary"
            icon={<CloudUploadOutlined />}
            onClick={() => void navigate('/deliveries/new')}
          >
            {t('manifest.upload')}
          </Button>
        )}
      </div>
      {deliveries.isError ? (
        <ErrorAlert error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : (
        <Table<TManifestSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={deliveries.data?.items ?? []}
          loading={deliveries.isFetching}
          scroll={{ x: 910 }}
          data-testid="deliveries-table"
          rowClassName={(d) => (d.status === 'submitted' ? 'row-pending' : '')}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: deliveries.data?.total ?? 0,
            showSizeChanger: !compact,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, size) => setQuery((q) => ({ ...q, page, pageSize: size })),
          }}
        />
      )}
    </>
  );
}
