import { Button, Card, Result, Space, Tabs, type TabsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ContractsTable } from '@/features/contracts/components/contracts-table';
import { useSupplier } from '@/features/suppliers/api/get-supplier';
import { DocumentsTable } from '@/features/suppliers/components/documents-table';
import { FarmBasesTable } from '@/features/suppliers/components/farm-bases-table';
import { SupplierProfile } from '@/features/suppliers/components/supplier-profile';
import { SupplierUsersTable } from '@/features/suppliers/components/supplier-users-table';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';
import { isApiError } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';

/** A supplier of the register: who it is, its licences, farm bases, contracts and accounts. */
export function SupplierDetailRoute() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const { data: supplier, isPending, isError, error, refetch } = useSupplier(id);
  const canWrite = can(user, 'supplier:write');

  if (isPending) return <PageLoading />;
  if (isError) {
    if (isApiError(error) && error.status === 404)
      return (
        <Result
          status="404"
          title={t('suppliers.notFound')}
          extra={
            <Button type="primary" onClick={() => void navigate('/suppliers')}>
              {t('suppliers.backToList')}
            </Button>
          }
        />
      );
    return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  }

  const items: NonNullable<TabsProps['items']> = [
    {
      key: 'documents',
      label: t('suppliers.tab.documents'),
      children: <DocumentsTable supplierId={supplier.id} canUpload={canWrite} />,
    },
    {
      key: 'bases',
      label: t('suppliers.tab.bases'),
      children: <FarmBasesTable supplierId={supplier.id} canEdit={canWrite} />,
    },
    {
      key: 'contracts',
      label: t('suppliers.tab.contracts'),
      children: <ContractsTable supplierId={supplier.id} />,
    },
    ...(canWrite
      ? [
          {
            key: 'accounts',
            label: t('suppliers.tab.accounts'),
            children: <SupplierUsersTable supplierId={supplier.id} canCreate />,
          },
        ]
      : []),
  ];
  const requested = params.get('tab');
  const active = items.some((item) => item.key === requested) ? requested! : 'documents';

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} key={supplier.id}>
      <PageHeader
        breadcrumb={[
          { key: 'list', title: <Link to="/suppliers">{t('nav.suppliers')}</Link> },
          { key: 'this', title: supplier.name },
        ]}
        title={<span data-testid="supplier-name">{supplier.name}</span>}
      />
      <SupplierProfile supplier={supplier} editable={canWrite ? 'registry' : false} />
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
