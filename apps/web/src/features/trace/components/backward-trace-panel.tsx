import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TBackwardTrace, TBackwardTraceQuery, TTraceGraph } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { PageLoading } from '@/components/ui/page-loading';
import { apiFileUrl } from '@/lib/api-client';
import { dayjs, shanghaiToday } from '@/lib/format';
import { foodGroupLabel, quantityText } from '@/lib/labels';
import { localPagination } from '@/lib/table';
import { useBackwardTrace } from '../api/get-backward-trace';
import { TraceGraph } from './trace-graph';
import { TraceMeals } from './trace-meals';
import { TraceStock } from './trace-stock';
import { TraceSupplierCard } from './trace-supplier-card';

type Row = TBackwardTrace['rows'][number];
type Relation = 'all' | Row['relation'];

/** Keeps the part of the chain that leads to the rows shown. */
function graphFor(graph: TTraceGraph, rows: Row[]): TTraceGraph {
  const keep = new Set<string>();
  for (const row of rows) {
    keep.add(`delivery:${row.delivery.manifestId}`);
    keep.add(`batch:${row.batch.id}`);
  }
  // Walk from the kept deliveries and batches along edges, both ways, one kind at a time.
  let grew = true;
  while (grew) {
    grew = false;
    for (const e of graph.edges) {
      const fromKind = e.from.split(':')[0];
      const toKind = e.to.split(':')[0];
      if (
        keep.has(e.to) &&
        (fromKind === 'supplier' || fromKind === 'farm_base') &&
        !keep.has(e.from)
      ) {
        keep.add(e.from);
        grew = true;
      }
      if (keep.has(e.from) && toKind === 'canteen' && !keep.has(e.to)) {
        keep.add(e.to);
        grew = true;
      }
    }
  }
  return {
    nodes: graph.nodes.filter((n) => keep.has(n.id)),
    edges: graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
  };
}

/** 反向追溯: from a canteen and a day back to the batches, deliveries, suppliers and farm bases. */
export function BackwardTracePanel({
  query,
  onQuery,
}: {
  query: TBackwardTraceQuery | null;
  onQuery: (query: TBackwardTraceQuery) => void;
}) {
  const { t } = useTranslation();
  const trace = useBackwardTrace(query);
  const [relation, setRelation] = useState<Relation>('received');
  const data = trace.data;

  const rows = useMemo(
    () => (data?.rows ?? []).filter((r) => relation === 'all' || r.relation === relation),
    [data, relation],
  );
  const graph = useMemo(() => (data ? graphFor(data.graph, rows) : null), [data, rows]);
  const supplierName = useMemo(
    () => new Map((data?.suppliers ?? []).map((s) => [s.id, s.name])),
    [data],
  );
  const supplierIds = new Set(rows.map((r) => r.supplierId));
  const batchName = useMemo(
    () =>
      new Map(
        (data?.rows ?? []).map((r) => [r.batch.id, `${r.ingredient.name} ${r.delivery.lotCode}`]),
      ),
    [data],
  );

  const columns: TableColumnsType<Row> = [
    {
      title: t('trace.relation'),
      dataIndex: 'relation',
      width: 100,
      render: (_, r) => (
        <Tag color={r.relation === 'received' ? 'blue' : 'default'}>
          {t(`trace.relations.${r.relation}`)}
        </Tag>
      ),
    },
    {
      title: t('trace.ingredientAndLot'),
      key: 'ingredient',
      width: 220,
      render: (_, r) => (
        <div className="account-cell">
          <span className="account-cell-name">
            {r.ingredient.name}{' '}
            <span className="muted">{foodGroupLabel(t, r.ingredient.category)}</span>
          </span>
          <span className="account-cell-username tabular">{r.delivery.lotCode}</span>
        </div>
      ),
    },
    {
      title: t('trace.supplierAndOrigin'),
      key: 'supplier',
      render: (_, r) => (
        <div className="account-cell">
          <span>{supplierName.get(r.supplierId) ?? '—'}</span>
          <span className="account-cell-username">{r.farmBase?.name ?? ''}</span>
        </div>
      ),
    },
    {
      title: t('deliveries.field.code'),
      key: 'delivery',
      width: 170,
      render: (_, r) => (
        <Link to={`/deliveries/${r.delivery.manifestId}`} className="tabular">
          {r.delivery.manifestCode}
        </Link>
      ),
    },
    {
      title: t('trace.dayMovements'),
      key: 'movements',
      width: 160,
      render: (_, r) =>
        r.stockMovements.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <div className="account-cell">
            {r.stockMovements.map((m) => (
              <span key={m.id} className="tabular">
                {t(`ledger.kind.${m.kind}`)}
                {m.meal ? ` · ${t(`ledger.meal.${m.meal}`)}` : ''}{' '}
                {quantityText(t, m.quantity, m.unit)}
              </span>
            ))}
          </div>
        ),
    },
    {
      title: t('trace.inStock'),
      key: 'stock',
      width: 120,
      align: 'right',
      render: (_, r) => (
        <TraceStock
          quantity={r.batch.quantityInStock}
          unit={r.batch.unit}
          notBooked={!r.batch.booked}
        />
      ),
    },
    {
      title: t('manifest.field.expiryDate'),
      key: 'expiry',
      width: 110,
      render: (_, r) => r.batch.expiryDate ?? t('manifest.noShelfLife'),
    },
    {
      title: t('acceptance.inspectors'),
      key: 'inspectors',
      width: 140,
      responsive: ['xxl'],
      render: (_, r) =>
        r.delivery.acceptance?.inspectors.map((i) => i.displayName).join('、') ?? '—',
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" className="section-card">
        <Form
          layout="inline"
          className="trace-search"
          initialValues={{
            canteenId: query?.canteenId,
            date: query ? dayjs(query.date) : shanghaiToday(),
          }}
          onFinish={(values: { canteenId: string; date: dayjs.Dayjs }) =>
            onQuery({ canteenId: values.canteenId, date: values.date.format('YYYY-MM-DD') })
          }
        >
          <Form.Item
            name="canteenId"
            rules={[{ required: true, message: t('trace.canteenRequired') }]}
          >
            <OrgUnitTreeSelect
              valueLabel={
                data && data.canteen.id === query?.canteenId
                  ? `${data.canteen.school.name} · ${data.canteen.name}`
                  : undefined
              }
              selectableLevels={['canteen']}
              placeholder={t('trace.canteenPlaceholder')}
              style={{ width: 300 }}
              allowClear={false}
            />
          </Form.Item>
          <Form.Item name="date" rules={[{ required: true }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SearchOutlined />}
              loading={trace.isFetching}
            >
              {t('trace.search')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {!query ? (
        <Card className="section-card">
          <Empty description={t('trace.backwardIntro')} />
        </Card>
      ) : trace.isPending ? (
        <PageLoading />
      ) : trace.isError ? (
        <ErrorAlert error={trace.error} onRetry={() => void trace.refetch()} />
      ) : data && graph ? (
        <>
          <Card
            size="small"
            className="section-card"
            title={t('trace.backwardTitle', {
              canteen: `${data.canteen.school.name} · ${data.canteen.name}`,
              date: data.date,
            })}
            extra={
              <Button
                type="primary"
                icon={<DownloadOutlined />}
                href={apiFileUrl('/trace/backward/export', { ...query })}
              >
                {t('trace.export')}
              </Button>
            }
          >
            <div className="trace-totals">
              <Statistic
                title={t('trace.relations.received')}
                value={data.rows.filter((r) => r.relation === 'received').length}
              />
              <Statistic
                title={t('trace.relations.on_hand')}
                value={data.rows.filter((r) => r.relation === 'on_hand').length}
              />
              <Statistic title={t('trace.suppliers')} value={data.suppliers.length} />
              <Statistic title={t('trace.meals')} value={data.meals.length} />
            </div>
          </Card>
          <div className="table-toolbar" style={{ margin: 0 }}>
            <Segmented
              value={relation}
              onChange={(v) => setRelation(v as Relation)}
              options={[
                { value: 'received', label: t('trace.relations.received') },
                { value: 'on_hand', label: t('trace.relations.on_hand') },
                { value: 'all', label: t('trace.relations.all') },
              ]}
            />
            <span className="muted">{t('trace.relationHint')}</span>
          </div>
          <TraceGraph graph={graph} title={t('trace.graphBackward')} />
          <Card
            size="small"
            className="section-card"
            title={t('trace.batchesTitle', { count: rows.length })}
          >
            <Table<Row>
              rowKey={(r) => r.batch.id}
              size="middle"
              columns={columns}
              dataSource={rows}
              pagination={localPagination(rows.length)}
              scroll={{ x: 1080 }}
              data-testid="backward-rows"
              locale={{ emptyText: t('trace.noBatches') }}
            />
          </Card>
          <Card
            size="small"
            className="section-card"
            title={t('trace.dayMealsTitle', { count: data.meals.length })}
          >
            <TraceMeals meals={data.meals} batchLabel={(id) => batchName.get(id) ?? id} />
            <p className="muted trace-later">{t('trace.laterSections')}</p>
          </Card>
          {data.suppliers
            .filter((s) => supplierIds.has(s.id))
            .map((s) => (
              <TraceSupplierCard key={s.id} supplier={s} />
            ))}
        </>
      ) : null}
    </Space>
  );
}
