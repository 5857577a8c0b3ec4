import { WarningOutlined } from '@ant-design/icons';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ZReason, type TIngredient } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { dayjs, shanghaiToday } from '@/lib/format';
import { foodGroupLabel } from '@/lib/labels';
import { useIngredientCatalogue, useSuppliers } from '@/lib/supply-lookup';
import { useBookManualStockIn } from '../api/book-manual-stock-in';
import { BookingDayPicker } from './day-picker';
import { yuanToFen } from './ledger-format';
import { quantityRule } from '@/lib/quantity-rules';
import { QuantityInput } from './quantity-input';

interface Values {
  ingredientId?: string;
  quantity: string | null;
  unitPriceYuan: string | null;
  supplierId?: string;
  lotCode?: string;
  productionDate: dayjs.Dayjs;
  expiryDate: dayjs.Dayjs | null;
  occurredOn: string;
  reason: string;
}

/** 无送货单入库: the exception (bought at the market in an emergency), flagged for the supervisors. */
export function ManualStockInModal({
  canteenId,
  open,
  onClose,
}: {
  canteenId: string;
  open: boolean;
  onClose: () => void;
}) {
  const key = useOpenKey(open);
  return <ManualStockInDialog key={key} canteenId={canteenId} open={open} onClose={onClose} />;
}

function ManualStockInDialog({
  canteenId,
  open,
  onClose,
}: {
  canteenId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const catalogue = useIngredientCatalogue();
  const [supplierSearch, setSupplierSearch] = useState('');
  const suppliers = useSuppliers({ q: supplierSearch || undefined, pageSize: 50 });
  const book = useBookManualStockIn();
  const [failure, setFailure] = useState<string | null>(null);
  const ingredientId = Form.useWatch('ingredientId', form);
  const ingredient: TIngredient | undefined = catalogue.data?.items.find(
    (i) => i.id === ingredientId,
  );

  const expiryFor = (item: TIngredient | undefined, production: dayjs.Dayjs | undefined) =>
    item?.shelfLifeDays && production ? production.add(item.shelfLifeDays, 'day') : null;

  const submit = (values: Values) => {
    if (!values.ingredientId || !values.quantity || values.unitPriceYuan === null) return;
    setFailure(null);
    book.mutate(
      {
        canteenId,
        ingredientId: values.ingredientId,
        supplierId: values.supplierId,
        lotCode: values.lotCode?.trim() || undefined,
        quantity: values.quantity,
        unitPriceFen: yuanToFen(values.unitPriceYuan),
        productionDate: values.productionDate.format('YYYY-MM-DD'),
        expiryDate: values.expiryDate ? values.expiryDate.format('YYYY-MM-DD') : null,
        occurredOn: values.occurredOn,
        reason: values.reason.trim(),
      },
      {
        onSuccess: () => {
          void message.success(t('ledger.manual.done'));
          onClose();
        },
        onError: (error) => {
          if (!applyApiErrorToForm(form, error, i18n.language))
            setFailure(errorText(error, i18n.language, t('common.saveFailed')));
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={
        <span className="ledger-exception-title">
          <WarningOutlined /> {t('ledger.manual.title')}
        </span>
      }
      okText={t('ledger.manual.submit')}
      okButtonProps={{ size: 'large', loading: book.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={680}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        message={t('ledger.manual.warning')}
        style={{ marginBottom: 16 }}
      />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          quantity: null,
          unitPriceYuan: null,
          productionDate: shanghaiToday(),
          expiryDate: null,
          occurredOn: shanghaiToday().format('YYYY-MM-DD'),
          reason: '',
        }}
        onValuesChange={(changed: Partial<Values>, all) => {
          if ('ingredientId' in changed || 'productionDate' in changed) {
            const item = catalogue.data?.items.find((i) => i.id === all.ingredientId);
            form.setFieldValue('expiryDate', expiryFor(item, all.productionDate));
          }
        }}
        onFinish={submit}
      >
        <div className="ledger-form-grid">
          <Form.Item
            name="ingredientId"
            label={t('ledger.field.ingredient')}
            rules={[{ required: true, message: t('ledger.ingredientRequired') }]}
          >
            <Select
              size="large"
              showSearch
              optionFilterProp="label"
              loading={catalogue.isPending}
              placeholder={t('ledger.ingredientPlaceholder')}
              options={(catalogue.data?.items ?? []).map((i) => ({
                value: i.id,
                label: `${i.name}（${i.code}）`,
                title: `${i.name} · ${foodGroupLabel(t, i.category)}`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="quantity"
            label={t('ledger.field.quantity')}
            rules={[
              { required: true, message: t('ledger.quantityRequired') },
              quantityRule(t, ingredient?.unitDecimals ?? 3),
            ]}
          >
            <QuantityInput unit={ingredient?.unit} decimals={ingredient?.unitDecimals ?? 3} />
          </Form.Item>
          <Form.Item
            name="unitPriceYuan"
            label={t('ledger.manual.unitPrice')}
            rules={[{ required: true, message: t('ledger.manual.priceRequired') }]}
          >
            <InputNumber<string>
              stringMode
              size="large"
              min="0"
              precision={2}
              prefix="¥"
              inputMode="decimal"
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item name="supplierId" label={t('ledger.manual.supplier')}>
            <Select
              size="large"
              showSearch
              allowClear
              filterOption={false}
              onSearch={setSupplierSearch}
              notFoundContent={suppliers.isFetching ? <Spin size="small" /> : undefined}
              placeholder={t('ledger.manual.supplierPlaceholder')}
              options={(suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
          <Form.Item
            name="lotCode"
            label={t('ledger.field.lot')}
            extra={t('ledger.manual.lotHint')}
          >
            <Input size="large" maxLength={64} className="mono-input" />
          </Form.Item>
          <Form.Item name="occurredOn" label={t('ledger.stockIn.day')} rules={[{ required: true }]}>
            <BookingDayPicker />
          </Form.Item>
          <Form.Item
            name="productionDate"
            label={t('ledger.field.productionDate')}
            rules={[{ required: true, message: t('ledger.manual.productionRequired') }]}
          >
            <DatePicker size="large" allowClear={false} inputReadOnly style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="expiryDate"
            label={t('ledger.field.expiryDate')}
            extra={
              ingredient?.shelfLifeDays
                ? t('ledger.manual.shelfLife', { days: ingredient.shelfLifeDays })
                : t('ledger.manual.noShelfLifeHint')
            }
          >
            <DatePicker size="large" inputReadOnly style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="reason" label={t('ledger.manual.reason')} rules={[zodRule(ZReason)]}>
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={t('ledger.manual.reasonPlaceholder')}
          />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon message={failure} />}
    </Modal>
  );
}
