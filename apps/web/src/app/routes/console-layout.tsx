import {
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  CloudUploadOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  HomeOutlined,
  NodeIndexOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  TeamOutlined,
  AppleOutlined,
  AccountBookOutlined,
  CarryOutOutlined,
  DatabaseOutlined,
  ExportOutlined,
  ImportOutlined,
  SafetyCertificateOutlined,
  UnorderedListOutlined,
  BookOutlined,
  CalendarOutlined,
  ExperimentOutlined,
  FormOutlined,
  FundOutlined,
  ShoppingOutlined,
  MessageOutlined,
  FieldTimeOutlined,
  AlertOutlined,
  AimOutlined,
  ControlOutlined,
} from '@ant-design/icons';
import { Layout, Menu, type MenuProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { Permission } from '@canteen/shared';
import { AppHeader } from '@/components/layout/app-header';
import { ALERTS_KEY } from '@/features/alerts/api/get-alerts';
import { NotificationBell } from '@/features/notifications/components/notification-bell';
import { OrgTree } from '@/features/org-units/components/org-tree';
import { OrgUnitSearch } from '@/features/org-units/components/org-unit-search';
import { useCurrentUser, useLogout } from '@/lib/auth';
import { can, canAny, homePath, tierOf } from '@/lib/authorization';

type MenuItem = NonNullable<MenuProps['items']>[number];

interface Entry {
  path: string;
  icon: React.ReactNode;
  label: string;
  /** Shown to users holding any of these. */
  anyOf?: Permission[];
}

/** The menu entry whose path is the longest prefix of the current address. */
function selectedKey(pathname: string, paths: string[]): string | undefined {
  return paths
    .filter((p) => pathname === p || pathname.startsWith(p === '/' ? p : `${p}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * The console frame, shaped by tier: management users get the menu and their subtree's org tree;
 * school users the menu of their school; suppliers the menu of their portal.
 */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const queryClient = useQueryClient();
  const tier = tierOf(user);
  const home = homePath(user);
  // Below 1200 px (tablets) the sider starts folded to icons, leaving the tables their width.
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 1200);

  const visible = (entries: Entry[]) => entries.filter((e) => !e.anyOf || canAny(user, e.anyOf));
  const groups: { key: string; label?: string; entries: Entry[] }[] =
    tier === 'supplier'
      ? [
          {
            key: 'portal',
            entries: visible([
              { path: '/supplier', icon: <ShopOutlined />, label: t('nav.portalHome') },
              { path: '/deliveries', icon: <FileDoneOutlined />, label: t('nav.manifests') },
              {
                path: '/deliveries/new',
                icon: <CloudUploadOutlined />,
                label: t('manifest.upload'),
                anyOf: ['delivery:submit'],
              },
              {
                path: '/purchase-orders',
                icon: <ShoppingCartOutlined />,
                label: t('nav.purchaseOrders'),
              },
              { path: '/contracts', icon: <FileProtectOutlined />, label: t('nav.contracts') },
              { path: '/ingredients', icon: <AppleOutlined />, label: t('nav.ingredients') },
              { path: '/supplier/api-keys', icon: <ApiOutlined />, label: t('nav.apiKeys') },
            ]),
          },
        ]
      : [
          {
            key: 'overview',
            entries: [
              {
                path: home,
                icon: <HomeOutlined />,
                label: tier === 'school' ? t('nav.schoolHome') : t('nav.unitHome'),
              },
              ...(tier === 'management'
                ? [
                    {
                      path: '/connection-rate',
                      icon: <BarChartOutlined />,
                      label: t('nav.connectionRate'),
                    },
                  ]
                : []),
            ],
          },
          {
            key: 'warnings',
            label: t('alerts.nav.group'),
            entries: visible([
              {
                path: '/alerts',
                icon: <AlertOutlined />,
                label: t('alerts.nav.inbox'),
                anyOf: ['alert:read'],
              },
              {
                path: '/warnings/rules',
                icon: <ControlOutlined />,
                label: t('alerts.nav.rules'),
                anyOf: ['alert:read'],
              },
              ...(tier === 'management'
                ? [
                    {
                      path: '/warnings/supervision',
                      icon: <AimOutlined />,
                      label: t('alerts.nav.supervision'),
                      anyOf: ['alert:read' as const],
                    },
                  ]
                : []),
            ]),
          },
          {
            key: 'trace',
            label: t('nav.traceGroup'),
            entries: visible([
              {
                path: '/suppliers',
                icon: <ShopOutlined />,
                label: t('nav.suppliers'),
                anyOf: ['supplier:read'],
              },
              {
                path: '/ingredients',
                icon: <AppleOutlined />,
                label: t('nav.ingredients'),
                anyOf: ['supplier:read'],
              },
              {
                path: '/contracts',
                icon: <FileProtectOutlined />,
                label: t('nav.contracts'),
                anyOf: ['supplier:read'],
              },
              {
                path: '/purchase-orders',
                icon: <ShoppingCartOutlined />,
                label: t('nav.purchaseOrders'),
                anyOf: ['delivery:read'],
              },
              {
                path: '/deliveries',
                icon: <FileDoneOutlined />,
                label: t('nav.deliveries'),
                anyOf: ['delivery:read'],
              },
              {
                path: '/trace',
                icon: <NodeIndexOutlined />,
                label: t('nav.trace'),
                anyOf: ['trace:read'],
              },
            ]),
          },
          {
            key: 'ledger',
            label: t('ledger.nav.group'),
            entries: visible([
              {
                path: '/ledger/stock-in',
                icon: <ImportOutlined />,
                label: t('ledger.nav.stockIn'),
                anyOf: ['stock:write'],
              },
              {
                path: '/ledger/stock-out',
                icon: <ExportOutlined />,
                label: t('ledger.nav.stockOut'),
                anyOf: ['stock:write'],
              },
              {
                path: '/ledger/balances',
                icon: <DatabaseOutlined />,
                label: t('ledger.nav.balances'),
                anyOf: ['stock:read'],
              },
              {
                path: '/ledger/movements',
                icon: <UnorderedListOutlined />,
                label: t('ledger.nav.movements'),
                anyOf: ['stock:read'],
              },
              {
                path: '/ledger/stocktakes',
                icon: <CarryOutOutlined />,
                label: t('ledger.nav.stocktakes'),
                anyOf: ['stock:read'],
              },
              {
                path: '/ledger/costs',
                icon: <AccountBookOutlined />,
                label: t('ledger.nav.costs'),
                anyOf: ['stock:read'],
              },
              {
                path: '/ledger/verify',
                icon: <SafetyCertificateOutlined />,
                label: t('ledger.nav.verify'),
                anyOf: ['ledger:verify'],
              },
            ]),
          },
          {
            key: 'menus',
            label: t('menus.nav.group'),
            entries: visible([
              {
                path: '/menus/plans',
                icon: <CalendarOutlined />,
                label: t('menus.nav.plans'),
                anyOf: ['menu:read'],
              },
              {
                path: '/menus/dishes',
                icon: <BookOutlined />,
                label: t('menus.nav.dishes'),
                anyOf: ['menu:read'],
              },
              {
                path: '/menus/production',
                icon: <FormOutlined />,
                label: t('menus.nav.production'),
                anyOf: ['production:write'],
              },
              {
                path: '/menus/execution',
                icon: <FundOutlined />,
                label: t('menus.nav.execution'),
                anyOf: ['menu:read'],
              },
              {
                path: '/menus/purchase',
                icon: <ShoppingOutlined />,
                label: t('menus.nav.purchase'),
                anyOf: ['order:write'],
              },
              {
                path: '/nutrition/targets',
                icon: <ExperimentOutlined />,
                label: t('menus.nav.targets'),
                anyOf: ['menu:read'],
              },
            ]),
          },
          {
            key: 'feedback',
            label: t('feedback.nav.group'),
            entries: visible([
              {
                path: '/feedback',
                icon: <MessageOutlined />,
                label: t('feedback.nav.list'),
                anyOf: ['feedback:read'],
              },
              {
                path: '/feedback/stats',
                icon: <FieldTimeOutlined />,
                label: t('feedback.nav.stats'),
                anyOf: ['feedback:read'],
              },
            ]),
          },
          {
            key: 'admin',
            label: t('nav.adminGroup'),
            entries: [
              ...(can(user, 'user:read')
                ? [{ path: '/accounts', icon: <TeamOutlined />, label: t('nav.accounts') }]
                : []),
              ...(can(user, 'audit:read')
                ? [{ path: '/audit', icon: <AuditOutlined />, label: t('nav.audit') }]
                : []),
            ],
          },
        ];

  const items: MenuItem[] = groups
    .filter((g) => g.entries.length > 0)
    .map((g) => {
      const children = g.entries.map((e) => ({ key: e.path, icon: e.icon, label: e.label }));
      return g.label && !collapsed
        ? { type: 'group' as const, key: g.key, label: g.label, children }
        : { type: 'group' as const, key: g.key, children };
    });
  const paths = groups.flatMap((g) => g.entries.map((e) => e.path));
  const selected = selectedKey(location.pathname, paths);
  const showTree = tier !== 'supplier';

  return (
    <Layout className="app-layout">
      <AppHeader
        user={user}
        homePath={home}
        sider={{ collapsed, toggle: () => setCollapsed((c) => !c) }}
        actions={
          can(user, 'alert:read') && (
            <NotificationBell
              onNotification={() => void queryClient.invalidateQueries({ queryKey: [ALERTS_KEY] })}
            />
          )
        }
        onChangePassword={() => void navigate('/change-password')}
        onLogout={() =>
          logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })
        }
      />
      <Layout>
        <Layout.Sider
          width={showTree ? 264 : 220}
          className="app-sider"
          breakpoint="xl"
          collapsible
          collapsed={collapsed}
          onBreakpoint={setCollapsed}
          collapsedWidth={64}
          trigger={null}
          theme="light"
        >
          {/* With every group the menu outgrows a 900 px screen: the sider scrolls, and the tree
              keeps a usable height below the menu. */}
          <div className="sider-inner" style={{ overflowY: 'auto' }}>
            <Menu
              mode="inline"
              inlineCollapsed={collapsed}
              className="app-menu"
              selectedKeys={selected ? [selected] : []}
              items={items}
              onClick={({ key }) => void navigate(key)}
            />
            {showTree && !collapsed && (
              <div className="sider-tree" style={{ minHeight: 320 }}>
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
