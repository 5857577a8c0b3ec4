import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { MEALS, MOVEMENT_KINDS, type Meal, type MovementKind } from '@canteen/shared';
import { LedgerCanteenPage } from '@/features/ledger/components/ledger-canteen-page';
import {
  LedgerExportButton,
  LedgerReportTable,
} from '@/features/ledger/components/ledger-report-table';
import { MovementsTable, type MovementFilters } from '@/features/ledger/components/movements-table';
import { PeriodPicker } from '@/features/ledger/components/period-picker';
import { defaultPeriod } from '@/lib/format';

type Tab = 'movements' | 'report';

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((v) => v === value);

/**
 * 台账: the movements of a period with the reversal pairs linked, and the period's report
 * (opening, in, out, … closing per ingredient) with its .xlsx export. Everything is in the
 * address, so a view (and an open movement) can be shared.
 */
export function LedgerMovementsRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [defaultFrom, defaultTo] = defaultPeriod();
  const from = params.get('from') ?? defaultFrom.format('YYYY-MM-DD');
  const to = params.get('to') ?? defaultTo.format('YYYY-MM-DD');
  const tab: Tab = params.get('tab') === 'report' ? 'report' : 'movements';
  const filters: MovementFilters = {
    kind: oneOf<MovementKind>(MOVEMENT_KINDS, params.get('kind')),
    meal: oneOf<Meal>(MEALS, params.get('meal')),
    ingredientId: params.get('ingredientId') ?? undefined,
    batchId: params.get('batchId') ?? undefined,
  };
  const openId = params.get('movement');

  const update = (patch: Record<string, string | undefined | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [key, value] of Object.entries(patch)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  return (
    <LedgerCanteenPage
      title={t('ledger.nav.movements')}
      subTitle={t('ledger.movements.subtitle')}
      extra={(canteenId) => <LedgerExportButton query={{ canteenId, from, to }} />}
    >
      {(canteenId) => (
        <Card size="small" className="section-card tabs-card">
          <Tabs
            activeKey={tab}
            onChange={(key) => update({ tab: key === 'report' ? 'report' : null })}
            tabBarExtraContent={
              <PeriodPicker from={from} to={to} onChange={(f, t2) => update({ from: f, to: t2 })} />
            }
            items={[
              {
                key: 'movements',
                label: t('ledger.movements.tab'),
                children: (
                  <MovementsTable
                    canteenId={canteenId}
                    from={from}
                    to={to}
                    filters={filters}
                    onFilters={(next) => update({ ...next })}
                    openId={openId}
                    onOpen={(id) => update({ movement: id })}
                  />
                ),
              },
              {
                key: 'report',
                label: t('ledger.report.tab'),
                children: <LedgerReportTable query={{ canteenId, from, to }} />,
              },
            ]}
            destroyOnHidden
          />
        </Card>
      )}
    </LedgerCanteenPage>
  );
}
