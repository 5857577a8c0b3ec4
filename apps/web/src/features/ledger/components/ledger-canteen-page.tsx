import { Card, Empty } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/ui/page-header';
import { PageLoading } from '@/components/ui/page-loading';
import { CanteenPicker } from './canteen-picker';
import { useLedgerCanteen } from './use-ledger-canteen';
import './ledger.css';

/**
 * The frame of every per-canteen ledger page: title, the canteen picker and the page's own
 * actions in the header; the body once a canteen is chosen.
 */
export function LedgerCanteenPage({
  title,
  subTitle,
  extra,
  children,
}: {
  title: ReactNode;
  subTitle?: ReactNode;
  extra?: (canteenId: string) => ReactNode;
  children: (canteenId: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const context = useLedgerCanteen();
  const { canteenId, loading } = context;

  return (
    <div className="ledger-page">
      <PageHeader
        title={title}
        subTitle={subTitle}
        extra={
          <>
            <CanteenPicker context={context} />
            {canteenId && extra?.(canteenId)}
          </>
        }
      />
      <div className="ledger-page-body">
        {loading ? (
          <PageLoading />
        ) : canteenId ? (
          <div key={canteenId}>{children(canteenId)}</div>
        ) : (
          <Card className="section-card">
            <Empty description={t('ledger.canteen.pickFirst')} />
          </Card>
        )}
      </div>
    </div>
  );
}
