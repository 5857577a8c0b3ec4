import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { AuditLogTable } from '@/features/audit/components/audit-log-table';
import { PageHeader } from '@/components/ui/page-header';
import { useCurrentUser } from '@/lib/auth';

export function AuditRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <>
      <PageHeader
        title={t('nav.audit')}
        subTitle={t('audit.scope', { unit: user.orgUnit?.name ?? '' })}
      />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <AuditLogTable />
      </Card>
    </>
  );
}
