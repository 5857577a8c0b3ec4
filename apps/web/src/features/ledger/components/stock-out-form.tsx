import {
  DeleteOutlined,
  ExportOutlined,
  PlusOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Result,
  Segmented,
  Select,
  Space,
  Table,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  MEALS,
  ZReason,
  type Meal,
  type TIngredientBalance,
  type TStockMovement,
} from '@canteen/shared';
import { ErrorAlert, errorText } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { formatDate, formatYuan, shanghaiToday } from '@/lib/format';
import { quantityText } from '@/lib/labels';
import { useBookStockOut } from '../api/book-stock-out';
import { useBalances } from '../api/get-balances';
import { BookingDayPicker } from './day-picker';
import { ExpiryTag } from './expiry-tag';
import { currentMeal } from './ledger-format';
import { notAbove, quantityRule } from '@/lib/quantity-rules';
import { QuantityInput } from './quantity-input';
import { useUnitDecimals } from './use-unit-decimals';

interface LineValues {
  ingredientId?: string;
  quantity: string | null;
  mode: 'fifo' | 'picked';
  batchId?: string;
  batchReason?: string;
}

interface Values {
  occurredOn: string;
  meal: Meal;
  lines: LineValues[];
}

const emptyLine = (): LineValues => ({ quantity: null, mode: 'fifo' });

/**
 * What a line may take: the picked batch's quantity, or (first expiry first out) the sum of the
 * batches that have not expired, since expired ones are never issued.
 */
function availableFor(balance: TIngredientBalance | undefined, batchId: string | undefined) {
  if (!balance) return undefined;
  const picked = batchId ? balance.batches.find((b) => b.batchId === batchId) : undefined;
  if (picked) return picked.quantity;
  const milli = balance.batches
    .filter((b) => b.expiryState !== 'expired')
    .reduce((sum, b) => sum + Math.round(Number(b.quantity) * 1000), 0);
  return (milli / 1000).toFixed(3);
}

function LineRow({
  index,
  stock,
  onRemove,
  removable,
}: {
  index: number;
  stock: TIngredientBalance[];
  onRemove: () => void;
  removable: boolean;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<Values>();
  const decimals = useUnitDecimals();
  const ingredientId = Form.useWatch(['lines', index, 'ingredientId'], form) as string | undefined;
  const pick = Form.useWatch(['lines', index, 'mode'], form) === 'picked';
  const batchId = Form.useWatch(['lines', index, 'batchId'], form) as string | undefined;
  const balance = stock.find((s) => s.ingredient.id === ingredientId);
  const available = availableFor(balance, pick ? batchId : undefined);
  const availableText = balance && available ? quantityText(t, available, balance.unit) : '';

  return (
    <div className="ledger-out-line" data-testid={`out-line-${index + 1}`}>
      <span className="accept-line-no">{index + 1}</span>
      <div className="ledger-out-line-body">
        <div className="ledger-out-line-main">
          <Form.Item
            name={[index, 'ingredientId']}
            label={t('ledger.field.ingredient')}
            rules={[{ required: true, message: t('ledger.ingredientRequired') }]}
          >
            <Select
              size="large"
              showSearch
              optionFilterProp="search"
              placeholder={t('ledger.stockOut.ingredientPlaceholder')}
              notFoundContent={
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={t('ledger.stockOut.noStock')}
                />
              }
              options={stock.map((s) => ({
                value: s.ingredient.id,
                search: `${s.ingredient.name} ${s.ingredient.code}`,
                title: s.ingredient.name,
                label: (
                  <span className="ledger-option">
                    <span>{s.ingredient.name}</span>
                    <span className="muted tabular">
                      {t('ledger.stockOut.onHand', {
                        quantity: quantityText(t, s.quantity, s.unit),
                      })}
                    </span>
                  </span>
                ),
              }))}
              onChange={() =>
                form.setFieldValue(['lines', index], {
                  ...form.getFieldValue(['lines', index]),
                  batchId: undefined,
                })
              }
            />
          </Form.Item>
          <Form.Item
            name={[index, 'quantity']}
            label={t('ledger.field.quantity')}
            rules={[
              { required: true, message: t('ledger.quantityRequired') },
              notAbove(available, t('ledger.overStock', { quantity: availableText })),
              quantityRule(t, ingredientId ? decimals(ingredientId) : 3),
            ]}
            extra={
              balance ? t('ledger.stockOut.available', { quantity: availableText }) : undefined
            }
          >
            <QuantityInput
              unit={balance?.unit}
              decimals={ingredientId ? decimals(ingredientId) : 3}
            />
          </Form.Item>
          <Form.Item name={[index, 'mode']} label={t('ledger.stockOut.pickBatch')}>
            <Segmented
              block
              size="large"
              options={[
                { value: 'fifo', label: t('ledger.stockOut.fifo') },
                { value: 'picked', label: t('ledger.stockOut.picked') },
              ]}
            />
          </Form.Item>
        </div>
        {pick && (
          <div className="ledger-out-line-pick">
            <Form.Item
              name={[index, 'batchId']}
              label={t('ledger.stockOut.batch')}
              rules={[{ required: true, message: t('ledger.stockOut.batchRequired') }]}
            >
              <Select
                size="large"
                placeholder={t('ledger.stockOut.batchPlaceholder')}
                disabled={!balance}
                options={(balance?.batches ?? []).map((b) => ({
                  value: b.batchId,
                  disabled: b.expiryState === 'expired',
                  label: (
                    <span className="ledger-option">
                      <span className="mono">{b.lotCode}</span>
                      {/* Lots of a month's milling share a code: the day received tells them apart. */}
                      <span className="tabular muted">
                        {t('ledger.stockOut.receivedOn', { day: formatDate(b.receivedAt) })}
                      </span>
                      <span className="tabular">{quantityText(t, b.quantity, b.unit)}</span>
                      <ExpiryTag state={b.expiryState} daysToExpiry={b.daysToExpiry} />
                    </span>
                  ),
                }))}
              />
            </Form.Item>
            <Form.Item
              name={[index, 'batchReason']}
              label={t('ledger.stockOut.batchReason')}
              rules={[zodRule(ZReason)]}
            >
              <Input
                size="large"
                maxLength={500}
                placeholder={t('ledger.stockOut.batchReasonPlaceholder')}
              />
            </Form.Item>
          </div>
        )}
      </div>
      {removable && (
        <Button
          type="text"
          danger
          size="large"
          icon={<DeleteOutlined />}
          onClick={onRemove}
          aria-label={t('ledger.stockOut.removeLine')}
          className="ledger-out-line-remove"
        />
      )}
    </div>
  );
}

function StockOutResult({
  movements,
  values,
  canteenId,
  onAgain,
}: {
  movements: TStockMovement[];
  values: Values;
  canteenId: string;
  onAgain: () => void;
}) {
  const { t } = useTranslation();
  const total = movements.reduce((sum, m) => sum + m.costFen, 0);
  const columns: TableColumnsType<TStockMovement> = [
    { title: t('ledger.field.ingredient'), key: 'ingredient', render: (_, m) => m.ingredient.name },
    {
      title: t('ledger.field.lot'),
      key: 'lot',
      render: (_, m) => <span className="mono">{m.batch.lotCode}</span>,
    },
    {
      title: t('ledger.field.expiryDate'),
      key: 'expiry',
      render: (_, m) => <span className="tabular">{m.batch.expiryDate ?? '—'}</span>,
    },
    {
      title: t('ledger.stockOut.taken'),
      key: 'quantity',
      align: 'right',
      render: (_, m) => (
        <b className="tabular">{quantityText(t, m.quantity.replace(/^-/, ''), m.unit)}</b>
      ),
    },
    {
      title: t('ledger.field.cost'),
      key: 'cost',
      align: 'right',
      render: (_, m) => <span className="tabular">{formatYuan(Math.abs(m.costFen))}</span>,
    },
  ];
  return (
    <Card className="section-card" data-testid="stock-out-result">
      <Result
        status="success"
        title={t('ledger.stockOut.done', {
          day: values.occurredOn,
          meal: t(`ledger.meal.${values.meal}`),
        })}
        subTitle={t('ledger.stockOut.doneText', { count: movements.length })}
        extra={[
          <Button key="again" type="primary" size="large" icon={<PlusOutlined />} onClick={onAgain}>
            {t('ledger.stockOut.again')}
          </Button>,
          <Link key="ledger" to={`/ledger/movements?canteenId=${canteenId}`}>
            <Button size="large" icon={<UnorderedListOutlined />}>
              {t('ledger.stockOut.viewLedger')}
            </Button>
          </Link>,
        ]}
      />
      <Table<TStockMovement>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={movements}
        pagination={false}
        data-testid="stock-out-taken"
        summary={() => (
          <Table.Summary.Row className="table-summary">
            <Table.Summary.Cell index={0} colSpan={4}>
              {t('ledger.stockOut.totalCost')}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              <span className="tabular">{formatYuan(Math.abs(total))}</span>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </Card>
  );
}

/**
 * 出库 on the kitchen tablet: the day and meal, then ingredient lines with quantities. Each line is
 * taken first-expiry-first-out unless a batch is picked with a reason; the answer shows the
 * batches taken.
 */
export function StockOutForm({
  canteenId,
  initialBatchId,
}: {
  canteenId: string;
  initialBatchId?: string;
}) {
  const { t, i18n } = useTranslation();
  const balances = useBalances(canteenId);
  const book = useBookStockOut();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<{ movements: TStockMovement[]; values: Values } | null>(
    null,
  );
  const stock = useMemo(
    () => (balances.data ?? []).filter((s) => Number(s.quantity) > 0),
    [balances.data],
  );

  if (balances.isPending) return <PageLoading />;
  if (balances.isError)
    return <ErrorAlert error={balances.error} onRetry={() => void balances.refetch()} />;

  if (result)
    return (
      <StockOutResult
        movements={result.movements}
        values={result.values}
        canteenId={canteenId}
        onAgain={() => setResult(null)}
      />
    );

  const preset = initialBatchId
    ? stock.find((s) => s.batches.some((b) => b.batchId === initialBatchId))
    : undefined;
  const initialValues: Values = {
    occurredOn: shanghaiToday().format('YYYY-MM-DD'),
    meal: currentMeal(),
    lines: [
      preset && initialBatchId
        ? {
            ingredientId: preset.ingredient.id,
            quantity: null,
            mode: 'picked',
            batchId: initialBatchId,
          }
        : emptyLine(),
    ],
  };

  const submit = (values: Values) => {
    setFailure(null);
    book.mutate(
      {
        canteenId,
        occurredOn: values.occurredOn,
        meal: values.meal,
        lines: values.lines.map((line) => ({
          ingredientId: line.ingredientId ?? '',
          quantity: line.quantity ?? '',
          batchId: line.mode === 'picked' ? line.batchId : undefined,
          batchReason: line.mode === 'picked' ? line.batchReason?.trim() : undefined,
        })),
      },
      {
        onSuccess: (movements) => setResult({ movements, values }),
        onError: (error) => {
          applyApiErrorToForm(form, error, i18n.language);
          setFailure(errorText(error, i18n.language, t('common.saveFailed')));
        },
      },
    );
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={initialValues}
      onFinish={submit}
      onFinishFailed={() => setFailure(t('ledger.fixErrors'))}
      scrollToFirstError={{ block: 'center' }}
      className="ledger-out-form"
    >
      <Card className="section-card">
        <div className="ledger-out-head">
          <Form.Item name="occurredOn" label={t('ledger.field.day')} rules={[{ required: true }]}>
            <BookingDayPicker id="stock-out-day" />
          </Form.Item>
          <Form.Item name="meal" label={t('ledger.field.meal')} rules={[{ required: true }]}>
            <Segmented
              block
              size="large"
              className="ledger-meal-switch"
              options={MEALS.map((m) => ({ value: m, label: t(`ledger.meal.${m}`) }))}
            />
          </Form.Item>
        </div>
      </Card>
      {stock.length === 0 ? (
        <Card className="section-card" style={{ marginTop: 12 }}>
          <Empty description={t('ledger.stockOut.noStock')} />
        </Card>
      ) : (
        <Card
          className="section-card"
          style={{ marginTop: 12 }}
          title={t('ledger.stockOut.linesTitle')}
        >
          <Alert
            type="info"
            showIcon
            message={t('ledger.stockOut.fifoHint')}
            style={{ marginBottom: 12 }}
          />
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <Space direction="vertical" size={10} style={{ width: '100%' }}>
                {fields.map((field) => (
                  <LineRow
                    key={field.key}
                    index={field.name}
                    stock={stock}
                    removable={fields.length > 1}
                    onRemove={() => remove(field.name)}
                  />
                ))}
                <Button
                  size="large"
                  block
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add(emptyLine())}
                  className="touch-button"
                >
                  {t('ledger.stockOut.addLine')}
                </Button>
              </Space>
            )}
          </Form.List>
          {failure && (
            <Alert
              type="error"
              showIcon
              message={failure}
              style={{ marginTop: 12 }}
              data-testid="stock-out-error"
            />
          )}
          <Button
            type="primary"
            size="large"
            htmlType="submit"
            block
            icon={book.isPending ? undefined : <ExportOutlined />}
            loading={book.isPending}
            className="acceptance-submit"
            style={{ marginTop: 16 }}
          >
            {t('ledger.stockOut.submit')}
          </Button>
        </Card>
      )}
    </Form>
  );
}
