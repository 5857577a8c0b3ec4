import { KeyOutlined } from '@ant-design/icons';
import { Card, Descriptions, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TLedgerDigest } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatDateTime } from '@/lib/format';
import { useDigests } from '../api/get-digests';
import { usePublicKey } from '../api/get-public-key';

/** The latest signed daily digests of the counties in a unit (one Merkle root per county and day). */
export function DigestsTable({ orgUnitId }: { orgUnitId: string | undefined }) {
  const { t } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const digests = useDigests({ orgUnitId, ...page });

  const columns: TableColumnsType<TLedgerDigest> = [
    {
      title: t('ledger.digests.day'),
      dataIndex: 'day',
      width: 110,
      render: (v: string) => <span className="tabular">{v}</span>,
    },
    {
      title: t('ledger.digests.county'),
      key: 'county',
      width: 150,
      render: (_, d) => d.county.name,
    },
    { title: t('ledger.digests.canteens'), dataIndex: 'canteens', width: 80, align: 'right' },
    {
      title: t('ledger.digests.root'),
      dataIndex: 'root',
      render: (v: string) => (
        <Typography.Text className="mono ledger-hash-short" copyable={{ text: v }} title={v}>
          {v.slice(0, 16)}…
        </Typography.Text>
      ),
    },
    {
      title: t('ledger.digests.keyId'),
      dataIndex: 'keyId',
      width: 170,
      responsive: ['lg'],
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      title: t('ledger.digests.sealedAt'),
      dataIndex: 'createdAt',
      width: 170,
      responsive: ['xl'],
      render: (v: string) => <span className="tabular">{formatDateTime(v)}</span>,
    },
  ];

  if (digests.isError)
    return <ErrorAlert error={digests.error} onRetry={() => void digests.refetch()} />;
  return (
    <Table<TLedgerDigest>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={digests.data?.items ?? []}
      loading={digests.isPending}
      pagination={{
        current: page.page,
        pageSize: page.pageSize,
        total: digests.data?.total ?? 0,
        onChange: (p, size) => setPage({ page: p, pageSize: size }),
        showTotal: (total) => t('common.total', { total }),
      }}
      data-testid="digests-table"
    />
  );
}

/** The public half of the signing key, so that an exported digest can be checked by anyone. */
export function PublicKeyCard() {
  const { t } = useTranslation();
  const key = usePublicKey();
  return (
    <Card
      size="small"
      className="section-card"
      title={
        <span>
          <KeyOutlined /> {t('ledger.digests.publicKey')}
        </span>
      }
    >
      {key.isError ? (
        <ErrorAlert error={key.error} onRetry={() => void key.refetch()} />
      ) : (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'algorithm',
                label: t('ledger.digests.algorithm'),
                children: key.data?.algorithm ?? '—',
              },
              {
                key: 'keyId',
                label: t('ledger.digests.keyId'),
                children: <span className="mono">{key.data?.keyId ?? '—'}</span>,
              },
              {
                key: 'publicKey',
                label: t('ledger.digests.publicKeyValue'),
                children: key.data ? (
                  <Typography.Text className="mono ledger-hash" copyable data-testid="public-key">
                    {key.data.publicKey}
                  </Typography.Text>
                ) : (
                  '—'
                ),
              },
            ]}
          />
          <div className="muted" style={{ fontSize: 13 }}>
            {t('ledger.digests.publicKeyHint')}
          </div>
        </>
      )}
    </Card>
  );
}
