import { DownloadOutlined } from '@ant-design/icons';
import { Button, Progress, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TSupervisionQuery, TSupervisionRow } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { supervisionExportUrl, useSupervision } from '../api/get-supervision';
import { levelLabel } from './alert-text';
import './alerts.css';

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function Rate({ part, whole }: { part: number; whole: number }) {
  const rate = share(part, whole);
  return (
    <div className="supervision-rate">
      <span className="tabular">
        {part} / {whole}
      </span>
      {rate !== null && <Progress percent={Math.round(rate * 100)} size="small" showInfo={false} />}
    </div>
  );
}

/** Export of the same ranking as an .xlsx file (the officials' own format). */
export function SupervisionExportButton({ query }: { query: TSupervisionQuery }) {
  const { t } = useTranslation();
  return (
    <Button
      icon={<DownloadOutlined />}
      href={supervisionExportUrl(query)}
      data-testid="supervision-export"
    >
      {t('alerts.supervision.export')}
    </Button>
  );
}

/**
 * 靶向监管: the units below that held alerts in the period, ranked by how badly they failed to
 * act on them (the highest score first).
 */
export function SupervisionTable({ query }: { query: TSupervisionQuery }) {
  const { t } = useTranslation();
  const report = useSupervision(query);

  const columns: TableColumnsType<TSupervisionRow> = [
    { title: t('alerts.supervision.rank'), dataIndex: 'rank', width: 64, align: 'center' },
    {
      title: t('alerts.supervision.unit'),
      key: 'unit',
      render: (_, row) => (
        <span>
          {row.unit.name}
          <Typography.Text type="secondary"> · {levelLabel(t, row.unit.level)}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('alerts.supervision.received'),
      dataIndex: 'received',
      width: 90,
      align: 'right',
      render: (v: number) => <span className="tabular">{v}</span>,
    },
    {
      title: (
        <Tooltip title={t('alerts.supervision.onTimeHint')}>
          {t('alerts.supervision.acknowledgedOnTime')}
        </Tooltip>
      ),
      key: 'ack',
      width: 150,
      render: (_, row) => (
        <Rate part={row.acknowledgedOnTime} whole={row.acknowledgedOnTime + row.acknowledgedLate} />
      ),
    },
    {
      title: (
        <Tooltip title={t('alerts.supervision.onTimeHint')}>
          {t('alerts.supervision.handledOnTime')}
        </Tooltip>
      ),
      key: 'handle',
      width: 150,
      render: (_, row) => (
        <Rate part={row.handledOnTime} whole={row.handledOnTime + row.handledLate} />
      ),
    },
    {
      title: t('alerts.supervision.escalatedAway'),
      dataIndex: 'escalatedAway',
      width: 100,
      align: 'right',
      render: (v: number) => (
        <span className={v > 0 ? 'tabular supervision-bad' : 'tabular'}>{v}</span>
      ),
    },
    {
      title: t('alerts.supervision.reopened'),
      dataIndex: 'reopened',
      width: 90,
      align: 'right',
      render: (v: number) => (
        <span className={v > 0 ? 'tabular supervision-bad' : 'tabular'}>{v}</span>
      ),
    },
    {
      title: (
        <Tooltip title={t('alerts.supervision.scoreHint')}>{t('alerts.supervision.score')}</Tooltip>
      ),
      dataIndex: 'score',
      width: 90,
      align: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.score - b.score,
      render: (v: number) => <strong className="tabular">{v.toFixed(1)}</strong>,
    },
  ];

  if (report.isError)
    return <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />;
  return (
    <Table<TSupervisionRow>
      rowKey={(row) => row.unit.id}
      size="middle"
      columns={columns}
      dataSource={report.data?.rows ?? []}
      loading={report.isLoading || report.isFetching}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: 860 }}
      data-testid="supervision-table"
    />
  );
}
