import { App, DatePicker, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ZReason, type TContract } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { type dayjs, shanghaiToday } from '@/lib/format';
import { useEndContract } from '../api/end-contract';

function EndContractModalBody({
  contract,
  onClose,
}: {
  contract: TContract | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ lastDay: dayjs.Dayjs; reason: string }>();
  const end = useEndContract();

  const submit = (values: { lastDay: dayjs.Dayjs; reason: string }) => {
    if (!contract) return;
    end.mutate(
      {
        id: contract.id,
        body: { lastDay: values.lastDay.format('YYYY-MM-DD'), reason: values.reason.trim() },
      },
      {
        onSuccess: () => {
          void message.success(t('contracts.ended'));
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
      open={!!contract}
      title={t('contracts.endTitle', { code: contract?.code ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ danger: true }}
      confirmLoading={end.isPending}
      destroyOnHidden
      maskClosable={false}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        style={{ marginTop: 16 }}
        initialValues={{ lastDay: shanghaiToday() }}
      >
        <Form.Item
          name="lastDay"
          label={t('contracts.lastDay')}
          rules={[{ required: true }]}
          extra={t('contracts.lastDayHint')}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('common.reason')} required rules={[zodRule(ZReason)]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function EndContractModal(props: { contract: TContract | null; onClose: () => void }) {
  const key = useOpenKey(!!props.contract);
  return <EndContractModalBody key={key} {...props} />;
}
