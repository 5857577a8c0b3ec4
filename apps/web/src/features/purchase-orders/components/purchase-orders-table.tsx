import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Select, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  PURCHASE_ORDER_STATUSES,
  type PurchaseOrderStatus,
  type TPurchaseOrder,
} from '@canteen/shared';
import { CanteenLabel } from '@/components/ui/canteen-label';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCurrentUser } from '@/lib/auth';
import { can, tierOf } from '@/lib/authorization';
import { formatDateTime, formatYuan } from '@/lib/format';
import { quantityText } from '@/lib/labels';
import { useCancelPurchaseOrder } from '../api/cancel-purchase-order';
import { usePurchaseOrders, type PurchaseOrderListQuery } from '../api/get-purchase-orders';
import { OrderStatusTag } from './order-status-tag';
import { PurchaseOrderFormModal } from './purchase-order-form-modal';

type Line = TPurchaseOrder['lines'][number];

/** Purchase orders: a canteen's in its scope, or those addressed to the signed-in supplier. */
export function PurchaseOrdersTable() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const supplierView = tierOf(user) === 'supplier';
  const canWrite = can(user, 'order:write');
  const [query, setQuery] = useState<PurchaseOrderListQuery>({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [cancelling, setCancelling] = useState<TPurchaseOrder | null>(null);
  const [reason, setReason] = useState('');
  const orders = usePurchaseOrders(query);
  const cancel = useCancelPurchaseOrder();
  const patchQuery = (patch: PurchaseOrderListQuery) =>
    setQuery((q) => ({ ...q, page: 1, ...patch }));

  const columns: TableColumnsType<TPurchaseOrder> = [
    {
      title: t('orders.field.code'),
      dataIndex: 'code',
      width: 170,
      render: (v: string) => <span className="tabular">{v}</span>,
    },
    {
      title: t('orders.field.deliveryDate'),
      dataIndex: 'deliveryDate',
      width: 120,
      render: (v: string) => <span className="tabular">{v}</span>,
    },
    {
      title: t('orders.field.canteen'),
      key: 'canteen',
      width: 170,
      render: (_, o) => <CanteenLabel canteen={o.canteen} />,
    },
    ...(supplierView
      ? []
      : [
          {
            title: t('orders.field.supplier'),
            key: 'supplier',
            render: (_: unknown, o: TPurchaseOrder) => o.supplier.name,
          },
        ]),
    {
      title: t('orders.field.lines'),
      key: 'lines',
      width: 80,
      align: 'right',
      render: (_, o) => o.lines.length,
    },
    {
      title: t('orders.field.total'),
      dataIndex: 'totalFen',
      width: 130,
      align: 'right',
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('orders.field.status'),
      dataIndex: 'status',
      width: 100,
      render: (_, o) => <OrderStatusTag status={o.status} />,
    },
    {
      title: t('orders.field.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      responsive: ['xxl'],
      render: (v: string) => <span className="tabular">{formatDateTime(v)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      fixed: 'right',
      render: (_, o) => {
        if (o.status !== 'submitted') return <span className="muted">—</span>;
        if (supplierView && can(user, 'delivery:submit'))
          return (
            <Link to={`/deliveries/new?order=${o.id}`}>
              <SendOutlined /> {t('orders.deliver')}
            </Link>
          );
        if (canWrite)
          return (
            <Button type="link" size="small" danger onClick={() => setCancelling(o)}>
              {t('orders.cancel')}
            </Button>
          );
        return <span className="muted">—</span>;
      },
    },
  ];

  const lineColumns: TableColumnsType<Line> = [
    { title: '#', dataIndex: 'lineNo', width: 48 },
    {
      title: t('orders.field.ingredient'),
      key: 'ingredient',
      render: (_, l) => `${l.ingredient.name}（${l.ingredient.code}）`,
    },
    {
      title: t('orders.field.quantity'),
      key: 'quantity',
      width: 140,
      align: 'right',
      render: (_, l) => quantityText(t, l.quantity, l.unit),
    },
    {
      title: t('orders.field.unitPrice'),
      dataIndex: 'unitPriceFen',
      width: 120,
      align: 'right',
      render: (v: number) => formatYuan(v),
    },
    {
      title: t('orders.field.amount'),
      dataIndex: 'amountFen',
      width: 130,
      align: 'right',
      render: (v: number) => formatYuan(v),
    },
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space wrap>
          {!supplierView && (
            <OrgUnitTreeSelect
              value={query.canteenId}
              onChange={(canteenId) => patchQuery({ canteenId })}
              selectableLevels={['canteen']}
              placeholder={t('orders.filterCanteen')}
              style={{ width: 240 }}
            />
          )}
          <Select
            allowClear
            value={query.status}
            onChange={(status?: PurchaseOrderStatus) => patchQuery({ status })}
            placeholder={t('orders.field.status')}
            style={{ width: 130 }}
            options={PURCHASE_ORDER_STATUSES.map((s) => ({
              value: s,
              label: t(`supply.orderStatus.${s}`),
            }))}
          />
        </Space>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('orders.create')}
          </Button>
        )}
      </div>
      {orders.isError ? (
        <ErrorAlert error={orders.error} onRetry={() => void orders.refetch()} />
      ) : (
        <Table<TPurchaseOrder>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={orders.data?.items ?? []}
          loading={orders.isFetching}
          scroll={{ x: 1000 }}
          data-testid="orders-table"
          expandable={{
            expandedRowRender: (o) => (
              <Table<Line>
                rowKey="id"
                size="small"
                columns={lineColumns}
                dataSource={o.lines}
                pagination={false}
              />
            ),
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: orders.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
          }}
        />
      )}
      {canWrite && <PurchaseOrderFormModal open={creating} onClose={() => setCreating(false)} />}
      <Modal
        open={!!cancelling}
        title={t('orders.cancelTitle', { code: cancelling?.code ?? '' })}
        onCancel={() => setCancelling(null)}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}
        confirmLoading={cancel.isPending}
        destroyOnHidden
        onOk={() =>
          cancelling &&
          cancel.mutate(
            { id: cancelling.id, body: { reason: reason.trim() } },
            {
              onSuccess: () => {
                void message.success(t('orders.cancelled'));
                setCancelling(null);
                setReason('');
              },
              onError: (error) =>
                void message.error(errorText(error, i18n.language, t('common.saveFailed'))),
            },
          )
        }
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('orders.cancelPlaceholder')}
          style={{ marginTop: 12 }}
        />
      </Modal>
    </>
  );
}
