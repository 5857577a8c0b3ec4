import {
  DeleteOutlined,
  ExportOutlined,
  HistoryOutlined,
  ReloadOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import {
  Button,
  Card,
  Empty,
  Input,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Tooltip,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { BatchExpiryState, TBatchBalance, TIngredientBalance } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { formatDateTime, formatYuan } from '@/lib/format';
import { foodGroupLabel, quantityText } from '@/lib/labels';
import { useBalances } from '../api/get-balances';
import { BatchMovementModal, type BatchMovementMode } from './batch-movement-modal';
import { ExpiryTag } from './expiry-tag';

const SEVERITY: Record<BatchExpiryState, number> = {
  expired: 3,
  near_expiry: 2,
  ok: 1,
  no_shelf_life: 0,
};

/** The batch that most needs attention: expired before near expiry before the rest. */
function worstBatch(batches: TBatchBalance[]): TBatchBalance | undefined {
  return [...batches].sort(
    (a, b) =>
      SEVERITY[b.expiryState] - SEVERITY[a.expiryState] ||
      (a.daysToExpiry ?? Infinity) - (b.daysToExpiry ?? Infinity),
  )[0];
}

const alerting = (b: TBatchBalance) =>
  b.expiryState === 'expired' || b.expiryState === 'near_expiry';

function rowClass(state: BatchExpiryState | undefined): string {
  if (state === 'expired') return 'ledger-row-expired';
  if (state === 'near_expiry') return 'ledger-row-near';
  return '';
}

/**
 * 库存: per ingredient what is in store and its value; each expands to its batches with their
 * expiry state and the quick actions of the kitchen (issue this batch, return it, write it off).
 */
export function BalancesTable({ canteenId }: { canteenId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const canWrite = can(user, 'stock:write');
  const balances = useBalances(canteenId);
  const [search, setSearch] = useState('');
  const [onlyAlerts, setOnlyAlerts] = useState(false);
  const [acting, setActing] = useState<{ batch: TBatchBalance; mode: BatchMovementMode } | null>(
    null,
  );

  const all = useMemo(() => balances.data ?? [], [balances.data]);
  const stats = useMemo(() => {
    const batches = all.flatMap((row) => row.batches);
    return {
      valueFen: all.reduce((sum, row) => sum + row.valueFen, 0),
      ingredients: all.length,
      near: batches.filter((b) => b.expiryState === 'near_expiry').length,
      expired: batches.filter((b) => b.expiryState === 'expired').length,
    };
  }, [all]);
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return all
      .filter(
        (row) =>
          !q ||
          row.ingredient.name.toLowerCase().includes(q) ||
          row.ingredient.code.toLowerCase().includes(q),
      )
      .filter((row) => !onlyAlerts || row.batches.some(alerting));
  }, [all, search, onlyAlerts]);

  const batchColumns: TableColumnsType<TBatchBalance> = [
    {
      title: t('ledger.balances.lotAndSupplier'),
      key: 'lot',
      width: 190,
      render: (_, b) => (
        <div className="account-cell">
          <Space size={4} wrap>
            <span className="mono">{b.lotCode}</span>
            {!b.deliveryLineId && <Tag color="orange">{t('ledger.balances.manual')}</Tag>}
          </Space>
          <span className="account-cell-username">{b.supplier?.name ?? '—'}</span>
        </div>
      ),
    },
    {
      title: t('ledger.field.expiryDate'),
      key: 'expiry',
      width: 170,
      render: (_, b) => (
        <Space size={6} wrap>
          <span className="tabular">{b.expiryDate ?? '—'}</span>
          <ExpiryTag state={b.expiryState} daysToExpiry={b.daysToExpiry} />
        </Space>
      ),
    },
    {
      title: t('ledger.field.onHand'),
      dataIndex: 'quantity',
      align: 'right',
      width: 110,
      render: (v: string, b) => <b className="tabular">{quantityText(t, v, b.unit)}</b>,
    },
    {
      title: t('ledger.field.unitPrice'),
      dataIndex: 'unitPriceFen',
      align: 'right',
      width: 90,
      responsive: ['xl'],
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('ledger.field.value'),
      dataIndex: 'valueFen',
      align: 'right',
      width: 100,
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('ledger.field.receivedAt'),
      dataIndex: 'receivedAt',
      width: 150,
      responsive: ['xxl'],
      render: (v: string) => <span className="tabular">{formatDateTime(v).slice(0, 16)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, b) => (
        <Space size={4} wrap className="ledger-batch-actions">
          {canWrite && (
            <>
              <Button
                icon={<ExportOutlined />}
                disabled={b.expiryState === 'expired'}
                onClick={() =>
                  void navigate(`/ledger/stock-out?canteenId=${canteenId}&batchId=${b.batchId}`)
                }
              >
                {t('ledger.balances.actions.out')}
              </Button>
              {b.supplier && (
                <Button
                  icon={<RollbackOutlined />}
                  onClick={() => setActing({ batch: b, mode: 'return' })}
                >
                  {t('ledger.balances.actions.return')}
                </Button>
              )}
              <Button
                danger
                icon={<DeleteOutlined />}
                onClick={() => setActing({ batch: b, mode: 'write_off' })}
              >
                {t('ledger.balances.actions.writeOff')}
              </Button>
            </>
          )}
          <Link to={`/ledger/movements?canteenId=${canteenId}&batchId=${b.batchId}`}>
            <Button icon={<HistoryOutlined />}>{t('ledger.balances.actions.history')}</Button>
          </Link>
        </Space>
      ),
    },
  ];

  const columns: TableColumnsType<TIngredientBalance> = [
    {
      title: t('ledger.field.ingredient'),
      key: 'ingredient',
      render: (_, row) => (
        <div className="account-cell">
          <span className="ledger-ingredient-name">{row.ingredient.name}</span>
          <span className="account-cell-username">{row.ingredient.code}</span>
        </div>
      ),
    },
    {
      title: t('ledger.field.category'),
      key: 'category',
      width: 110,
      responsive: ['md'],
      render: (_, row) => foodGroupLabel(t, row.ingredient.category),
    },
    {
      title: t('ledger.field.onHand'),
      dataIndex: 'quantity',
      align: 'right',
      width: 130,
      render: (v: string, row) => (
        <b className="tabular ledger-big-number">{quantityText(t, v, row.unit)}</b>
      ),
    },
    {
      title: t('ledger.field.value'),
      dataIndex: 'valueFen',
      align: 'right',
      width: 120,
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('ledger.field.batches'),
      key: 'batches',
      width: 80,
      align: 'right',
      render: (_, row) => row.batches.length,
    },
    {
      title: t('ledger.field.expiry'),
      key: 'expiry',
      width: 190,
      render: (_, row) => {
        const worst = worstBatch(row.batches);
        return worst ? (
          <ExpiryTag state={worst.expiryState} daysToExpiry={worst.daysToExpiry} />
        ) : (
          '—'
        );
      },
    },
  ];

  if (balances.isError)
    return <ErrorAlert error={balances.error} onRetry={() => void balances.refetch()} />;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div className="ledger-stats">
        <Card size="small" className="stat-card">
          <Statistic title={t('ledger.balances.totalValue')} value={formatYuan(stats.valueFen)} />
        </Card>
        <Card size="small" className="stat-card">
          <Statistic title={t('ledger.balances.ingredients')} value={stats.ingredients} />
        </Card>
        <Card
          size="small"
          className={`stat-card ${stats.near > 0 ? 'ledger-stat-near' : ''}`}
          onClick={() => setOnlyAlerts(true)}
        >
          <Statistic title={t('ledger.balances.nearExpiry')} value={stats.near} />
        </Card>
        <Card
          size="small"
          className={`stat-card ${stats.expired > 0 ? 'ledger-stat-expired' : ''}`}
          onClick={() => setOnlyAlerts(true)}
        >
          <Statistic title={t('ledger.balances.expired')} value={stats.expired} />
        </Card>
      </div>
      <Card size="small" className="section-card">
        <div className="table-toolbar">
          <Space wrap>
            <Input.Search
              allowClear
              size="large"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder={t('ledger.balances.search')}
              style={{ width: 240 }}
            />
            <Space>
              <Switch checked={onlyAlerts} onChange={setOnlyAlerts} id="ledger-only-alerts" />
              <label htmlFor="ledger-only-alerts">{t('ledger.balances.onlyAlerts')}</label>
            </Space>
          </Space>
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void balances.refetch()}
              aria-label={t('common.refresh')}
            />
          </Tooltip>
        </div>
        <Table<TIngredientBalance>
          rowKey={(row) => row.ingredient.id}
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={balances.isPending}
          pagination={false}
          rowClassName={(row) => rowClass(worstBatch(row.batches)?.expiryState)}
          locale={{ emptyText: <Empty description={t('ledger.balances.empty')} /> }}
          expandable={{
            expandRowByClick: true,
            defaultExpandedRowKeys: [],
            expandedRowRender: (row) => (
              <Table<TBatchBalance>
                rowKey="batchId"
                size="small"
                className="ledger-batch-table"
                columns={batchColumns}
                dataSource={row.batches}
                pagination={false}
                rowClassName={(b) => rowClass(b.expiryState)}
              />
            ),
          }}
          data-testid="balances-table"
        />
      </Card>
      <BatchMovementModal
        batch={acting?.batch ?? null}
        mode={acting?.mode ?? 'return'}
        onClose={() => setActing(null)}
      />
    </Space>
  );
}
