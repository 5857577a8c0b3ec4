import { CloudUploadOutlined, ShopOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { DeliveriesTable } from '@/features/deliveries/components/deliveries-table';
import { useSupplier } from '@/features/suppliers/api/get-supplier';
import { DocumentsTable } from '@/features/suppliers/components/documents-table';
import { FarmBasesTable } from '@/features/suppliers/components/farm-bases-table';
import { SupplierProfile } from '@/features/suppliers/components/supplier-profile';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';
import { useCurrentUser } from '@/lib/auth';

/** The supplier portal's home: the company as the register has it, its licences, bases and deliveries. */
export function SupplierRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const supplierId = user.supplier?.id;
  const { data: supplier, isPending, isError, error, refetch } = useSupplier(supplierId);

  if (!supplierId) return <ErrorAlert error={null} />;
  if (isPending) return <PageLoading />;
  if (isError) return <ErrorAlert error={error} onRetry={() => void refetch()} />;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title={<span data-testid="supplier-title">{supplier.name}</span>}
        tags={
          <Tag color="orange" icon={<ShopOutlined />}>
            {t('portal.tag')}
          </Tag>
        }
        subTitle={t('portal.welcome', { name: user.displayName })}
        extra={
          <Button
            type="primary"
            size="large"
            icon={<CloudUploadOutlined />}
            onClick={() => void navigate('/deliveries/new')}
          >
            {t('manifest.upload')}
          </Button>
        }
      />
      <SupplierProfile supplier={supplier} editable="self" />
      <Card
        size="small"
        className="section-card"
        title={t('portal.recentDeliveries')}
        extra={
          <Button type="link" onClick={() => void navigate('/deliveries')}>
            {t('portal.allDeliveries')}
          </Button>
        }
      >
        <DeliveriesTable pageSize={5} compact />
      </Card>
      <Card size="small" className="section-card tabs-card">
        <Tabs
          destroyOnHidden
          items={[
            {
              key: 'documents',
              label: t('suppliers.tab.documents'),
              children: <DocumentsTable supplierId={supplier.id} canUpload />,
            },
            {
              key: 'bases',
              label: t('suppliers.tab.bases'),
              children: <FarmBasesTable supplierId={supplier.id} canEdit />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
