import { Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TTraceDelivery } from '@canteen/shared';
import { FileLink } from '@/components/ui/file-link';
import { formatDateTime } from '@/lib/format';
import { quantityText } from '@/lib/labels';

/** The movements of a lot into canteens: one delivery line each, with its check and corrections. */
export function TraceDeliveriesTable({ deliveries }: { deliveries: TTraceDelivery[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<TTraceDelivery> = [
    {
      title: t('deliveries.field.code'),
      key: 'code',
      width: 170,
      render: (_, d) => (
        <Link to={`/deliveries/${d.manifestId}`} className="tabular">
          {d.manifestCode}
        </Link>
      ),
    },
    { title: t('deliveries.field.deliveryDate'), dataIndex: 'deliveryDate', width: 110 },
    {
      title: t('manifest.field.quantity'),
      key: 'quantity',
      width: 100,
      align: 'right',
      render: (_, d) => quantityText(t, d.quantity, d.unit),
    },
    {
      title: t('manifest.field.dates'),
      key: 'dates',
      width: 190,
      render: (_, d) => (
        <span className="tabular">
          {d.productionDate} → {d.expiryDate ?? t('manifest.noShelfLife')}
        </span>
      ),
    },
    {
      title: t('acceptance.result'),
      key: 'acceptance',
      render: (_, d) =>
        d.acceptance ? (
          <Space size={4} wrap>
            <Tag color={d.acceptance.decision === 'accept' ? 'success' : 'error'}>
              {d.acceptance.decision === 'accept'
                ? t('acceptance.accepted', {
                    quantity: quantityText(t, d.acceptance.acceptedQuantity, d.unit),
                  })
                : t('acceptance.rejected')}
            </Tag>
            {d.acceptance.temperatureC !== null && (
              <Tag color="cyan">{d.acceptance.temperatureC} °C</Tag>
            )}
            <Tooltip title={formatDateTime(d.acceptance.acceptedAt)}>
              <span className="muted">
                {d.acceptance.inspectors.map((i) => i.displayName).join('、')}
              </span>
            </Tooltip>
          </Space>
        ) : (
          <Tag color="processing">{t('supply.manifestStatus.submitted')}</Tag>
        ),
    },
    {
      title: t('manifest.field.certificates'),
      key: 'certificates',
      width: 220,
      render: (_, d) =>
        d.certificates.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <Space direction="vertical" size={2}>
            {d.certificates.map((c) => (
              <FileLink
                key={c.id}
                path={`/deliveries/${d.manifestId}/files/${c.id}`}
                name={c.name}
                contentType={c.contentType}
              />
            ))}
          </Space>
        ),
    },
    {
      title: t('deliveries.correction.listTitle'),
      key: 'corrections',
      width: 160,
      responsive: ['xl'],
      render: (_, d) =>
        d.corrections.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          d.corrections.map((c) => (
            <Tooltip key={c.createdAt + c.field} title={c.reason}>
              <div className="muted">
                {t(`deliveries.correction.fields.${c.field as 'note'}`, { defaultValue: c.field })}
                ：{c.oldValue ?? '—'} → {c.newValue}
              </div>
            </Tooltip>
          ))
        ),
    },
  ];
  return (
    <Table<TTraceDelivery>
      rowKey="lineId"
      size="small"
      columns={columns}
      dataSource={deliveries}
      pagination={false}
      scroll={{ x: 1000 }}
    />
  );
}
