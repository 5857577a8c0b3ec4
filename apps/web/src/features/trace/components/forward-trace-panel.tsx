import { AlertOutlined, DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Space, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TForwardTrace, TLotTraceQuery } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { apiFileUrl } from '@/lib/api-client';
import { foodGroupLabel, quantityText } from '@/lib/labels';
import { useForwardTrace } from '../api/get-forward-trace';
import { LotSearchForm } from './lot-search-form';
import { TraceDeliveriesTable } from './trace-deliveries-table';
import { TraceGraph } from './trace-graph';
import { TraceMeals } from './trace-meals';
import { TraceMovementsTable } from './trace-movements-table';
import { TraceStock } from './trace-stock';
import { TraceSupplierCard } from './trace-supplier-card';

type CanteenRow = TForwardTrace['canteens'][number];

/** Where the lot went at one canteen: its deliveries, then the ledger's movements and the meals they fed. */
function CanteenDetail({ canteen }: { canteen: CanteenRow }) {
  const { t } = useTranslation();
  // A batch is named by the delivery it came in with: the lot code is the same for all.
  const deliveryOf = new Map(
    canteen.deliveries.flatMap((d) =>
      d.batch ? [[d.batch.id, `${d.deliveryDate} ${d.manifestCode}`] as const] : [],
    ),
  );
  return (
    // The expanded row's nested tables have negative block margins: the gap makes up for them.
    <Space direction="vertical" size={24} style={{ width: '100%' }}>
      <TraceDeliveriesTable deliveries={canteen.deliveries} />
      <div className="trace-detail-title">
        {t('trace.movementsTitle', { count: canteen.stockMovements.length })}
      </div>
      <TraceMovementsTable movements={canteen.stockMovements} />
      <div className="trace-detail-title">
        {t('trace.mealsTitle', { count: canteen.meals.length })}
      </div>
      <div className="trace-detail-meals">
        <TraceMeals meals={canteen.meals} batchLabel={(id) => deliveryOf.get(id) ?? id} />
      </div>
    </Space>
  );
}

/** 正向追踪: from a supplier lot to every canteen that received it, with quantities and checks. */
export function ForwardTracePanel({
  query,
  onQuery,
  onRecall,
}: {
  query: TLotTraceQuery | null;
  onQuery: (query: TLotTraceQuery) => void;
  onRecall: () => void;
}) {
  const { t } = useTranslation();
  const trace = useForwardTrace(query);

  const columns: TableColumnsType<CanteenRow> = [
    {
      title: t('trace.canteen'),
      key: 'canteen',
      render: (_, c) => (
        <div className="account-cell">
          <span className="account-cell-name">
            {c.canteen.school.name} · {c.canteen.name}
          </span>
          <span className="account-cell-username">{c.canteen.county.name}</span>
        </div>
      ),
    },
    {
      title: t('trace.delivered'),
      key: 'delivered',
      width: 110,
      align: 'right',
      render: (_, c) => quantityText(t, c.delivered, c.unit),
    },
    {
      title: t('trace.accepted'),
      key: 'accepted',
      width: 110,
      align: 'right',
      render: (_, c) => quantityText(t, c.accepted, c.unit),
    },
    {
      title: t('trace.inStock'),
      key: 'inStock',
      width: 130,
      align: 'right',
      render: (_, c) => (
        <TraceStock
          quantity={c.inStock}
          unit={c.unit}
          notBooked={c.deliveries.some((d) => d.batch !== null && !d.batch.booked)}
        />
      ),
    },
    {
      title: t('trace.deliveryDates'),
      key: 'dates',
      width: 200,
      render: (_, c) => (
        <span className="tabular">
          {c.firstDeliveryDate === c.lastDeliveryDate
            ? c.firstDeliveryDate
            : `${c.firstDeliveryDate} ~ ${c.lastDeliveryDate}`}
        </span>
      ),
    },
    {
      title: t('trace.deliveries'),
      key: 'count',
      width: 90,
      align: 'right',
      render: (_, c) => c.deliveries.length,
    },
    {
      title: t('trace.meals'),
      key: 'meals',
      width: 80,
      align: 'right',
      render: (_, c) => c.meals.length,
    },
  ];

  const data = trace.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" className="section-card">
        <LotSearchForm value={query} onSearch={onQuery} loading={trace.isFetching} />
      </Card>
      {!query ? (
        <Card className="section-card">
          <Empty description={t('trace.forwardIntro')} />
        </Card>
      ) : trace.isPending ? (
        <PageLoading />
      ) : trace.isError ? (
        <ErrorAlert error={trace.error} onRetry={() => void trace.refetch()} />
      ) : data ? (
        <>
          <Card
            size="small"
            className="section-card"
            title={
              <Space size={8} wrap>
                <span>{t('trace.lotTitle', { lot: data.lot.lotCode })}</span>
                {data.lot.ingredient && (
                  <Tag color="geekblue">
                    {data.lot.ingredient.name} · {foodGroupLabel(t, data.lot.ingredient.category)}
                  </Tag>
                )}
              </Space>
            }
            extra={
              <Space wrap>
                <Button icon={<AlertOutlined />} onClick={onRecall}>
                  {t('trace.recallView')}
                </Button>
                <Button
                  type="primary"
                  icon={<DownloadOutlined />}
                  href={apiFileUrl('/trace/forward/export', { ...query })}
                  data-testid="forward-export"
                >
                  {t('trace.export')}
                </Button>
              </Space>
            }
          >
            <div className="trace-totals">
              <Statistic title={t('trace.canteens')} value={data.totals.canteens} />
              <Statistic title={t('trace.deliveries')} value={data.totals.deliveries} />
              <Statistic
                title={t('trace.delivered')}
                value={quantityText(t, data.totals.delivered, data.totals.unit)}
              />
              <Statistic
                title={t('trace.accepted')}
                value={quantityText(t, data.totals.accepted, data.totals.unit)}
              />
              <Statistic
                title={t('trace.inStock')}
                value={quantityText(t, data.totals.inStock, data.totals.unit)}
                valueStyle={Number(data.totals.inStock) > 0 ? { color: '#d46b08' } : undefined}
              />
            </div>
            {data.lot.farmBases.length > 0 && (
              <div className="trace-origin">
                <span className="muted">{t('trace.origin')}：</span>
                {data.lot.farmBases.map((b) => (
                  <Tag key={b.id} color="green">
                    {b.name}（{b.region}）
                  </Tag>
                ))}
              </div>
            )}
          </Card>
          <TraceGraph graph={data.graph} title={t('trace.graphForward')} />
          <Card
            size="small"
            className="section-card"
            title={t('trace.canteensTitle', { count: data.canteens.length })}
          >
            <Table<CanteenRow>
              rowKey={(c) => c.canteen.id}
              size="middle"
              columns={columns}
              dataSource={data.canteens}
              pagination={false}
              scroll={{ x: 960 }}
              data-testid="forward-canteens"
              expandable={{
                expandedRowRender: (c) => <CanteenDetail canteen={c} />,
              }}
              locale={{ emptyText: t('trace.noCanteens') }}
            />
            <p className="muted trace-later">{t('trace.laterSections')}</p>
          </Card>
          <TraceSupplierCard supplier={data.lot.supplier} />
        </>
      ) : null}
    </Space>
  );
}
