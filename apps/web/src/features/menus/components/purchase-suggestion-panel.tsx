import { ShoppingCartOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Collapse,
  DatePicker,
  Empty,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addDays, type TPurchaseSuggestion } from '@canteen/shared';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { dayjs, formatYuan } from '@/lib/format';
import { quantityText } from '@/lib/labels';
import { useCreateSuggestedOrders } from '../api/create-suggested-orders';
import { useWeekPlanSummary } from '../api/get-plans';
import { usePurchaseSuggestion } from '../api/get-purchase-suggestion';
import './menus.css';

type Group = TPurchaseSuggestion['groups'][number];
type Line = Group['lines'][number];

/**
 * 采购建议: the published plan's demand for a few days (grams × planned headcount, in stock units)
 * minus what is on hand, as one order per contracted supplier, created with one click.
 */
export function PurchaseSuggestionPanel({
  canteenId,
  weekStart,
}: {
  canteenId: string;
  weekStart: string;
}) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const user = useCurrentUser();
  const summary = useWeekPlanSummary(canteenId, weekStart);
  const [range, setRange] = useState<[string, string]>([weekStart, addDays(weekStart, 4)]);
  const [deliveryDate, setDeliveryDate] = useState<string | undefined>();
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const plan = summary.plan;
  const published = plan?.status === 'published';
  const suggestion = usePurchaseSuggestion(published ? plan.id : undefined, {
    from: range[0],
    to: range[1],
    deliveryDate,
  });
  const create = useCreateSuggestedOrders();
  const canOrder = can(user, 'order:write');

  if (summary.isError) return <ErrorAlert error={summary.error} />;
  if (plan === undefined) return <PageLoading />;
  if (!published) {
    return (
      <Card className="section-card">
        <Empty description={plan ? t('menus.purchase.notPublished') : t('menus.purchase.noPlan')} />
      </Card>
    );
  }

  const groups = suggestion.data?.groups ?? [];
  const chosen = groups.filter((g) => !excluded.has(g.supplier.id));

  const createOrders = () => {
    create.mutate(
      chosen.map((g) => g.order),
      {
        onSuccess: (results) => {
          const ok = results.filter((r) => r.ok);
          const failed = results.filter((r) => !r.ok);
          if (ok.length > 0)
            void message.success(
              t('menus.purchase.created', {
                count: ok.length,
                codes: ok.map((r) => (r.ok ? r.order.code : '')).join('、'),
              }),
            );
          if (failed.length > 0) {
            modal.error({
              title: t('menus.purchase.someFailed', { count: failed.length }),
              content: (
                <ul className="plain-list">
                  {failed.map((r) => (
                    <li key={r.supplierId}>
                      {groups.find((g) => g.supplier.id === r.supplierId)?.supplier.name}：
                      {r.ok ? '' : errorText(r.error, i18n.language, t('common.saveFailed'))}
                    </li>
                  ))}
                </ul>
              ),
            });
          }
        },
      },
    );
  };

  const columns: TableColumnsType<Line> = [
    {
      title: t('menus.execution.ingredient'),
      key: 'ingredient',
      render: (_, l) => l.ingredient.name,
    },
    {
      title: t('menus.purchase.demand'),
      dataIndex: 'demand',
      align: 'right',
      render: (v: string, l) => (
        <span className="tabular">{quantityText(t, v, l.ingredient.unit)}</span>
      ),
    },
    {
      title: t('menus.purchase.onHand'),
      dataIndex: 'onHand',
      align: 'right',
      render: (v: string, l) => (
        <span className="tabular muted">{quantityText(t, v, l.ingredient.unit)}</span>
      ),
    },
    {
      title: t('menus.purchase.quantity'),
      dataIndex: 'quantity',
      align: 'right',
      render: (v: string, l) => (
        <strong className="tabular">{quantityText(t, v, l.ingredient.unit)}</strong>
      ),
    },
    {
      title: t('menus.purchase.unitPrice'),
      dataIndex: 'unitPriceFen',
      align: 'right',
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
    {
      title: t('menus.purchase.amount'),
      dataIndex: 'amountFen',
      align: 'right',
      render: (v: number) => <span className="tabular">{formatYuan(v)}</span>,
    },
  ];

  return (
    <div className="purchase-suggestion" data-testid="purchase-suggestion">
      <Card size="small" className="section-card">
        <Space wrap size={16}>
          <span>
            {t('menus.purchase.period')}{' '}
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(range[0]), dayjs(range[1])]}
              minDate={dayjs(weekStart)}
              maxDate={dayjs(addDays(weekStart, 6))}
              onChange={(v) => {
                if (v?.[0] && v[1])
                  setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')]);
              }}
            />
          </span>
          <span>
            {t('menus.purchase.deliveryDate')}{' '}
            <DatePicker
              value={
                deliveryDate
                  ? dayjs(deliveryDate)
                  : suggestion.data
                    ? dayjs(suggestion.data.deliveryDate)
                    : null
              }
              onChange={(v) => setDeliveryDate(v ? v.format('YYYY-MM-DD') : undefined)}
            />
          </span>
          <span className="muted">{t('menus.purchase.basis', { version: plan.version })}</span>
        </Space>
      </Card>
      {suggestion.isError && (
        <ErrorAlert error={suggestion.error} onRetry={() => void suggestion.refetch()} />
      )}
      {!suggestion.data && !suggestion.isError && <PageLoading />}
      {suggestion.data && (
        <>
          {suggestion.data.uncovered.length > 0 && (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              showIcon
              message={t('menus.purchase.uncovered', { count: suggestion.data.uncovered.length })}
              description={suggestion.data.uncovered
                .map(
                  (l) => `${l.ingredient.name} ${quantityText(t, l.quantity, l.ingredient.unit)}`,
                )
                .join('、')}
            />
          )}
          {groups.length === 0 ? (
            <Card className="section-card" style={{ marginTop: 12 }}>
              <Empty description={t('menus.purchase.nothing')} />
            </Card>
          ) : (
            groups.map((group) => (
              <Card
                key={group.supplier.id}
                size="small"
                className="section-card"
                style={{ marginTop: 12 }}
                data-testid="purchase-group"
                title={
                  <Checkbox
                    checked={!excluded.has(group.supplier.id)}
                    onChange={(e) =>
                      setExcluded((current) => {
                        const next = new Set(current);
                        if (e.target.checked) next.delete(group.supplier.id);
                        else next.add(group.supplier.id);
                        return next;
                      })
                    }
                  >
                    {group.supplier.name}
                  </Checkbox>
                }
                extra={
                  <Space>
                    <Tag>{t('menus.purchase.contract', { code: group.contract.code })}</Tag>
                    <strong className="tabular">{formatYuan(group.totalFen)}</strong>
                  </Space>
                }
              >
                <Table<Line>
                  size="small"
                  rowKey={(l) => l.ingredient.id}
                  columns={columns}
                  dataSource={group.lines}
                  pagination={false}
                />
              </Card>
            ))
          )}
          {suggestion.data.covered.length > 0 && (
            <Collapse
              style={{ marginTop: 12 }}
              items={[
                {
                  key: 'covered',
                  label: t('menus.purchase.covered', { count: suggestion.data.covered.length }),
                  children: (
                    <ul className="plain-list">
                      {suggestion.data.covered.map((l) => (
                        <li key={l.ingredient.id}>
                          {l.ingredient.name}：{t('menus.purchase.demand')}{' '}
                          {quantityText(t, l.demand, l.ingredient.unit)}，
                          {t('menus.purchase.onHand')}{' '}
                          {quantityText(t, l.onHand, l.ingredient.unit)}
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]}
            />
          )}
          {canOrder && groups.length > 0 && (
            <div className="purchase-actions">
              <Link to="/purchase-orders">{t('menus.purchase.toOrders')}</Link>
              <Button
                type="primary"
                size="large"
                icon={<ShoppingCartOutlined />}
                disabled={chosen.length === 0}
                loading={create.isPending}
                onClick={createOrders}
              >
                {t('menus.purchase.create', { count: chosen.length })}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
