import { Alert, App, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  COLD_CHAIN,
  FOOD_GROUPS,
  INGREDIENT_UNITS,
  UNIT_DEFAULT_DECIMALS,
  UNIT_MAX_DECIMALS,
  ZCreateIngredient,
  type ColdChain,
  type FoodGroup,
  type IngredientUnit,
  type TIngredient,
} from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { isApiError } from '@/lib/api-client';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { foodGroupLabel, unitLabel } from '@/lib/labels';
import { useCreateIngredient } from '../api/create-ingredient';
import { useUpdateIngredient } from '../api/update-ingredient';

interface FormValues {
  code?: string;
  name: string;
  category: FoodGroup;
  unit: IngredientUnit;
  unitDecimals?: number;
  shelfLifeDays?: number | null;
  coldChain: ColdChain;
  quarantineRequired: boolean;
}

interface IngredientFormModalProps {
  open: boolean;
  ingredient?: TIngredient;
  onClose: () => void;
}

/** A catalogue entry; the API refuses foods banned in school canteens and says why. */
function IngredientFormModalBody({ open, ingredient, onClose }: IngredientFormModalProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateIngredient();
  const update = useUpdateIngredient();
  const unit = Form.useWatch('unit', form);

  const onError = (error: unknown) => {
    // A banned food answers without field issues: its reason belongs on the name.
    if (isApiError(error) && error.code === 'FORBIDDEN_FOOD') {
      form.setFields([{ name: 'name', errors: [error.localized(i18n.language)] }]);
      return;
    }
    if (!applyApiErrorToForm(form, error, i18n.language))
      void message.error(errorText(error, i18n.language, t('common.saveFailed')));
  };

  const submit = (values: FormValues) => {
    const body = {
      name: values.name.trim(),
      category: values.category,
      unit: values.unit,
      unitDecimals: values.unitDecimals ?? UNIT_DEFAULT_DECIMALS[values.unit],
      shelfLifeDays: values.shelfLifeDays ?? null,
      coldChain: values.coldChain,
      quarantineRequired: values.quarantineRequired,
    };
    const done = () => {
      void message.success(t('common.saved'));
      onClose();
    };
    if (ingredient) update.mutate({ id: ingredient.id, body }, { onSuccess: done, onError });
    else
      create.mutate(
        { ...body, code: values.code?.trim() || undefined },
        { onSuccess: done, onError },
      );
  };

  return (
    <Modal
      open={open}
      title={
        ingredient
          ? t('ingredients.editTitle', { name: ingredient.name })
          : t('ingredients.createTitle')
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={ingredient ? t('common.save') : t('common.create')}
      confirmLoading={create.isPending || update.isPending}
      width={640}
      destroyOnHidden
      maskClosable={false}
    >
      <Alert
        type="info"
        showIcon
        style={{ margin: '12px 0 4px' }}
        message={t('ingredients.forbiddenNote')}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        style={{ marginTop: 12 }}
        initialValues={
          ingredient
            ? {
                name: ingredient.name,
                category: ingredient.category,
                unit: ingredient.unit,
                unitDecimals: ingredient.unitDecimals,
                shelfLifeDays: ingredient.shelfLifeDays,
                coldChain: ingredient.coldChain,
                quarantineRequired: ingredient.quarantineRequired,
              }
            : { unit: 'kg', coldChain: 'ambient', quarantineRequired: false }
        }
        onValuesChange={(changed: Partial<FormValues>) => {
          if (changed.category === 'livestock') form.setFieldValue('quarantineRequired', true);
          if (changed.unit) form.setFieldValue('unitDecimals', UNIT_DEFAULT_DECIMALS[changed.unit]);
        }}
      >
        <Row gutter={16}>
          <Col span={ingredient ? 24 : 14}>
            <Form.Item
              name="name"
              label={t('ingredients.field.name')}
              rules={[
                { required: true, message: t('ingredients.nameRequired') },
                zodRule(ZCreateIngredient.shape.name),
              ]}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          {!ingredient && (
            <Col span={10}>
              <Form.Item
                name="code"
                label={t('ingredients.field.code')}
                tooltip={t('ingredients.codeHint')}
                rules={[zodRule(ZCreateIngredient.shape.code.unwrap(), { optional: true })]}
              >
                <Input
                  maxLength={32}
                  className="mono-input"
                  placeholder={t('ingredients.codePlaceholder')}
                />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="category"
              label={t('ingredients.field.category')}
              rules={[{ required: true, message: t('ingredients.categoryRequired') }]}
            >
              <Select
                options={FOOD_GROUPS.map((g) => ({ value: g, label: foodGroupLabel(t, g) }))}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="unit" label={t('ingredients.field.unit')} rules={[{ required: true }]}>
              <Select
                options={INGREDIENT_UNITS.map((u) => ({ value: u, label: unitLabel(t, u) }))}
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="unitDecimals" label={t('ingredients.field.unitDecimals')}>
              <InputNumber
                min={0}
                max={unit ? UNIT_MAX_DECIMALS[unit] : 3}
                precision={0}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="shelfLifeDays"
              label={t('ingredients.field.shelfLifeDays')}
              extra={t('ingredients.shelfLifeHint')}
            >
              <InputNumber
                min={1}
                max={3650}
                precision={0}
                style={{ width: '100%' }}
                suffix={t('ingredients.days')}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="coldChain" label={t('ingredients.field.coldChain')}>
              <Select
                options={COLD_CHAIN.map((c) => ({ value: c, label: t(`supply.coldChain.${c}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="quarantineRequired"
          label={t('ingredients.field.quarantineRequired')}
          valuePropName="checked"
          extra={t('ingredients.quarantineHint')}
        >
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function IngredientFormModal(props: IngredientFormModalProps) {
  const key = useOpenKey(props.open);
  return <IngredientFormModalBody key={key} {...props} />;
}
