import { ArrowRightOutlined } from '@ant-design/icons';
import { Table, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TConnectionEvent, TOrgUnitDetail } from '@canteen/shared';
import { ConnectionStatusTag } from '@/components/ui/connection-status-tag';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatDateTime } from '@/lib/format';
import { useOrgUnits } from '@/lib/org-unit-lookup';
import { useConnectionEventsOf } from '../api/get-connection-events';

type Row = TConnectionEvent & { canteenName: string };

/** Connection events of a canteen, or of all the canteens of a school, newest first. */
export function ConnectionHistory({ unit }: { unit: TOrgUnitDetail }) {
  const { t } = useTranslation();
  const isSchool = unit.level === 'school';
  const canteens = useOrgUnits({ parentId: unit.id, pageSize: 500 }, { enabled: isSchool });
  const targets = useMemo(
    () =>
      isSchool
        ? (canteens.data?.items ?? []).map((c) => ({ id: c.id, name: c.name }))
        : [{ id: unit.id, name: unit.name }],
    [isSchool, canteens.data, unit.id, unit.name],
  );
  const results = useConnectionEventsOf(targets.map((c) => c.id));
  const failed = results.find((r) => r.isError);
  const loading = (isSchool && canteens.isPending) || results.some((r) => r.isPending);

  const rows = useMemo<Row[]>(
    () =>
      targets
        .flatMap((canteen, i) =>
          (results[i]?.data ?? []).map((event) => ({ ...event, canteenName: canteen.name })),
        )
        .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt)),
    [targets, results],
  );

  const columns: TableColumnsType<Row> = [
    {
      title: t('common.time'),
      dataIndex: 'occurredAt',
      width: 190,
      render: (v: string) => formatDateTime(v),
    },
    ...(isSchool ? [{ title: t('org.canteenName'), dataIndex: 'canteenName', width: 160 }] : []),
    {
      title: t('connection.statusChange'),
      key: 'change',
      width: 260,
      render: (_, row) => (
        <span className="status-change">
          <ConnectionStatusTag status={row.fromStatus} />
          <ArrowRightOutlined className="muted" />
          <ConnectionStatusTag status={row.toStatus} />
        </span>
      ),
    },
    { title: t('common.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
    { title: t('common.operator'), dataIndex: 'actorName', width: 120, render: (v: string | null) => v ?? '—' },
  ];

  if (failed) return <ErrorAlert error={failed.error} onRetry={() => void failed.refetch()} />;
  return (
    <Table<Row>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: t('connection.noEvents') }}
    />
  );
}
