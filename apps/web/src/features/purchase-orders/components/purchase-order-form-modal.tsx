import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
} from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FoodGroup, IngredientUnit } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm } from '@/lib/form-errors';
import { type dayjs, formatYuan, shanghaiToday } from '@/lib/format';
import { unitLabel } from '@/lib/labels';
import { useContracts, useIngredientCatalogue } from '@/lib/supply-lookup';
import { useCreatePurchaseOrder } from '../api/create-purchase-order';

interface LineValues {
  ingredientId?: string;
  quantity?: string;
  unitPrice?: number;
}

interface FormValues {
  canteenId: string;
  supplierId: string;
  deliveryDate: dayjs.Dayjs;
  note?: string;
  lines: LineValues[];
}

/** A canteen's order to a supplier it has an active contract with, for the contract's food groups. */
function PurchaseOrderFormModalBody({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreatePurchaseOrder();
  const canteenId = Form.useWatch('canteenId', form);
  const supplierId = Form.useWatch('supplierId', form);
  const lines = Form.useWatch('lines', form);
  const contracts = useContracts(
    { canteenId, state: 'active', pageSize: 100 },
    { enabled: !!canteenId },
  );
  const catalogue = useIngredientCatalogue();

  const suppliers = useMemo(() => {
    const seen = new Map<string, { id: string; name: string; categories: Set<FoodGroup> }>();
    for (const c of contracts.data?.items ?? []) {
      if (c.supplier.blacklisted) continue;
      const entry = seen.get(c.supplier.id) ?? {
        id: c.supplier.id,
        name: c.supplier.name,
        categories: new Set<FoodGroup>(),
      };
      c.categories.forEach((g) => entry.categories.add(g));
      seen.set(c.supplier.id, entry);
    }
    return [...seen.values()];
  }, [contracts.data]);

  const allowed = suppliers.find((s) => s.id === supplierId)?.categories;
  const ingredients = useMemo(
    () => (catalogue.data?.items ?? []).filter((i) => !allowed || allowed.has(i.category)),
    [catalogue.data, allowed],
  );
  const byId = useMemo(
    () => new Map((catalogue.data?.items ?? []).map((i) => [i.id, i])),
    [catalogue.data],
  );

  const total = (lines ?? []).reduce(
    (sum, line) =>
      sum + Math.round(Number(line?.quantity ?? 0) * Math.round((line?.unitPrice ?? 0) * 100)),
    0,
  );

  const submit = (values: FormValues) => {
    create.mutate(
      {
        canteenId: values.canteenId,
        supplierId: values.supplierId,
        deliveryDate: values.deliveryDate.format('YYYY-MM-DD'),
        note: values.note?.trim() || undefined,
        lines: values.lines.map((line) => ({
          ingredientId: line.ingredientId ?? '',
          quantity: line.quantity ?? '',
          unit: line.ingredientId
            ? (byId.get(line.ingredientId)?.unit as IngredientUnit | undefined)
            : undefined,
          unitPriceFen: Math.round((line.unitPrice ?? 0) * 100),
        })),
      },
      {
        onSuccess: (order) => {
          void message.success(t('orders.created', { code: order.code }));
          onClose();
        },
        onError: (error) => {
          if (!applyApiErrorToForm(form, error, i18n.language))
            void message.error(errorText(error, i18n.language, t('common.saveFailed')));
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('orders.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('orders.submit')}
      confirmLoading={create.isPending}
      width={900}
      destroyOnHidden
      maskClosable={false}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        style={{ marginTop: 16 }}
        initialValues={{ deliveryDate: shanghaiToday().add(1, 'day'), lines: [{}] }}
        onValuesChange={(changed: Partial<FormValues>) => {
          if ('canteenId' in changed) form.setFieldValue('supplierId', undefined);
        }}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="canteenId"
              label={t('orders.field.canteen')}
              rules={[{ required: true, message: t('orders.canteenRequired') }]}
            >
              <OrgUnitTreeSelect
                selectableLevels={['canteen']}
                allowClear={false}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item
              name="supplierId"
              label={t('orders.field.supplier')}
              rules={[{ required: true, message: t('orders.supplierRequired') }]}
              extra={
                canteenId && suppliers.length === 0 && !contracts.isFetching
                  ? t('orders.noContract')
                  : undefined
              }
            >
              <Select
                showSearch
                optionFilterProp="label"
                disabled={!canteenId}
                loading={contracts.isFetching}
                placeholder={
                  canteenId ? t('orders.supplierPlaceholder') : t('orders.pickCanteenFirst')
                }
                options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="deliveryDate"
              label={t('orders.field.deliveryDate')}
              rules={[{ required: true }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <div className="line-editor">
              <div className="line-editor-head line-editor-row po-row">
                <span>{t('orders.field.ingredient')}</span>
                <span>{t('orders.field.quantity')}</span>
                <span>{t('orders.field.unitPrice')}</span>
                <span>{t('orders.field.amount')}</span>
                <span />
              </div>
              {fields.map((field) => {
                const line = lines?.[field.name];
                const ingredient = line?.ingredientId ? byId.get(line.ingredientId) : undefined;
                const amount = Math.round(
                  Number(line?.quantity ?? 0) * Math.round((line?.unitPrice ?? 0) * 100),
                );
                return (
                  <div key={field.key} className="line-editor-row po-row">
                    <Form.Item
                      name={[field.name, 'ingredientId']}
                      rules={[{ required: true, message: t('orders.ingredientRequired') }]}
                    >
                      <Select
                        showSearch
                        optionFilterProp="label"
                        disabled={!supplierId}
                        placeholder={t('orders.ingredientPlaceholder')}
                        options={ingredients.map((i) => ({
                          value: i.id,
                          label: `${i.name}（${i.code}）`,
                        }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'quantity']}
                      rules={[{ required: true, message: t('orders.quantityRequired') }]}
                    >
                      <InputNumber<string>
                        stringMode
                        min="0"
                        precision={ingredient?.unitDecimals}
                        style={{ width: '100%' }}
                        addonAfter={ingredient ? unitLabel(t, ingredient.unit) : undefined}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'unitPrice']}
                      rules={[{ required: true, message: t('orders.priceRequired') }]}
                    >
                      <InputNumber min={0} precision={2} style={{ width: '100%' }} prefix="¥" />
                    </Form.Item>
                    <span className="tabular line-editor-amount">{formatYuan(amount)}</span>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={fields.length === 1}
                      onClick={() => remove(field.name)}
                      aria-label={t('orders.removeLine')}
                    />
                  </div>
                );
              })}
              <div className="line-editor-foot">
                <Button icon={<PlusOutlined />} onClick={() => add({})} disabled={!supplierId}>
                  {t('orders.addLine')}
                </Button>
                <span className="line-editor-total">
                  {t('orders.total')}：<strong className="tabular">{formatYuan(total)}</strong>
                </span>
              </div>
            </div>
          )}
        </Form.List>
        <Form.Item name="note" label={t('orders.field.note')} style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Alert type="info" showIcon message={t('orders.contractNote')} />
      </Form>
    </Modal>
  );
}

export function PurchaseOrderFormModal(props: { open: boolean; onClose: () => void }) {
  const key = useOpenKey(props.open);
  return <PurchaseOrderFormModalBody key={key} {...props} />;
}
