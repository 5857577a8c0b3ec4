import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ZReason, type TSupplier } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { useChangeBlacklist } from '../api/change-blacklist';

/** 严重违法失信名单: putting a supplier on it, or lifting it, always with a reason on record. */
function BlacklistModalBody({
  supplier,
  onClose,
}: {
  supplier: TSupplier | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const change = useChangeBlacklist();
  const lifting = !!supplier?.blacklisted;

  const submit = ({ reason }: { reason: string }) => {
    if (!supplier) return;
    change.mutate(
      { id: supplier.id, action: lifting ? 'lift' : 'blacklist', body: { reason: reason.trim() } },
      {
        onSuccess: () => {
          void message.success(lifting ? t('suppliers.lifted') : t('suppliers.blacklistedDone'));
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
      open={!!supplier}
      title={
        lifting
          ? t('suppliers.liftTitle', { name: supplier?.name ?? '' })
          : t('suppliers.blacklistTitle', { name: supplier?.name ?? '' })
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ danger: !lifting }}
      okText={lifting ? t('suppliers.lift') : t('suppliers.blacklist')}
      confirmLoading={change.isPending}
      destroyOnHidden
      maskClosable={false}
    >
      <Alert
        type={lifting ? 'info' : 'warning'}
        showIcon
        style={{ margin: '12px 0 16px' }}
        message={lifting ? t('suppliers.liftHint') : t('suppliers.blacklistHint')}
        description={lifting && supplier?.blacklistReason ? supplier.blacklistReason : undefined}
      />
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="reason" label={t('common.reason')} required rules={[zodRule(ZReason)]}>
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={
              lifting ? t('suppliers.liftPlaceholder') : t('suppliers.blacklistPlaceholder')
            }
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function BlacklistModal(props: { supplier: TSupplier | null; onClose: () => void }) {
  const key = useOpenKey(!!props.supplier);
  return <BlacklistModalBody key={key} {...props} />;
}
