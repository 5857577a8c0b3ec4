import { App, Form, Input, Modal, Radio, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  CONNECTION_STATUSES,
  ZReason,
  type ConnectionStatus,
  type TOrgUnit,
} from '@canteen/shared';
import { ConnectionStatusTag } from '@/components/ui/connection-status-tag';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { useChangeConnection } from '../api/change-connection';

interface FormValues {
  status: ConnectionStatus;
  reason: string;
}

/** Every change of a canteen's connection status is an event with a reason. */
function ChangeConnectionModalBody({
  canteen,
  onClose,
}: {
  canteen: Pick<TOrgUnit, 'id' | 'name' | 'connectionStatus'> | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const change = useChangeConnection();

  const submit = (values: FormValues) => {
    if (!canteen) return;
    change.mutate(
      { id: canteen.id, body: { status: values.status, reason: values.reason.trim() } },
      {
        onSuccess: () => {
          void message.success(t('connection.changed'));
          onClose();
        },
        onError: (error) => {
          if (!applyApiErrorToForm(form, error, i18n.language)) {
            void message.error(errorText(error, i18n.language, t('common.saveFailed')));
          }
        },
      },
    );
  };

  return (
    <Modal
      open={!!canteen}
      title={t('connection.changeTitle', { name: canteen?.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={change.isPending}
      destroyOnHidden
      maskClosable={false}
    >
      {canteen && (
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          preserve={false}
          style={{ marginTop: 16 }}
        >
          <Form.Item label={t('connection.current')}>
            <ConnectionStatusTag status={canteen.connectionStatus} />
          </Form.Item>
          <Form.Item
            name="status"
            label={t('connection.newStatus')}
            rules={[{ required: true, message: t('connection.statusRequired') }]}
          >
            <Radio.Group>
              <Space direction="vertical">
                {CONNECTION_STATUSES.filter((status) => status !== canteen.connectionStatus).map(
                  (status) => (
                    <Radio key={status} value={status}>
                      {t(`connection.status.${status}`)}
                      <span className="radio-hint">{t(`connection.hint.${status}`)}</span>
                    </Radio>
                  ),
                )}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="reason" label={t('common.reason')} required rules={[zodRule(ZReason)]}>
            <Input.TextArea
              rows={3}
              maxLength={500}
              showCount
              placeholder={t('connection.reasonPlaceholder')}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

export function ChangeConnectionModal(props: {
  canteen: Pick<TOrgUnit, 'id' | 'name' | 'connectionStatus'> | null;
  onClose: () => void;
}) {
  const key = useOpenKey(!!props.canteen);
  return <ChangeConnectionModalBody key={key} {...props} />;
}
