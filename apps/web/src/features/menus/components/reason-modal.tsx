import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ZReason } from '@canteen/shared';
import { useOpenKey } from '@/components/ui/use-open-key';
import { zodRule } from '@/lib/form-errors';

interface ReasonModalProps {
  open: boolean;
  title: React.ReactNode;
  hint?: React.ReactNode;
  okText?: string;
  confirmLoading?: boolean;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}

function ReasonModalBody({
  open,
  title,
  hint,
  okText,
  confirmLoading,
  onCancel,
  onSubmit,
}: ReasonModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={okText}
      confirmLoading={confirmLoading}
      destroyOnHidden
      maskClosable={false}
    >
      {hint && <p className="muted">{hint}</p>}
      <Form form={form} layout="vertical" onFinish={(v) => onSubmit(v.reason.trim())}>
        <Form.Item name="reason" label={t('common.reason')} rules={[zodRule(ZReason)]}>
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A change to a published or recorded thing states why: the reason goes into its history. */
export function ReasonModal(props: ReasonModalProps) {
  const key = useOpenKey(props.open);
  return <ReasonModalBody key={key} {...props} />;
}
