import { Button, Card, Result, Space, Tabs, type TabsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { AuditLogTable } from '@/features/audit/components/audit-log-table';
import { useOrgUnit } from '@/features/org-units/api/get-org-unit';
import { CanteensTable } from '@/features/org-units/components/canteens-table';
import { ChildrenTable } from '@/features/org-units/components/children-table';
import { ConnectionTrendChart } from '@/features/org-units/components/connection-trend-chart';
import { ConnectionHistory } from '@/features/org-units/components/connection-history';
import { MoveHistory } from '@/features/org-units/components/move-history';
import { OrgUnitHeader } from '@/features/org-units/components/org-unit-header';
import { OrgUnitInfo } from '@/features/org-units/components/org-unit-info';
import { OrgUnitStats } from '@/features/org-units/components/org-unit-stats';
import { LedgerShortcuts } from '@/features/ledger/components/ledger-shortcuts';
import { CanteenQrCard } from '@/features/public-page/components/canteen-qr-card';
import { UsersTable } from '@/features/users/components/users-table';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { isApiError } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/auth';
import { can, homePath } from '@/lib/authorization';

/** A unit's page: who it is, what is below it, and its history, composed from three features. */
export function OrgUnitRoute() {
  const { id } = useParams();
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { data: unit, isPending, isError, error, refetch } = useOrgUnit(id);

  if (isPending) return <PageLoading />;
  if (isError) {
    if (isApiError(error) && error.status === 404) {
      return (
        <Result
          status="404"
          title={t('org.notFoundTitle')}
          subTitle={t('org.notFoundText')}
          extra={
            <Button type="primary" onClick={() => void navigate(homePath(user))}>
              {t('common.backHome')}
            </Button>
          }
        />
      );
    }
    return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  }

  const management = unit.level === 'province' || unit.level === 'city' || unit.level === 'county';
  const items: NonNullable<TabsProps['items']> = [
    ...(management
      ? [{ key: 'children', label: t('org.tab.children'), children: <ChildrenTable unit={unit} /> }]
      : []),
    ...(unit.level === 'school'
      ? [
          {
            key: 'canteens',
            label: t('org.tab.canteens'),
            children: <CanteensTable schoolId={unit.id} />,
          },
        ]
      : []),
    ...(unit.level === 'school' || unit.level === 'canteen'
      ? [
          {
            key: 'connection',
            label: t('org.tab.connection'),
            children: <ConnectionHistory unit={unit} />,
          },
        ]
      : []),
    ...(can(user, 'user:read') && unit.level !== 'canteen'
      ? [
          {
            key: 'accounts',
            label: t('org.tab.accounts'),
            children: <UsersTable unit={{ id: unit.id, name: unit.name, level: unit.level }} />,
          },
        ]
      : []),
    { key: 'moves', label: t('org.tab.moves'), children: <MoveHistory unitId={unit.id} /> },
    ...(can(user, 'audit:read')
      ? [
          {
            key: 'audit',
            label: t('org.tab.audit'),
            children: <AuditLogTable orgUnitId={unit.id} />,
          },
        ]
      : []),
  ];
  const requested = params.get('tab');
  const active = items.some((item) => item.key === requested) ? requested! : items[0]?.key;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} key={unit.id}>
      <OrgUnitHeader unit={unit} />
      {unit.level !== 'canteen' && <OrgUnitStats unit={unit} />}
      {(unit.level === 'school' || unit.level === 'canteen') && <LedgerShortcuts unit={unit} />}
      {(unit.level === 'school' || unit.level === 'canteen') && <CanteenQrCard unit={unit} />}
      {management && <ConnectionTrendChart unitId={unit.id} name={unit.name} />}
      <OrgUnitInfo unit={unit} />
      <Card size="small" className="section-card tabs-card">
        <Tabs
          activeKey={active}
          items={items}
          destroyOnHidden
          onChange={(key) =>
            setParams((p) => ({ ...Object.fromEntries(p), tab: key }), { replace: true })
          }
        />
      </Card>
    </Space>
  );
}
