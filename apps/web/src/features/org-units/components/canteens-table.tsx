import { Button, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TOrgUnit } from '@canteen/shared';
import { ConnectionStatusTag } from '@/components/ui/connection-status-tag';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { formatDateTime } from '@/lib/format';
import { useOrgUnits } from '@/lib/org-unit-lookup';
import { ChangeConnectionModal } from './change-connection-modal';
import { OrgUnitIcon } from './org-unit-icon';

/** A school's canteens with their connection status, changed from here by those allowed. */
export function CanteensTable({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const canteens = useOrgUnits({ parentId: schoolId, pageSize: 500 });
  const [changing, setChanging] = useState<TOrgUnit | null>(null);
  const canConnect = can(user, 'org:connection');

  const columns: TableColumnsType<TOrgUnit> = [
    {
      title: t('org.canteenName'),
      dataIndex: 'name',
      render: (_, row) => (
        <Link to={`/org/${row.id}`} className="unit-link">
          <OrgUnitIcon level="canteen" /> {row.name}
        </Link>
      ),
    },
    { title: t('org.field.code'), dataIndex: 'code', width: 150 },
    {
      title: t('connection.statusLabel'),
      dataIndex: 'connectionStatus',
      width: 130,
      render: (_, row) => <ConnectionStatusTag status={row.connectionStatus} />,
    },
    {
      title: t('connection.connectedAt'),
      dataIndex: 'connectedAt',
      width: 190,
      render: (value: string | null) => formatDateTime(value),
    },
    {
      title: t('org.field.contactName'),
      dataIndex: 'contactName',
      width: 120,
      responsive: ['lg'],
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, row) => (
        <>
          <Link to={`/org/${row.id}`}>{t('common.view')}</Link>
          {canConnect && (
            <Button type="link" size="small" onClick={() => setChanging(row)}>
              {t('connection.change')}
            </Button>
          )}
        </>
      ),
    },
  ];

  if (canteens.isError)
    return <ErrorAlert error={canteens.error} onRetry={() => void canteens.refetch()} />;

  return (
    <>
      <Table<TOrgUnit>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={canteens.data?.items ?? []}
        loading={canteens.isPending}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="canteens-table"
      />
      <ChangeConnectionModal canteen={changing} onClose={() => setChanging(null)} />
    </>
  );
}
