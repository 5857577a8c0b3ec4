import {
  EyeOutlined,
  LockOutlined,
  NodeIndexOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ZLoginRequest, type TLoginRequest, type TSession } from '@canteen/shared';
import { BrandLogo } from '@/components/ui/brand-logo';
import { errorText } from '@/components/ui/error-alert';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { applyApiErrorToForm, zodRule } from '@/lib/form-errors';
import { useLogin } from '../api/login';

export function LoginScreen({ onSuccess }: { onSuccess: (session: TSession) => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<TLoginRequest>();
  const login = useLogin();
  const [failure, setFailure] = useState<unknown>(null);

  const submit = (values: TLoginRequest) => {
    setFailure(null);
    login.mutate(values, {
      onSuccess,
      onError: (error) => {
        if (!applyApiErrorToForm(form, error, i18n.language)) setFailure(error);
        form.setFieldValue('password', '');
      },
    });
  };

  const features = [
    { icon: <EyeOutlined />, title: t('login.feature1Title'), text: t('login.feature1Text') },
    { icon: <NodeIndexOutlined />, title: t('login.feature2Title'), text: t('login.feature2Text') },
    {
      icon: <SafetyCertificateOutlined />,
      title: t('login.feature3Title'),
      text: t('login.feature3Text'),
    },
  ];

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

      <main className="login-main">
        <section className="login-intro">
          <h1 className="login-headline">{t('app.subtitle')}</h1>
          <p className="login-lead">{t('login.lead')}</p>
          <ul className="login-features">
            {features.map((feature) => (
              <li key={feature.title}>
                <span className="login-feature-icon">{feature.icon}</span>
                <div>
                  <div className="login-feature-title">{feature.title}</div>
                  <div className="login-feature-text">{feature.text}</div>
                </div>
              </li>
            ))}
          </ul>
        </section>

        <section className="login-card" aria-labelledby="login-title">
          <Typography.Title level={3} id="login-title" className="login-card-title">
            {t('login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" className="login-card-hint">
            {t('login.hint')}
          </Typography.Paragraph>
          {failure !== null && (
            <Alert
              type="error"
              showIcon
              role="alert"
              data-testid="login-error"
              message={errorText(failure, i18n.language, t('common.loadFailed'))}
              style={{ marginBottom: 20 }}
            />
          )}
          <Form
            form={form}
            layout="vertical"
            size="large"
            requiredMark={false}
            onFinish={submit}
            onValuesChange={() => failure !== null && setFailure(null)}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[zodRule(ZLoginRequest.shape.username)]}
            >
              <Input
                prefix={<UserOutlined />}
                placeholder={t('login.usernamePlaceholder')}
                autoComplete="username"
                autoFocus
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[zodRule(ZLoginRequest.shape.password)]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                placeholder={t('login.passwordPlaceholder')}
                autoComplete="current-password"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              loading={login.isPending}
              className="login-submit"
            >
              {t('login.submit')}
            </Button>
          </Form>
          <div className="login-card-foot">{t('login.securityNote')}</div>
        </section>
      </main>

      <footer className="login-footer">
        <span>{t('login.copyright', { year: new Date().getFullYear() })}</span>
        <span>{t('login.browserHint')}</span>
      </footer>
    </div>
  );
}
