import { Alert, App, Form, Modal } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ZNewPassword, type TUser } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { useOpenKey } from '@/components/ui/use-open-key';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { useResetUserPassword } from '../api/reset-user-password';
import { generatePassword } from './generate-password';
import { PasswordInput } from './password-input';

/** Sets a temporary password; the account must change it at its next sign-in. */
function ResetPasswordModalBody({ user, onClose }: { user: TUser | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ newPassword: string }>();
  const reset = useResetUserPassword();

  const initialValues = useMemo(
    () => (user ? { newPassword: generatePassword() } : undefined),
    [user],
  );

  const submit = ({ newPassword }: { newPassword: string }) => {
    if (!user) return;
    reset.mutate(
      { id: user.id, body: { newPassword } },
      {
        onSuccess: () => {
          onClose();
          modal.success({
            title: t('users.resetDone', { name: user.displayName }),
            content: (
              <div>
                <p>{t('users.resetDoneHint')}</p>
                <code className="password-display">{newPassword}</code>
              </div>
            ),
          });
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
      open={!!user}
      title={t('users.resetTitle', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={reset.isPending}
      destroyOnHidden
      maskClosable={false}
    >
      <Alert
        type="warning"
        showIcon
        style={{ margin: '12px 0 16px' }}
        message={t('users.resetWarning')}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={initialValues}
      >
        <Form.Item
          name="newPassword"
          label={t('users.field.newPassword')}
          rules={[{ required: true, message: t('users.passwordRequired') }, zodRule(ZNewPassword)]}
          extra={t('password.rule')}
        >
          <PasswordInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ResetPasswordModal(props: { user: TUser | null; onClose: () => void }) {
  const key = useOpenKey(!!props.user);
  return <ResetPasswordModalBody key={key} {...props} />;
}
