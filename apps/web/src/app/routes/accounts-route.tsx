import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { UsersTable } from '@/features/users/components/users-table';
import { PageHeader } from '@/components/ui/page-header';
import { useCurrentUser } from '@/lib/auth';

export function AccountsRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <>
      <PageHeader
        title={t('nav.accounts')}
        subTitle={t('users.scope', { unit: user.orgUnit?.name ?? '' })}
      />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <UsersTable />
      </Card>
    </>
  );
}
