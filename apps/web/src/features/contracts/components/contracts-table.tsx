import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CONTRACT_STATES, type ContractState, type TContract } from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCurrentUser } from '@/lib/auth';
import { can, tierOf } from '@/lib/authorization';
import { foodGroupLabel } from '@/lib/labels';
import { useContracts, type ContractListQuery } from '@/lib/supply-lookup';
import { ContractFormModal } from './contract-form-modal';
import { ContractStateTag } from './contract-state-tag';
import { EndContractModal } from './end-contract-modal';

/** Supply contracts in the user's scope, or of one supplier (its page) — suppliers see their own. */
export function ContractsTable({ supplierId }: { supplierId?: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const supplierView = tierOf(user) === 'supplier';
  const canWrite = can(user, 'contract:write');
  const [query, setQuery] = useState<ContractListQuery>({ page: 1, pageSize: 20, supplierId });
  const [creating, setCreating] = useState(false);
  const [ending, setEnding] = useState<TContract | null>(null);
  const contracts = useContracts(query);
  const patchQuery = (patch: ContractListQuery) => setQuery((q) => ({ ...q, page: 1, ...patch }));

  const columns: TableColumnsType<TContract> = [
    {
      title: t('contracts.field.code'),
      dataIndex: 'code',
      width: 180,
      render: (v: string, c) => (
        <div className="account-cell">
          <span className="tabular account-cell-name">{v}</span>
          {c.amendsId && <span className="account-cell-username">{t('contracts.amendment')}</span>}
        </div>
      ),
    },
    ...(supplierView || supplierId
      ? []
      : [
          {
            title: t('contracts.field.supplier'),
            key: 'supplier',
            width: 200,
            render: (_: unknown, c: TContract) => (
              <Space size={4} wrap>
                {can(user, 'supplier:read') ? (
                  <Link to={`/suppliers/${c.supplier.id}`}>{c.supplier.name}</Link>
                ) : (
                  c.supplier.name
                )}
                {c.supplier.blacklisted && <Tag color="red">{t('suppliers.blacklisted')}</Tag>}
              </Space>
            ),
          },
        ]),
    {
      title: t('contracts.field.schoolAndCanteens'),
      key: 'school',
      render: (_, c) => (
        <div className="account-cell">
          <span className="account-cell-name">{c.school.name}</span>
          <span className="account-cell-username">{c.canteens.map((x) => x.name).join('、')}</span>
        </div>
      ),
    },
    {
      title: t('contracts.field.categories'),
      dataIndex: 'categories',
      width: 200,
      render: (_, c) => (
        <Space size={[0, 4]} wrap>
          {c.categories.map((g) => (
            <Tag key={g} color="geekblue">
              {foodGroupLabel(t, g)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('contracts.field.validity'),
      key: 'validity',
      width: 180,
      render: (_, c) => (
        <Tooltip title={c.endReason ?? undefined}>
          <span className="tabular">
            {c.validFrom} ~ {c.endedOn ?? c.validTo}
          </span>
        </Tooltip>
      ),
    },
    {
      title: t('contracts.field.state'),
      dataIndex: 'state',
      width: 90,
      render: (_, c) => <ContractStateTag state={c.state} />,
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            fixed: 'right' as const,
            render: (_: unknown, c: TContract) =>
              c.state === 'active' || c.state === 'pending' ? (
                <Button type="link" size="small" danger onClick={() => setEnding(c)}>
                  {t('contracts.end')}
                </Button>
              ) : (
                <span className="muted">—</span>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space wrap>
          {!supplierView && (
            <OrgUnitTreeSelect
              value={query.schoolId}
              onChange={(schoolId) => patchQuery({ schoolId })}
              selectableLevels={['school']}
              maxLevel="school"
              placeholder={t('contracts.filterSchool')}
              style={{ width: 240 }}
            />
          )}
          <Select
            allowClear
            value={query.state}
            onChange={(state?: ContractState) => patchQuery({ state })}
            placeholder={t('contracts.field.state')}
            style={{ width: 130 }}
            options={CONTRACT_STATES.map((s) => ({
              value: s,
              label: t(`supply.contractState.${s}`),
            }))}
          />
        </Space>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('contracts.create')}
          </Button>
        )}
      </div>
      {contracts.isError ? (
        <ErrorAlert error={contracts.error} onRetry={() => void contracts.refetch()} />
      ) : (
        <Table<TContract>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={contracts.data?.items ?? []}
          loading={contracts.isFetching}
          scroll={{ x: 1060 }}
          data-testid="contracts-table"
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: contracts.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
          }}
        />
      )}
      {canWrite && (
        <>
          <ContractFormModal
            open={creating}
            supplierId={supplierId}
            onClose={() => setCreating(false)}
          />
          <EndContractModal contract={ending} onClose={() => setEnding(null)} />
        </>
      )}
    </>
  );
}
