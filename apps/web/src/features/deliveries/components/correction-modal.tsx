import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  CORRECTION_FIELDS,
  ZReason,
  type CorrectionField,
  type TManifestDetail,
} from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { useCreateCorrection } from '../api/create-correction';

interface FormValues {
  lineId?: string;
  field: CorrectionField;
  newValue: string;
  reason: string;
}

/** After acceptance a delivery never changes: a correction is a new record with why. */
function CorrectionModalBody({
  open,
  delivery,
  onClose,
}: {
  open: boolean;
  delivery: TManifestDetail;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateCorrection();
  const field = Form.useWatch('field', form);

  const submit = (values: FormValues) =>
    create.mutate(
      {
        id: delivery.id,
        body: {
          lineId: values.lineId,
          field: values.field,
          newValue: values.newValue.trim(),
          reason: values.reason.trim(),
        },
      },
      {
        onSuccess: () => {
          void message.success(t('deliveries.correction.saved'));
          onClose();
        },
        onError: (error) => {
          if (!applyApiErrorToForm(form, error, i18n.language))
            void message.error(errorText(error, i18n.language, t('common.saveFailed')));
        },
      },
    );

  return (
    <Modal
      open={open}
      title={t('deliveries.correction.title', { code: delivery.code })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
      maskClosable={false}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        style={{ marginTop: 16 }}
        initialValues={{ field: 'acceptedQuantity' }}
      >
        <Form.Item
          name="field"
          label={t('deliveries.correction.field')}
          rules={[{ required: true }]}
        >
          <Select
            options={CORRECTION_FIELDS.map((f) => ({
              value: f,
              label: t(`deliveries.correction.fields.${f}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="lineId"
          label={t('deliveries.correction.line')}
          rules={[{ required: field !== 'note', message: t('deliveries.correction.lineRequired') }]}
          extra={field === 'note' ? t('deliveries.correction.noteHint') : undefined}
        >
          <Select
            allowClear
            options={delivery.lines.map((l) => ({
              value: l.id,
              label: `#${l.lineNo} ${l.ingredient.name} · ${l.lotCode}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="newValue"
          label={t('deliveries.correction.newValue')}
          rules={[{ required: true, message: t('deliveries.correction.newValueRequired') }]}
          extra={field ? t(`deliveries.correction.hints.${field}`) : undefined}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="reason" label={t('common.reason')} required rules={[zodRule(ZReason)]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CorrectionModal(props: {
  open: boolean;
  delivery: TManifestDetail;
  onClose: () => void;
}) {
  const key = useOpenKey(props.open);
  return <CorrectionModalBody key={key} {...props} />;
}
