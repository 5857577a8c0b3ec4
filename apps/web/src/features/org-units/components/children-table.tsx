import { Input, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TConnectionRate, TOrgUnit, TOrgUnitDetail } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { RateProgress } from '@/components/ui/rate-progress';
import { kindLabel } from '@/lib/labels';
import { useOrgUnits } from '@/lib/org-unit-lookup';
import { useConnectionRate } from '../api/get-connection-rate';
import { OrgUnitIcon } from './org-unit-icon';

type Counts = TConnectionRate['children'][number];
type Row = TOrgUnit & { counts?: Counts };

/** The units directly below a management unit, each with its own connection rate. */
export function ChildrenTable({ unit }: { unit: TOrgUnitDetail }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const children = useOrgUnits({ parentId: unit.id, pageSize: 500 });
  const rate = useConnectionRate(unit.id);

  const rows = useMemo<Row[]>(() => {
    const counts = new Map((rate.data?.children ?? []).map((c) => [c.id, c]));
    const needle = filter.trim();
    return (children.data?.items ?? [])
      .filter((child) => !needle || child.name.includes(needle) || child.code.includes(needle))
      .map((child) => ({ ...child, counts: counts.get(child.id) }));
  }, [children.data, rate.data, filter]);

  const columns: TableColumnsType<Row> = [
    {
      title: t('org.field.name'),
      dataIndex: 'name',
      ellipsis: true,
      render: (_, row) => (
        <Link to={`/org/${row.id}`} className="unit-link">
          <OrgUnitIcon level={row.level} /> {row.name}
        </Link>
      ),
    },
    { title: t('org.field.code'), dataIndex: 'code', width: 120, responsive: ['xl'] },
    {
      title: t('org.field.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (kind: string) => kindLabel(t, kind),
    },
    {
      title: t('org.stats.canteens'),
      key: 'canteens',
      width: 112,
      align: 'right',
      sorter: (a, b) => (a.counts?.canteens ?? 0) - (b.counts?.canteens ?? 0),
      render: (_, row) => row.counts?.canteens ?? '—',
    },
    {
      title: t('connection.status.connected'),
      key: 'connected',
      width: 96,
      align: 'right',
      render: (_, row) => row.counts?.connected ?? '—',
    },
    {
      title: t('connection.status.suspended'),
      key: 'suspended',
      width: 96,
      align: 'right',
      responsive: ['xl'],
      render: (_, row) => row.counts?.suspended ?? '—',
    },
    {
      title: t('connection.status.not_connected'),
      key: 'notConnected',
      width: 96,
      align: 'right',
      render: (_, row) => row.counts?.notConnected ?? '—',
    },
    {
      title: t('connection.rate'),
      key: 'rate',
      width: 190,
      sorter: (a, b) => (a.counts?.rate ?? -1) - (b.counts?.rate ?? -1),
      render: (_, row) => <RateProgress rate={row.counts?.rate ?? null} />,
    },
  ];

  if (children.isError)
    return <ErrorAlert error={children.error} onRetry={() => void children.refetch()} />;

  return (
    <>
      <div className="table-toolbar">
        <Input.Search
          allowClear
          placeholder={t('org.filterChildren')}
          onSearch={setFilter}
          onChange={(e) => !e.target.value && setFilter('')}
          style={{ width: 260 }}
        />
        <span className="muted">{t('common.total', { total: rows.length })}</span>
      </div>
      <Table<Row>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={children.isPending || rate.isPending}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 800 }}
        data-testid="children-table"
      />
    </>
  );
}
