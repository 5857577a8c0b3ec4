import { App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  SUPPLIER_KINDS,
  ZCreateSupplier,
  ZCreditCode,
  ZPhone,
  type SupplierKind,
  type TSupplier,
} from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { useCreateSupplier } from '../api/create-supplier';
import { useUpdateSupplier } from '../api/update-supplier';

interface FormValues {
  name: string;
  creditCode: string;
  kind: SupplierKind;
  contactName?: string;
  contactPhone?: string;
  address?: string;
}

interface SupplierFormModalProps {
  open: boolean;
  /** Absent: a new supplier. */
  supplier?: TSupplier;
  /** A supplier user editing their own company may change the contact fields only. */
  selfService?: boolean;
  onClose: () => void;
}

const blank = (value: string | undefined) => value?.trim() || undefined;

function SupplierFormModalBody({
  open,
  supplier,
  selfService = false,
  onClose,
}: SupplierFormModalProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateSupplier();
  const update = useUpdateSupplier();

  const initialValues: Partial<FormValues> = supplier
    ? {
        name: supplier.name,
        creditCode: supplier.creditCode,
        kind: supplier.kind,
        contactName: supplier.contactName ?? undefined,
        contactPhone: supplier.contactPhone ?? undefined,
        address: supplier.address ?? undefined,
      }
    : { kind: 'distributor' };

  const onError = (error: unknown) => {
    if (!applyApiErrorToForm(form, error, i18n.language)) {
      void message.error(errorText(error, i18n.language, t('common.saveFailed')));
    }
  };

  const submit = (values: FormValues) => {
    const contact = {
      contactName: blank(values.contactName),
      contactPhone: blank(values.contactPhone),
      address: blank(values.address),
    };
    if (!supplier) {
      create.mutate(
        {
          name: values.name.trim(),
          creditCode: values.creditCode.trim(),
          kind: values.kind,
          ...contact,
        },
        {
          onSuccess: (created) => {
            void message.success(t('suppliers.created', { name: created.name }));
            onClose();
          },
          onError,
        },
      );
      return;
    }
    const nullable = {
      contactName: contact.contactName ?? null,
      contactPhone: contact.contactPhone ?? null,
      address: contact.address ?? null,
    };
    update.mutate(
      {
        id: supplier.id,
        body: selfService
          ? nullable
          : {
              name: values.name.trim(),
              creditCode: values.creditCode.trim(),
              kind: values.kind,
              ...nullable,
            },
      },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
        onError,
      },
    );
  };

  return (
    <Modal
      open={open}
      title={
        supplier ? t('suppliers.editTitle', { name: supplier.name }) : t('suppliers.createTitle')
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={supplier ? t('common.save') : t('common.create')}
      confirmLoading={create.isPending || update.isPending}
      width={680}
      destroyOnHidden
      maskClosable={false}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={initialValues}
        style={{ marginTop: 16 }}
      >
        <Form.Item
          name="name"
          label={t('suppliers.field.name')}
          rules={[
            { required: true, message: t('suppliers.nameRequired') },
            zodRule(ZCreateSupplier.shape.name),
          ]}
        >
          <Input
            maxLength={100}
            disabled={selfService}
            placeholder={t('suppliers.namePlaceholder')}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item
              name="creditCode"
              label={t('suppliers.field.creditCode')}
              rules={[
                { required: true, message: t('suppliers.creditCodeRequired') },
                zodRule(ZCreditCode),
              ]}
            >
              <Input maxLength={18} className="mono-input" disabled={selfService} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="kind" label={t('suppliers.field.kind')} rules={[{ required: true }]}>
              <Select
                disabled={selfService}
                options={SUPPLIER_KINDS.map((k) => ({
                  value: k,
                  label: t(`supply.supplierKind.${k}`),
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="contactName" label={t('suppliers.field.contactName')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="contactPhone"
              label={t('suppliers.field.contactPhone')}
              rules={[zodRule(ZPhone, { optional: true })]}
            >
              <Input maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('suppliers.field.address')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function SupplierFormModal(props: SupplierFormModalProps) {
  const key = useOpenKey(props.open);
  return <SupplierFormModalBody key={key} {...props} />;
}
