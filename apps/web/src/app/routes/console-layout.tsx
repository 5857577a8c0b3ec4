import { AuditOutlined, BarChartOutlined, HomeOutlined, TeamOutlined } from '@ant-design/icons';
import { Layout, Menu, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { AppHeader } from '@/components/layout/app-header';
import { OrgTree } from '@/features/org-units/components/org-tree';
import { OrgUnitSearch } from '@/features/org-units/components/org-unit-search';
import { useCurrentUser, useLogout } from '@/lib/auth';
import { can, homePath, tierOf } from '@/lib/authorization';

type MenuKey = 'home' | 'connection-rate' | 'accounts' | 'audit';

function selectedKey(pathname: string, home: string): MenuKey | undefined {
  if (pathname.startsWith('/connection-rate')) return 'connection-rate';
  if (pathname.startsWith('/accounts')) return 'accounts';
  if (pathname.startsWith('/audit')) return 'audit';
  if (pathname === home) return 'home';
  return undefined;
}

/**
 * The console frame, shaped by tier: management users get the menu and their subtree's org tree;
 * school users the menu of their school only; suppliers the header alone.
 */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const location = useLocation();
  const logout = useLogout();
  const tier = tierOf(user);
  const home = homePath(user);
  // Below 1200 px (tablets) the sider starts folded to icons, leaving the tables their width.
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 1200);

  const items: NonNullable<MenuProps['items']> = [
    {
      key: 'home',
      icon: <HomeOutlined />,
      label: tier === 'school' ? t('nav.schoolHome') : t('nav.unitHome'),
    },
    ...(tier === 'management'
      ? [{ key: 'connection-rate', icon: <BarChartOutlined />, label: t('nav.connectionRate') }]
      : []),
    ...(can(user, 'user:read')
      ? [{ key: 'accounts', icon: <TeamOutlined />, label: t('nav.accounts') }]
      : []),
    ...(can(user, 'audit:read')
      ? [{ key: 'audit', icon: <AuditOutlined />, label: t('nav.audit') }]
      : []),
  ];
  const paths: Record<MenuKey, string> = {
    home,
    'connection-rate': '/connection-rate',
    accounts: '/accounts',
    audit: '/audit',
  };
  const selected = selectedKey(location.pathname, home);

  return (
    <Layout className="app-layout">
      {navigation.state === 'loading' && <div className="route-progress" />}
      <AppHeader
        user={user}
        homePath={home}
        sider={
          tier === 'supplier' ? undefined : { collapsed, toggle: () => setCollapsed((c) => !c) }
        }
        onChangePassword={() => void navigate('/change-password')}
        onLogout={() =>
          logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })
        }
      />
      <Layout>
        {tier !== 'supplier' && (
          <Layout.Sider
            width={264}
            className="app-sider"
            breakpoint="xl"
            collapsible
            collapsed={collapsed}
            onBreakpoint={setCollapsed}
            collapsedWidth={64}
            trigger={null}
            theme="light"
          >
            <div className="sider-inner">
              <Menu
                mode="inline"
                inlineCollapsed={collapsed}
                className="app-menu"
                selectedKeys={selected ? [selected] : []}
                items={items}
                onClick={({ key }) => void navigate(paths[key as MenuKey])}
              />
              {!collapsed && (
                <div className="sider-tree">
                  <div className="sider-section-title">
                    {tier === 'management' ? t('nav.orgTree') : t('nav.schoolTree')}
                  </div>
                  {tier === 'management' && (
                    <div className="sider-search">
                      <OrgUnitSearch />
                    </div>
                  )}
                  <div className="sider-tree-body">
                    <OrgTree />
                  </div>
                </div>
              )}
            </div>
          </Layout.Sider>
        )}
        <Layout.Content className="app-content">
          <div className="app-content-inner">
            <Outlet />
          </div>
          <footer className="app-footer">{t('app.footer')}</footer>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
