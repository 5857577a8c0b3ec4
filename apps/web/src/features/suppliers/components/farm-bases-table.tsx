import { EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFarmBase } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useFarmBases } from '../api/get-farm-bases';
import { FarmBaseFormModal } from './farm-base-form-modal';

type Dialog = { type: 'create' } | { type: 'edit'; farmBase: TFarmBase } | null;

/** A supplier's farm bases (基地); their certificates are among the supplier's documents. */
export function FarmBasesTable({ supplierId, canEdit }: { supplierId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const bases = useFarmBases(supplierId);
  const [dialog, setDialog] = useState<Dialog>(null);

  const columns: TableColumnsType<TFarmBase> = [
    {
      title: t('suppliers.base.name'),
      dataIndex: 'name',
      render: (_, b) => (
        <span className="unit-link">
          <EnvironmentOutlined /> {b.name}
        </span>
      ),
    },
    { title: t('suppliers.base.region'), dataIndex: 'region', width: 200 },
    {
      title: t('suppliers.base.address'),
      dataIndex: 'address',
      responsive: ['lg'],
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('suppliers.base.products'),
      dataIndex: 'products',
      width: 220,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('suppliers.base.location'),
      key: 'location',
      width: 150,
      responsive: ['xl'],
      render: (_, b) =>
        b.latitude !== null && b.longitude !== null ? (
          <span className="tabular">
            {b.latitude.toFixed(2)}, {b.longitude.toFixed(2)}
          </span>
        ) : (
          '—'
        ),
    },
    ...(canEdit
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, b: TFarmBase) => (
              <Button
                type="link"
                size="small"
                onClick={() => setDialog({ type: 'edit', farmBase: b })}
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  if (bases.isError) return <ErrorAlert error={bases.error} onRetry={() => void bases.refetch()} />;

  return (
    <>
      {canEdit && (
        <div className="table-toolbar">
          <span className="muted">{t('suppliers.base.hint')}</span>
          <Button icon={<PlusOutlined />} onClick={() => setDialog({ type: 'create' })}>
            {t('suppliers.base.create')}
          </Button>
        </div>
      )}
      <Table<TFarmBase>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={bases.data ?? []}
        loading={bases.isPending}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="farm-bases-table"
      />
      <FarmBaseFormModal
        open={dialog !== null}
        supplierId={supplierId}
        farmBase={dialog?.type === 'edit' ? dialog.farmBase : undefined}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
