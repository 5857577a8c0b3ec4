import { Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeviationStatus, TExecutionLine } from '@canteen/shared';
import { quantityText } from '@/lib/labels';
import { formatYuan } from '@/lib/format';
import { deviationText } from '../utils/menu-labels';

const STATUS_COLOR: Record<DeviationStatus, string> = {
  ok: 'green',
  over: 'red',
  under: 'orange',
  unplanned: 'purple',
  unknown: 'default',
};

export function DeviationTag({ status }: { status: DeviationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status}>
      {t(`menus.execution.status.${status}`)}
    </Tag>
  );
}

/**
 * Per ingredient of a meal: what the recipes ask for (grams × headcount, in the stock unit) against
 * what the ledger issued. Over-issue beyond tolerance is red, under-issue amber.
 */
export function ExecutionLinesTable({ lines }: { lines: TExecutionLine[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<TExecutionLine> = [
    {
      title: t('menus.execution.ingredient'),
      key: 'ingredient',
      render: (_, line) => line.ingredient.name,
    },
    {
      title: t('menus.execution.expected'),
      key: 'expected',
      align: 'right',
      render: (_, line) => (
        <span className="tabular">{quantityText(t, line.expected, line.ingredient.unit)}</span>
      ),
    },
    {
      title: t('menus.execution.issued'),
      key: 'issued',
      align: 'right',
      render: (_, line) => (
        <span className="tabular">{quantityText(t, line.issued, line.ingredient.unit)}</span>
      ),
    },
    {
      title: t('menus.execution.issuedCost'),
      dataIndex: 'issuedFen',
      align: 'right',
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('menus.execution.deviation'),
      dataIndex: 'deviation',
      align: 'right',
      render: (v: number | null, line) => (
        <span className={`tabular deviation-${line.status}`}>{deviationText(v)}</span>
      ),
    },
    {
      title: t('menus.execution.statusTitle'),
      dataIndex: 'status',
      width: 110,
      render: (status: DeviationStatus) => <DeviationTag status={status} />,
    },
  ];
  return (
    <Table<TExecutionLine>
      size="small"
      rowKey={(line) => line.ingredient.id}
      columns={columns}
      dataSource={lines}
      pagination={false}
      rowClassName={(line) => `execution-row-${line.status}`}
      data-testid="execution-lines"
    />
  );
}
