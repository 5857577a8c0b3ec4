import { Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TTraceStockMovement } from '@canteen/shared';
import { quantityText } from '@/lib/labels';
import { localPagination } from '@/lib/table';

/** A canteen's ledger movements of the traced batches, in chain order. */
export function TraceMovementsTable({ movements }: { movements: TTraceStockMovement[] }) {
  const { t } = useTranslation();
  const seqOf = new Map(movements.map((m) => [m.id, m.seq]));
  const columns: TableColumnsType<TTraceStockMovement> = [
    {
      title: t('ledger.field.seq'),
      dataIndex: 'seq',
      width: 70,
      render: (seq: number) => <span className="tabular">#{seq}</span>,
    },
    { title: t('ledger.field.day'), dataIndex: 'occurredOn', width: 110 },
    {
      title: t('ledger.field.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (_, m) => <Tag>{t(`ledger.kind.${m.kind}`)}</Tag>,
    },
    {
      title: t('ledger.field.meal'),
      dataIndex: 'meal',
      width: 80,
      render: (_, m) => (m.meal ? t(`ledger.meal.${m.meal}`) : <span className="muted">—</span>),
    },
    {
      title: t('ledger.field.quantity'),
      key: 'quantity',
      width: 110,
      align: 'right',
      render: (_, m) => <span className="tabular">{quantityText(t, m.quantity, m.unit)}</span>,
    },
    {
      title: t('ledger.field.reason'),
      key: 'reason',
      render: (_, m) => {
        const reversed = m.reversesId ? seqOf.get(m.reversesId) : undefined;
        return (
          <>
            {reversed !== undefined && (
              <Tag className="tabular">{t('trace.reversesSeq', { seq: reversed })}</Tag>
            )}
            {m.reason ?? (reversed === undefined && <span className="muted">—</span>)}
          </>
        );
      },
    },
  ];
  return (
    <Table<TTraceStockMovement>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={movements}
      pagination={localPagination(movements.length)}
      scroll={{ x: 640 }}
      data-testid="trace-movements"
      locale={{ emptyText: t('trace.noMovements') }}
    />
  );
}
