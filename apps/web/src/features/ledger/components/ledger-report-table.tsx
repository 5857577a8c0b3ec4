import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Statistic, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TLedgerReport, TPeriodQuery } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { quantityText } from '@/lib/labels';
import { ledgerReportXlsxUrl, useLedgerReport } from '../api/get-ledger-report';
import { signedYuan } from './ledger-format';
import { signedQuantityText } from './signed-quantity';

type Row = TLedgerReport['rows'][number];
type Column =
  | 'opening'
  | 'stockIn'
  | 'stockOut'
  | 'returned'
  | 'writtenOff'
  | 'adjusted'
  | 'reversed'
  | 'closing';

const COLUMNS: Column[] = [
  'opening',
  'stockIn',
  'stockOut',
  'returned',
  'writtenOff',
  'adjusted',
  'reversed',
  'closing',
];

const isZero = (quantity: string) => /^-?0*(\.0*)?$/.test(quantity);

/** The export button of the period's 台账 (.xlsx), for the header of the ledger page. */
export function LedgerExportButton({ query }: { query: TPeriodQuery }) {
  const { t } = useTranslation();
  return (
    <Button
      type="primary"
      icon={<DownloadOutlined />}
      href={ledgerReportXlsxUrl(query)}
      download
      data-testid="ledger-export"
    >
      {t('ledger.report.export')}
    </Button>
  );
}

/** 台账 for a period: per ingredient, opening + movements by kind = closing, quantity and value. */
export function LedgerReportTable({ query }: { query: TPeriodQuery }) {
  const { t } = useTranslation();
  const report = useLedgerReport(query);

  if (report.isError)
    return <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />;

  const columns: TableColumnsType<Row> = [
    {
      title: t('ledger.field.ingredient'),
      key: 'ingredient',
      fixed: 'left',
      width: 120,
      render: (_, row) => (
        <div className="account-cell">
          <span>{row.ingredient.name}</span>
          <span className="account-cell-username">{row.ingredient.code}</span>
        </div>
      ),
    },
    ...COLUMNS.map((column) => ({
      title: t(`ledger.report.${column}`),
      key: column,
      align: 'right' as const,
      width: 92,
      fixed: column === 'closing' ? ('right' as const) : undefined,
      className: column === 'opening' || column === 'closing' ? 'ledger-report-edge' : undefined,
      render: (_: unknown, row: Row) => {
        const cell = row[column];
        if (isZero(cell.quantity) && cell.valueFen === 0) return <span className="muted">—</span>;
        return (
          <div className="ledger-report-cell">
            <span className="tabular">
              {column === 'opening' || column === 'closing'
                ? quantityText(t, cell.quantity, row.unit)
                : signedQuantityText(t, cell.quantity, row.unit)}
            </span>
            <span className="tabular muted">{signedYuan(cell.valueFen)}</span>
          </div>
        );
      },
    })),
  ];

  const totals = report.data?.totals;
  return (
    <>
      {totals && (
        <div className="trace-totals ledger-report-totals">
          <Statistic
            title={t('ledger.report.openingValue')}
            value={signedYuan(totals.openingFen)}
          />
          <Statistic
            title={t('ledger.report.stockInValue')}
            value={signedYuan(totals.stockInFen)}
          />
          <Statistic
            title={t('ledger.report.stockOutValue')}
            value={signedYuan(totals.stockOutFen)}
          />
          <Statistic
            title={t('ledger.report.closingValue')}
            value={signedYuan(totals.closingFen)}
          />
        </div>
      )}
      <Card size="small" className="ledger-report-note" variant="borderless">
        <span className="muted">{t('ledger.report.note')}</span>
      </Card>
      <Table<Row>
        rowKey={(row) => row.ingredient.id}
        size="small"
        columns={columns}
        dataSource={report.data?.rows ?? []}
        loading={report.isFetching && !report.data}
        pagination={false}
        scroll={{ x: 860 }}
        data-testid="ledger-report"
      />
    </>
  );
}
