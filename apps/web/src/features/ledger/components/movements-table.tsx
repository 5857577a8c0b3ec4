import { CloseOutlined, LinkOutlined, ReloadOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Select, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MEALS,
  MOVEMENT_KINDS,
  type Meal,
  type MovementKind,
  type TStockMovement,
} from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { useIngredientCatalogue } from '@/lib/supply-lookup';
import { useMovements, type MovementListQuery } from '../api/get-movements';
import { signedYuan } from './ledger-format';
import { MovementDrawer, isReversible } from './movement-drawer';
import { MovementKindTag } from './movement-kind-tag';
import { ReverseModal } from './reverse-modal';
import { SignedQuantity } from './signed-quantity';

export interface MovementFilters {
  kind?: MovementKind;
  meal?: Meal;
  ingredientId?: string;
  batchId?: string;
}

/**
 * The ledger's movements for a period, newest first. A reversed movement is marked 已冲正 and links
 * to its reversal, a reversal links back to what it undoes; both open in the detail drawer.
 */
export function MovementsTable({
  canteenId,
  from,
  to,
  filters,
  onFilters,
  openId,
  onOpen,
}: {
  canteenId: string;
  from: string;
  to: string;
  filters: MovementFilters;
  onFilters: (filters: MovementFilters) => void;
  openId: string | null;
  onOpen: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const canWrite = can(user, 'stock:write');
  const catalogue = useIngredientCatalogue();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [reversing, setReversing] = useState<TStockMovement | null>(null);
  const query: MovementListQuery = { canteenId, from, to, ...filters, ...page };
  const movements = useMovements(query);
  const patch = (next: MovementFilters) => {
    setPage((p) => ({ ...p, page: 1 }));
    onFilters({ ...filters, ...next });
  };

  const columns: TableColumnsType<TStockMovement> = [
    {
      title: t('ledger.field.seq'),
      dataIndex: 'seq',
      width: 64,
      render: (v: number, m) => (
        <Button
          type="link"
          size="small"
          className="tabular ledger-seq"
          onClick={() => onOpen(m.id)}
        >
          #{v}
        </Button>
      ),
    },
    {
      title: t('ledger.field.day'),
      key: 'day',
      width: 110,
      render: (_, m) => (
        <div className="account-cell">
          <span className="tabular">{m.occurredOn}</span>
          {m.meal && <span className="account-cell-username">{t(`ledger.meal.${m.meal}`)}</span>}
        </div>
      ),
    },
    {
      title: t('ledger.field.kind'),
      dataIndex: 'kind',
      width: 104,
      render: (_, m) => <MovementKindTag kind={m.kind} />,
    },
    {
      title: t('ledger.field.ingredient'),
      key: 'ingredient',
      render: (_, m) => (
        <div className="account-cell">
          <span>{m.ingredient.name}</span>
          <span className="account-cell-username mono">{m.batch.lotCode}</span>
        </div>
      ),
    },
    {
      title: t('ledger.movements.quantityAndCost'),
      key: 'quantity',
      align: 'right',
      width: 120,
      render: (_, m) => (
        <div className="ledger-report-cell">
          <SignedQuantity quantity={m.quantity} unit={m.unit} />
          <span className="tabular muted">{signedYuan(m.costFen)}</span>
        </div>
      ),
    },
    {
      title: t('ledger.field.reason'),
      dataIndex: 'reason',
      ellipsis: true,
      responsive: ['xl'],
      render: (v: string | null) => v ?? <span className="muted">—</span>,
    },
    {
      title: t('ledger.movements.link'),
      key: 'link',
      width: 130,
      render: (_, m) =>
        m.reversedById ? (
          <Space size={2} direction="vertical" className="ledger-pair">
            <Tag color="red" icon={<UndoOutlined />} data-testid="reversed-tag">
              {t('ledger.movements.reversed')}
            </Tag>
            <Button type="link" size="small" onClick={() => onOpen(m.reversedById)}>
              {t('ledger.movements.viewReversal')}
            </Button>
          </Space>
        ) : m.reversesId ? (
          <Button
            type="link"
            size="small"
            icon={<LinkOutlined />}
            onClick={() => onOpen(m.reversesId)}
            data-testid="reverses-link"
          >
            {t('ledger.movements.viewOriginal')}
          </Button>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      title: t('ledger.field.createdBy'),
      key: 'by',
      width: 90,
      responsive: ['xxl'],
      render: (_, m) => m.createdBy.name,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canWrite ? 110 : 70,
      render: (_, m) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => onOpen(m.id)}>
            {t('ledger.movements.detail')}
          </Button>
          {canWrite && isReversible(m) && (
            <Button type="link" size="small" danger onClick={() => setReversing(m)}>
              {t('ledger.reverse.action')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space wrap>
          <Select
            allowClear
            value={filters.kind}
            onChange={(kind?: MovementKind) => patch({ kind })}
            placeholder={t('ledger.field.kind')}
            style={{ width: 130 }}
            options={MOVEMENT_KINDS.map((k) => ({ value: k, label: t(`ledger.kind.${k}`) }))}
            data-testid="movement-kind-filter"
          />
          <Select
            allowClear
            value={filters.meal}
            onChange={(meal?: Meal) => patch({ meal })}
            placeholder={t('ledger.field.meal')}
            style={{ width: 110 }}
            options={MEALS.map((m) => ({ value: m, label: t(`ledger.meal.${m}`) }))}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            value={filters.ingredientId}
            onChange={(ingredientId?: string) => patch({ ingredientId })}
            placeholder={t('ledger.field.ingredient')}
            style={{ width: 180 }}
            options={(catalogue.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
          />
          {filters.batchId && (
            <Tag
              closable
              closeIcon={<CloseOutlined />}
              onClose={() => patch({ batchId: undefined })}
              color="blue"
              className="ledger-filter-tag"
            >
              {t('ledger.movements.oneBatch')}
            </Tag>
          )}
        </Space>
        <Tooltip title={t('common.refresh')}>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void movements.refetch()}
            aria-label={t('common.refresh')}
          />
        </Tooltip>
      </div>
      {movements.isError ? (
        <ErrorAlert error={movements.error} onRetry={() => void movements.refetch()} />
      ) : (
        <Table<TStockMovement>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={movements.data?.items ?? []}
          loading={movements.isFetching && !movements.data}
          rowClassName={(m) =>
            [m.reversedById ? 'ledger-row-reversed' : '', m.id === openId ? 'ledger-row-open' : '']
              .filter(Boolean)
              .join(' ')
          }
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: movements.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) =>
              setPage({ page: size === page.pageSize ? p : 1, pageSize: size }),
          }}
          scroll={{ x: 760 }}
          data-testid="movements-table"
        />
      )}
      <MovementDrawer
        movementId={openId}
        onClose={() => onOpen(null)}
        onOpen={onOpen}
        onReverse={setReversing}
      />
      <ReverseModal
        movement={reversing}
        onClose={() => setReversing(null)}
        onReversed={(reversal) => {
          if (openId) onOpen(reversal.id);
        }}
      />
    </>
  );
}
