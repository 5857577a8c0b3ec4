import { ArrowRightOutlined } from '@ant-design/icons';
import { Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TOrgUnitMove } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatDateTime } from '@/lib/format';
import { useOrgUnitMoves } from '../api/get-org-unit-moves';

/** Moves of a unit between parents, with who moved it and why. */
export function MoveHistory({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const moves = useOrgUnitMoves(unitId);
  const nameOf = (name: string | null) => name ?? <span className="muted">{t('org.outsideScope')}</span>;

  const columns: TableColumnsType<TOrgUnitMove> = [
    {
      title: t('common.time'),
      dataIndex: 'createdAt',
      width: 190,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('org.moveFromTo'),
      key: 'fromTo',
      render: (_, row) => (
        <span className="status-change">
          {nameOf(row.fromParentName)}
          <ArrowRightOutlined className="muted" />
          {nameOf(row.toParentName)}
        </span>
      ),
    },
    { title: t('common.reason'), dataIndex: 'reason' },
    { title: t('common.operator'), dataIndex: 'actorName', width: 120, render: (v: string | null) => v ?? '—' },
  ];

  if (moves.isError) return <ErrorAlert error={moves.error} onRetry={() => void moves.refetch()} />;
  return (
    <Table<TOrgUnitMove>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={moves.data ?? []}
      loading={moves.isPending}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: t('org.noMoves') }}
    />
  );
}
