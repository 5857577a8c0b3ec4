import { DownloadOutlined, PhoneOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Space,
  Statistic,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { TLotTraceQuery, TRecall } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { apiFileUrl } from '@/lib/api-client';
import { quantityText } from '@/lib/labels';
import { useRecall } from '../api/get-recall';
import { LotSearchForm } from './lot-search-form';
import { TraceStock } from './trace-stock';

type Row = TRecall['canteens'][number];

const roleKey = (role: string) =>
  role === 'principal' || role === 'canteen_manager' ? role : null;

/** 召回: every canteen that received the lot, what it still holds, and whom to call. */
export function RecallPanel({
  query,
  onQuery,
}: {
  query: TLotTraceQuery | null;
  onQuery: (query: TLotTraceQuery) => void;
}) {
  const { t } = useTranslation();
  const recall = useRecall(query);
  const data = recall.data;

  const columns: TableColumnsType<Row> = [
    {
      title: t('trace.canteen'),
      key: 'canteen',
      width: 260,
      render: (_, r) => (
        <div className="account-cell">
          <span className="account-cell-name">
            {r.school.name} · {r.canteen.name}
          </span>
          <span className="account-cell-username">
            {r.county.name}
            {r.school.address ? ` · ${r.school.address}` : ''}
          </span>
        </div>
      ),
    },
    {
      title: t('trace.inStock'),
      key: 'inStock',
      width: 110,
      align: 'right',
      sorter: (a, b) => Number(a.inStock) - Number(b.inStock),
      defaultSortOrder: 'descend',
      render: (_, r) => <TraceStock quantity={r.inStock} unit={r.unit} notBooked={false} />,
    },
    {
      title: t('trace.accepted'),
      key: 'accepted',
      width: 100,
      align: 'right',
      render: (_, r) => quantityText(t, r.accepted, r.unit),
    },
    { title: t('trace.lastDelivery'), dataIndex: 'lastDeliveryDate', width: 110 },
    {
      title: t('trace.contacts'),
      key: 'contacts',
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          {r.contacts.map((c) => {
            const role = roleKey(c.role);
            return (
              <span key={`${c.role}-${c.displayName}`}>
                <Tag>{role ? t(`role.${role}`) : c.role}</Tag>
                {c.displayName}
                {c.phone && (
                  <a href={`tel:${c.phone}`} className="tabular" style={{ marginLeft: 8 }}>
                    <PhoneOutlined /> {c.phone}
                  </a>
                )}
              </span>
            );
          })}
          {(r.canteen.contactPhone || r.school.contactPhone) && (
            <span className="muted">
              {t('trace.unitContact')}：{r.canteen.contactName ?? r.school.contactName ?? '—'}{' '}
              <span className="tabular">{r.canteen.contactPhone ?? r.school.contactPhone}</span>
            </span>
          )}
          {r.contacts.length === 0 && !r.canteen.contactPhone && !r.school.contactPhone && (
            <span className="muted">—</span>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" className="section-card">
        <LotSearchForm value={query} onSearch={onQuery} loading={recall.isFetching} />
      </Card>
      {!query ? (
        <Card className="section-card">
          <Empty description={t('trace.recallIntro')} />
        </Card>
      ) : recall.isPending ? (
        <PageLoading />
      ) : recall.isError ? (
        <ErrorAlert error={recall.error} onRetry={() => void recall.refetch()} />
      ) : data ? (
        <>
          <Alert
            type={data.totals.canteensWithStock > 0 ? 'warning' : 'info'}
            showIcon
            message={t('trace.recallSummary', {
              lot: data.lot.lotCode,
              supplier: data.lot.supplier.name,
              canteens: data.totals.canteens,
              withStock: data.totals.canteensWithStock,
            })}
          />
          <Card
            size="small"
            className="section-card"
            title={t('trace.recallTitle', { lot: data.lot.lotCode })}
            extra={
              <Button
                icon={<DownloadOutlined />}
                href={apiFileUrl('/trace/forward/export', { ...query })}
              >
                {t('trace.export')}
              </Button>
            }
          >
            <div className="trace-totals">
              <Statistic title={t('trace.canteens')} value={data.totals.canteens} />
              <Statistic
                title={t('trace.canteensWithStock')}
                value={data.totals.canteensWithStock}
                valueStyle={{ color: data.totals.canteensWithStock ? '#d46b08' : undefined }}
              />
              <Statistic
                title={t('trace.inStock')}
                value={quantityText(t, data.totals.inStock, data.totals.unit)}
              />
              <Statistic
                title={t('trace.supplierPhone')}
                value={data.lot.supplier.contactPhone ?? '—'}
                formatter={(v) => <span className="tabular">{v}</span>}
              />
            </div>
            <Table<Row>
              rowKey={(r) => r.canteen.id}
              size="middle"
              columns={columns}
              dataSource={data.canteens}
              pagination={false}
              scroll={{ x: 900 }}
              data-testid="recall-canteens"
              locale={{ emptyText: t('trace.noCanteens') }}
            />
          </Card>
        </>
      ) : null}
    </Space>
  );
}
