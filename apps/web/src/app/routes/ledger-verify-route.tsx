import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DigestsTable, PublicKeyCard } from '@/features/ledger/components/digests-table';
import { VerificationPanel } from '@/features/ledger/components/verification-panel';
import { PageHeader } from '@/components/ui/page-header';
import '@/features/ledger/components/ledger.css';

/** 账本校验 for officials and principals: the chains and the signed daily digests of a unit. */
export function LedgerVerifyRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const orgUnitId = params.get('orgUnitId') ?? undefined;
  return (
    <div className="ledger-page">
      <PageHeader title={t('ledger.nav.verify')} subTitle={t('ledger.verify.subtitle')} />
      <div className="ledger-page-body ledger-verify-grid">
        <VerificationPanel
          orgUnitId={orgUnitId}
          onOrgUnit={(id) => setParams(id ? { orgUnitId: id } : {}, { replace: true })}
        />
        <PublicKeyCard />
      </div>
      <Card
        size="small"
        className="section-card"
        title={t('ledger.digests.title')}
        style={{ marginTop: 16 }}
      >
        <DigestsTable orgUnitId={orgUnitId} />
      </Card>
    </div>
  );
}
