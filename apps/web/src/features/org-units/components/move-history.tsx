import { ArrowRightOutlined } from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import { Table, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TOrgUnitMove } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatDateTime } from '@/lib/format';
import { getOrgUnitQueryOptions } from '../api/get-org-unit';
import { useOrgUnitMoves } from '../api/get-org-unit-moves';

/**
 * Moves of a unit between parents. The contract carries parent ids only, so names are looked up;
 * a former parent outside the user's subtree cannot be named and shows as such.
 */
export function MoveHistory({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const moves = useOrgUnitMoves(unitId);
  const parentIds = useMemo(
    () => [...new Set((moves.data ?? []).flatMap((m) => [m.fromParentId, m.toParentId]))],
    [moves.data],
  );
  const parents = useQueries({
    queries: parentIds.map((id) => ({ ...getOrgUnitQueryOptions(id), retry: false })),
  });
  const nameOf = (id: string) => {
    const index = parentIds.indexOf(id);
    const result = parents[index];
    if (result?.data) return result.data.name;
    if (result?.isError) return <span className="muted">{t('org.outsideScope')}</span>;
    return '…';
  };

  const columns: TableColumnsType<TOrgUnitMove> = [
    { title: t('common.time'), dataIndex: 'createdAt', width: 190, render: (v: string) => formatDateTime(v) },
    {
      title: t('org.moveFromTo'),
      key: 'fromTo',
      render: (_, row) => (
        <span className="status-change">
          {nameOf(row.fromParentId)}
          <ArrowRightOutlined className="muted" />
          {nameOf(row.toParentId)}
        </span>
      ),
    },
    { title: t('common.reason'), dataIndex: 'reason' },
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
