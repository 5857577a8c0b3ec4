import { AuditOutlined, EditOutlined, WarningFilled } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Space,
  Table,
  Tag,
  Tooltip,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type {
  TManifestDetail,
  TManifestLine,
  TStockBatch,
  TDeliveryCorrection,
} from '@canteen/shared';
import { ColdChainTag } from '@/components/ui/cold-chain-tag';
import { FileLink } from '@/components/ui/file-link';
import { useCurrentUser } from '@/lib/auth';
import { useCanteenSchool } from '@/lib/canteen-school';
import { can } from '@/lib/authorization';
import { formatDateTime, formatYuan } from '@/lib/format';
import { quantityText } from '@/lib/labels';
import { CorrectionModal } from './correction-modal';
import { ManifestStatusTag } from './manifest-status-tag';

type Acceptance = NonNullable<TManifestDetail['acceptance']>;
type AcceptanceLine = Acceptance['lines'][number];

/** A delivery as recorded: header, lines with their certificates, the check, the batches, corrections. */
export function DeliveryDetail({ delivery }: { delivery: TManifestDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [correcting, setCorrecting] = useState(false);
  const canAccept = can(user, 'delivery:accept');
  const checks = new Map<string, AcceptanceLine>(
    (delivery.acceptance?.lines ?? []).map((line) => [line.deliveryLineId, line]),
  );
  const lineNos = new Map(delivery.lines.map((l) => [l.id, l]));
  const school = useCanteenSchool(delivery.canteen.id);
  const missing = delivery.lines.filter((l) => l.missingQuarantineCertificate);

  const lineColumns: TableColumnsType<TManifestLine> = [
    { title: '#', dataIndex: 'lineNo', width: 44 },
    {
      title: t('manifest.field.ingredient'),
      key: 'ingredient',
      width: 230,
      render: (_, l) => (
        <div className="account-cell">
          <span className="account-cell-name">
            {l.ingredient.name}{' '}
            {l.ingredient.coldChain !== 'ambient' && (
              <ColdChainTag coldChain={l.ingredient.coldChain} />
            )}
          </span>
          <span className="account-cell-username">
            {l.ingredient.code}
            {l.farmBase ? ` · ${l.farmBase.name}` : ''}
          </span>
        </div>
      ),
    },
    {
      title: t('manifest.field.lotCode'),
      key: 'lot',
      width: 200,
      render: (_, l) => (
        <div className="account-cell">
          <span className="tabular account-cell-name">{l.lotCode}</span>
          <span className="account-cell-username tabular">
            {l.productionDate} → {l.expiryDate ?? t('manifest.noShelfLife')}
          </span>
        </div>
      ),
    },
    {
      title: t('manifest.field.quantity'),
      key: 'quantity',
      width: 100,
      align: 'right',
      render: (_, l) => quantityText(t, l.quantity, l.unit),
    },
    {
      title: t('manifest.field.unitPrice'),
      dataIndex: 'unitPriceFen',
      width: 100,
      align: 'right',
      responsive: ['xxl'],
      render: (v: number) => formatYuan(v),
    },
    {
      title: t('manifest.field.amount'),
      dataIndex: 'amountFen',
      width: 110,
      align: 'right',
      render: (v: number) => formatYuan(v),
    },
    ...(delivery.acceptance
      ? [
          {
            title: t('acceptance.result'),
            key: 'check',
            width: 220,
            render: (_: unknown, l: TManifestLine) => {
              const check = checks.get(l.id);
              if (!check) return '—';
              return (
                <div className="account-cell">
                  <span>
                    {check.decision === 'accept' ? (
                      <Tag color="success">
                        {t('acceptance.accepted', {
                          quantity: quantityText(t, check.acceptedQuantity, l.unit),
                        })}
                      </Tag>
                    ) : (
                      <Tag color="error">{t('acceptance.rejected')}</Tag>
                    )}
                    {check.temperatureC !== null && (
                      <Tag color={check.temperatureInRange === false ? 'error' : 'cyan'}>
                        {check.temperatureC} °C
                      </Tag>
                    )}
                  </span>
                  {check.reason && <span className="account-cell-username">{check.reason}</span>}
                  {check.photoIds.length > 0 && (
                    <Space size={6} wrap>
                      {check.photoIds.map((id, i) => (
                        <FileLink
                          key={id}
                          path={`/deliveries/${delivery.id}/files/${id}`}
                          name={t('acceptance.photoN', { n: i + 1 })}
                          contentType="image/jpeg"
                        />
                      ))}
                    </Space>
                  )}
                </div>
              );
            },
          },
        ]
      : []),
    // After the acceptance result: once a delivery is checked, what was accepted matters most, and
    // on a kitchen tablet the last column is the one that scrolls out of view.
    {
      title: t('manifest.field.certificates'),
      key: 'certificates',
      width: 220,
      render: (_, l) => (
        <Space direction="vertical" size={2}>
          {l.certificates.map((c) => (
            <FileLink
              key={c.id}
              path={`/deliveries/${delivery.id}/files/${c.id}`}
              name={c.originalName}
              contentType={c.contentType}
            />
          ))}
          {l.missingQuarantineCertificate && (
            <Tag color="error" icon={<WarningFilled />}>
              {t('manifest.missingQuarantine')}
            </Tag>
          )}
          {l.certificates.length === 0 && !l.missingQuarantineCertificate && (
            <span className="muted">—</span>
          )}
        </Space>
      ),
    },
  ];

  const batchColumns: TableColumnsType<TStockBatch> = [
    {
      title: t('manifest.field.lotCode'),
      dataIndex: 'lotCode',
      render: (v: string) => <span className="tabular">{v}</span>,
    },
    {
      title: t('manifest.field.ingredient'),
      key: 'ingredient',
      render: (_, b) => lineNos.get(b.deliveryLineId)?.ingredient.name ?? '—',
    },
    {
      title: t('deliveries.batch.quantity'),
      key: 'quantity',
      align: 'right',
      render: (_, b) => quantityText(t, b.quantity, b.unit),
    },
    {
      title: t('manifest.field.expiryDate'),
      dataIndex: 'expiryDate',
      render: (v: string | null) => v ?? t('manifest.noShelfLife'),
    },
    {
      title: t('deliveries.batch.receivedAt'),
      dataIndex: 'receivedAt',
      render: (v: string) => <span className="tabular">{formatDateTime(v)}</span>,
    },
  ];

  const correctionColumns: TableColumnsType<TDeliveryCorrection> = [
    {
      title: t('common.time'),
      dataIndex: 'createdAt',
      width: 170,
      render: (v: string) => <span className="tabular">{formatDateTime(v)}</span>,
    },
    {
      title: t('deliveries.correction.line'),
      dataIndex: 'lineNo',
      width: 80,
      render: (v: number | null) => (v === null ? '—' : `#${v}`),
    },
    {
      title: t('deliveries.correction.field'),
      dataIndex: 'field',
      width: 120,
      render: (_, c) => t(`deliveries.correction.fields.${c.field}`),
    },
    {
      title: t('deliveries.correction.change'),
      key: 'change',
      render: (_, c) => (
        <span className="status-change">
          <span className="muted" style={{ textDecoration: 'line-through' }}>
            {c.oldValue ?? '—'}
          </span>
          →<strong>{c.newValue}</strong>
        </span>
      ),
    },
    { title: t('common.reason'), dataIndex: 'reason' },
    { title: t('common.operator'), key: 'by', width: 100, render: (_, c) => c.createdBy.name },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {missing.length > 0 && (
        <Alert
          type="error"
          showIcon
          message={t('manifest.missingQuarantineBanner', { count: missing.length })}
        />
      )}
      <Card
        size="small"
        className="section-card"
        title={t('deliveries.detailTitle')}
        extra={
          delivery.status === 'submitted' && canAccept ? (
            <Button
              type="primary"
              size="large"
              icon={<AuditOutlined />}
              onClick={() => void navigate(`/deliveries/${delivery.id}/accept`)}
            >
              {t('deliveries.startAcceptance')}
            </Button>
          ) : undefined
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            {
              key: 'status',
              label: t('deliveries.field.status'),
              children: <ManifestStatusTag status={delivery.status} />,
            },
            {
              key: 'supplier',
              label: t('deliveries.field.supplier'),
              children: delivery.supplier.name,
            },
            {
              key: 'canteen',
              label: t('deliveries.field.canteen'),
              children: school ? `${school} · ${delivery.canteen.name}` : delivery.canteen.name,
            },
            {
              key: 'date',
              label: t('deliveries.field.deliveryDate'),
              children: delivery.deliveryDate,
            },
            {
              key: 'order',
              label: t('deliveries.field.order'),
              children: delivery.purchaseOrder?.code ?? '—',
            },
            {
              key: 'source',
              label: t('deliveries.field.source'),
              children: t(`supply.manifestSource.${delivery.source}`),
            },
            {
              key: 'submitted',
              label: t('deliveries.field.submittedAt'),
              children: formatDateTime(delivery.createdAt),
            },
            {
              key: 'accepted',
              label: t('deliveries.field.acceptedAt'),
              children: formatDateTime(delivery.acceptedAt),
            },
            {
              key: 'total',
              label: t('deliveries.field.total'),
              children: <strong className="tabular">{formatYuan(delivery.totalFen)}</strong>,
            },
            {
              key: 'retain',
              label: (
                <Tooltip title={t('deliveries.retainHint')}>
                  <span>{t('deliveries.field.retainUntil')}</span>
                </Tooltip>
              ),
              children: delivery.retainUntil ?? '—',
            },
            {
              key: 'note',
              label: t('manifest.field.note'),
              children: delivery.note ?? '—',
              span: 'filled',
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        className="section-card"
        title={t('deliveries.linesTitle', { count: delivery.lines.length })}
      >
        <Table<TManifestLine>
          rowKey="id"
          size="middle"
          columns={lineColumns}
          dataSource={delivery.lines}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="delivery-lines"
        />
      </Card>
      {delivery.acceptance && (
        <Card
          size="small"
          className="section-card"
          title={t('acceptance.recordTitle')}
          data-testid="acceptance-record"
        >
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              {
                key: 'inspectors',
                label: t('acceptance.inspectors'),
                children: (
                  <Space size={4} wrap>
                    {delivery.acceptance.inspectors.map((i) => (
                      <Tag key={i.id} color="blue">
                        {i.name}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              {
                key: 'at',
                label: t('acceptance.at'),
                children: formatDateTime(delivery.acceptance.acceptedAt),
              },
              {
                key: 'note',
                label: t('acceptance.note'),
                children: delivery.acceptance.note ?? '—',
              },
            ]}
          />
        </Card>
      )}
      {delivery.batches.length > 0 && (
        <Card size="small" className="section-card" title={t('deliveries.batch.title')}>
          <Table<TStockBatch>
            rowKey="id"
            size="small"
            columns={batchColumns}
            dataSource={delivery.batches}
            pagination={false}
            scroll={{ x: 720 }}
          />
        </Card>
      )}
      {(delivery.corrections.length > 0 || (canAccept && delivery.status !== 'submitted')) && (
        <Card
          size="small"
          className="section-card"
          title={t('deliveries.correction.listTitle')}
          extra={
            canAccept && delivery.status !== 'submitted' ? (
              <Button icon={<EditOutlined />} onClick={() => setCorrecting(true)}>
                {t('deliveries.correction.create')}
              </Button>
            ) : undefined
          }
        >
          <Table<TDeliveryCorrection>
            rowKey="id"
            size="small"
            columns={correctionColumns}
            dataSource={delivery.corrections}
            pagination={false}
            scroll={{ x: 860 }}
            locale={{ emptyText: t('deliveries.correction.none') }}
          />
        </Card>
      )}
      {canAccept && (
        <CorrectionModal
          open={correcting}
          delivery={delivery}
          onClose={() => setCorrecting(false)}
        />
      )}
    </Space>
  );
}
