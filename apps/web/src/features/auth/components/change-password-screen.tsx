import { LockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ZNewPassword, type TSessionUser } from '@canteen/shared';
import { BrandLogo } from '@/components/ui/brand-logo';
import { errorText } from '@/components/ui/error-alert';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { useChangePassword } from '../api/change-password';

interface FormValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

interface ChangePasswordScreenProps {
  user: TSessionUser;
  onDone: () => void;
  onCancel: () => void;
  onLogout: () => void;
}

export function ChangePasswordScreen({
  user,
  onDone,
  onCancel,
  onLogout,
}: ChangePasswordScreenProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const change = useChangePassword();
  const [failure, setFailure] = useState<unknown>(null);
  const forced = user.mustChangePassword;

  const submit = ({ currentPassword, newPassword }: FormValues) => {
    setFailure(null);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          void message.success(t('password.changed'));
          onDone();
        },
        onError: (error) => {
          if (!applyApiErrorToForm(form, error, i18n.language)) setFailure(error);
        },
      },
    );
  };

  return (
    <div className="login-page">
      <div className="login-topbar">
        <div className="login-brand">
          <BrandLogo size={40} />
          <div>
            <div className="login-brand-name">{t('app.name')}</div>
            <div className="login-brand-sub">{t('app.subtitle')}</div>
          </div>
        </div>
        <LanguageSwitch light />
      </div>
      <main className="login-main login-main-single">
        <section className="login-card" aria-labelledby="password-title">
          <Typography.Title level={3} id="password-title" className="login-card-title">
            {t('password.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {t('password.account', { name: user.displayName, username: user.username })}
          </Typography.Paragraph>
          {forced && (
            <Alert
              type="warning"
              showIcon
              message={t('password.forced')}
              style={{ marginBottom: 16 }}
            />
          )}
          {failure !== null && (
            <Alert
              type="error"
              showIcon
              message={errorText(failure, i18n.language, t('common.loadFailed'))}
              style={{ marginBottom: 16 }}
            />
          )}
          <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
            <Form.Item
              name="currentPassword"
              label={t('password.current')}
              rules={[{ required: true, message: t('password.currentRequired') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Form.Item
              name="newPassword"
              label={t('password.new')}
              extra={t('password.rule')}
              rules={[zodRule(ZNewPassword)]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="confirmPassword"
              label={t('password.confirm')}
              dependencies={['newPassword']}
              rules={[
                { required: true, message: t('password.confirmRequired') },
                ({ getFieldValue }) => ({
                  validator: async (_rule, value: string) => {
                    if (!value || getFieldValue('newPassword') === value) return;
                    throw new Error(t('password.mismatch'));
                  },
                }),
              ]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
            </Form.Item>
            <Space direction="vertical" style={{ width: '100%' }} size={12}>
              <Button
                type="primary"
                htmlType="submit"
                block
                size="large"
                loading={change.isPending}
              >
                {t('password.submit')}
              </Button>
              {forced ? (
                <Button block onClick={onLogout}>
                  {t('auth.logout')}
                </Button>
              ) : (
                <Button block onClick={onCancel}>
                  {t('common.back')}
                </Button>
              )}
            </Space>
          </Form>
        </section>
      </main>
      <footer className="login-footer">
        <span>{t('login.copyright', { year: new Date().getFullYear() })}</span>
      </footer>
    </div>
  );
}
