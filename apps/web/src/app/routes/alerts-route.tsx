import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ALERT_SEVERITIES, ALERT_STATUSES, type AlertSeverity } from '@canteen/shared';
import type { AlertListQuery } from '@/features/alerts/api/get-alerts';
import { AlertsTable, type AlertStatusFilter } from '@/features/alerts/components/alerts-table';
import { PageHeader } from '@/components/ui/page-header';

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((v) => v === value);
const positive = (value: string | null) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/** 预警收件箱: the filters are in the address, so a view can be bookmarked and shared. */
export function AlertsRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query: AlertListQuery = {
    severity: oneOf<AlertSeverity>(ALERT_SEVERITIES, params.get('severity')),
    status: oneOf<AlertStatusFilter>(['open', ...ALERT_STATUSES], params.get('status')),
    ruleId: params.get('ruleId') ?? undefined,
    orgUnitId: params.get('orgUnitId') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    mine: params.get('mine') === 'true' ? true : undefined,
    page: positive(params.get('page')) ?? 1,
    pageSize: positive(params.get('pageSize')) ?? 20,
  };

  const update = (patch: Partial<AlertListQuery>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value === null || value === '' || value === false)
            next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader title={t('alerts.nav.inbox')} subTitle={t('alerts.inbox.subtitle')} />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <AlertsTable query={query} onQuery={update} />
      </Card>
    </>
  );
}
