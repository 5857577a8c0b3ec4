import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Input,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SUPPLIER_KINDS, type SupplierKind, type TSupplier } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { useSuppliers, type SupplierListQuery } from '@/lib/supply-lookup';
import { BlacklistModal } from './blacklist-modal';
import { BlacklistTag } from './blacklist-tag';
import { ExpiryTag } from './expiry-tag';
import { SupplierFormModal } from './supplier-form-modal';

type Dialog =
  | { type: 'create' }
  | { type: 'edit'; supplier: TSupplier }
  | { type: 'blacklist'; supplier: TSupplier }
  | null;

/** The platform's supplier register: search, blacklist state, licence state at a glance. */
export function SuppliersTable() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const canWrite = can(user, 'supplier:write');
  const [query, setQuery] = useState<SupplierListQuery>({ page: 1, pageSize: 20 });
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const suppliers = useSuppliers(query);

  const patchQuery = (patch: SupplierListQuery) => setQuery((q) => ({ ...q, page: 1, ...patch }));

  const columns: TableColumnsType<TSupplier> = [
    {
      title: t('suppliers.field.name'),
      key: 'name',
      render: (_, s) => (
        <div className="account-cell">
          <Link to={`/suppliers/${s.id}`} className="account-cell-name">
            {s.name}
          </Link>
          <span className="account-cell-username tabular">{s.creditCode}</span>
        </div>
      ),
    },
    {
      title: t('suppliers.field.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (kind: SupplierKind) => <Tag>{t(`supply.supplierKind.${kind}`)}</Tag>,
    },
    {
      title: t('suppliers.field.contact'),
      key: 'contact',
      width: 170,
      responsive: ['lg'],
      render: (_, s) => (
        <div className="account-cell">
          <span>{s.contactName ?? '—'}</span>
          <span className="account-cell-username tabular">{s.contactPhone ?? ''}</span>
        </div>
      ),
    },
    {
      title: t('suppliers.field.documentState'),
      dataIndex: 'documentState',
      width: 140,
      render: (_, s) => <ExpiryTag state={s.documentState} />,
    },
    {
      title: t('suppliers.field.status'),
      key: 'status',
      width: 130,
      render: (_, s) =>
        s.blacklisted ? (
          <BlacklistTag reason={s.blacklistReason} />
        ) : (
          <Tag color="success">{t('suppliers.normal')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canWrite ? 200 : 90,
      fixed: 'right',
      render: (_, s) => (
        <Space size={0}>
          <Link to={`/suppliers/${s.id}`}>{t('common.view')}</Link>
          {canWrite && (
            <>
              <Button
                type="link"
                size="small"
                onClick={() => setDialog({ type: 'edit', supplier: s })}
              >
                {t('common.edit')}
              </Button>
              <Button
                type="link"
                size="small"
                danger={!s.blacklisted}
                onClick={() => setDialog({ type: 'blacklist', supplier: s })}
              >
                {s.blacklisted ? t('suppliers.lift') : t('suppliers.blacklist')}
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space wrap>
          <Input.Search
            allowClear
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (!e.target.value) patchQuery({ q: undefined });
            }}
            onSearch={(q) => patchQuery({ q: q.trim() || undefined })}
            placeholder={t('suppliers.searchPlaceholder')}
            style={{ width: 280 }}
          />
          <Select
            allowClear
            value={query.kind}
            onChange={(kind?: SupplierKind) => patchQuery({ kind })}
            placeholder={t('suppliers.field.kind')}
            style={{ width: 140 }}
            options={SUPPLIER_KINDS.map((k) => ({
              value: k,
              label: t(`supply.supplierKind.${k}`),
            }))}
          />
          <Segmented
            value={query.blacklisted ?? 'all'}
            onChange={(value) =>
              patchQuery({ blacklisted: value === 'all' ? undefined : (value as 'true' | 'false') })
            }
            options={[
              { value: 'all', label: t('suppliers.filterAll') },
              { value: 'false', label: t('suppliers.normal') },
              { value: 'true', label: t('suppliers.blacklisted') },
            ]}
          />
          <Tooltip title={t('common.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void suppliers.refetch()}
              aria-label={t('common.refresh')}
            />
          </Tooltip>
        </Space>
        {canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ type: 'create' })}
          >
            {t('suppliers.create')}
          </Button>
        )}
      </div>
      {suppliers.isError ? (
        <ErrorAlert error={suppliers.error} onRetry={() => void suppliers.refetch()} />
      ) : (
        <Table<TSupplier>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={suppliers.data?.items ?? []}
          loading={suppliers.isFetching}
          scroll={{ x: 900 }}
          data-testid="suppliers-table"
          rowClassName={(s) => (s.blacklisted ? 'row-blacklisted' : '')}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: suppliers.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
          }}
        />
      )}
      <SupplierFormModal
        open={dialog?.type === 'create' || dialog?.type === 'edit'}
        supplier={dialog?.type === 'edit' ? dialog.supplier : undefined}
        onClose={() => setDialog(null)}
      />
      <BlacklistModal
        supplier={dialog?.type === 'blacklist' ? dialog.supplier : null}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
