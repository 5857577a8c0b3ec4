import {
  BankOutlined,
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Dropdown, Layout, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TSessionUser } from '@canteen/shared';
import { BrandLogo } from '@/components/ui/brand-logo';
import { LanguageSwitch } from '@/components/ui/language-switch';

interface AppHeaderProps {
  user: TSessionUser;
  homePath: string;
  onLogout: () => void;
  onChangePassword: () => void;
  /** Present when the page has a sider that can fold. */
  sider?: { collapsed: boolean; toggle: () => void };
  /** Shown before the language switch (the notification bell). */
  actions?: React.ReactNode;
}

export function AppHeader({
  user,
  homePath,
  onLogout,
  onChangePassword,
  sider,
  actions,
}: AppHeaderProps) {
  const { t } = useTranslation();
  const unitName = user.orgUnit?.name ?? user.supplier?.name;
  return (
    <Layout.Header className="app-header">
      <div className="app-header-left">
        {sider && (
          <Button
            type="text"
            className="app-sider-toggle"
            icon={sider.collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={sider.toggle}
            aria-label={sider.collapsed ? t('nav.expand') : t('nav.collapse')}
            aria-expanded={!sider.collapsed}
          />
        )}
        <Link to={homePath} className="app-brand">
          <BrandLogo size={34} />
          <span className="app-brand-name">{t('app.name')}</span>
          <span className="app-brand-tag">{t('app.subtitle')}</span>
        </Link>
      </div>
      <Space size={4} className="app-header-right">
        {unitName && (
          <span className="app-header-unit" data-testid="header-unit">
            <BankOutlined />
            {unitName}
          </span>
        )}
        {actions}
        <LanguageSwitch light />
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              {
                key: 'password',
                icon: <KeyOutlined />,
                label: t('password.title'),
                onClick: onChangePassword,
              },
              { type: 'divider' },
              {
                key: 'logout',
                icon: <LogoutOutlined />,
                label: t('auth.logout'),
                danger: true,
                onClick: onLogout,
              },
            ],
          }}
        >
          <button type="button" className="app-user" data-testid="user-menu">
            <Avatar size={28} icon={<UserOutlined />} className="app-user-avatar" />
            <span className="app-user-text">
              <span className="app-user-name">{user.displayName}</span>
              <span className="app-user-role">{t(`role.${user.role}`)}</span>
            </span>
            <DownOutlined style={{ fontSize: 10 }} />
          </button>
        </Dropdown>
      </Space>
    </Layout.Header>
  );
}
