import { Card, DatePicker, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TSupervisionQuery } from '@canteen/shared';
import {
  SupervisionExportButton,
  SupervisionTable,
} from '@/features/alerts/components/supervision-table';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { PageHeader } from '@/components/ui/page-header';
import { useCurrentUser } from '@/lib/auth';
import { dayjs, defaultPeriod } from '@/lib/format';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 靶向监管: how the units below the chosen one (the asker's own by default) acted on the alerts
 * they held in a period (the last 30 days by default), worst first, with an .xlsx export.
 */
export function WarningsSupervisionRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const [defaultFrom, defaultTo] = defaultPeriod();
  const from = DAY.test(params.get('from') ?? '')
    ? params.get('from')!
    : defaultFrom.format('YYYY-MM-DD');
  const to = DAY.test(params.get('to') ?? '') ? params.get('to')! : defaultTo.format('YYYY-MM-DD');
  const query: TSupervisionQuery = {
    orgUnitId: params.get('orgUnitId') ?? user.orgUnit!.id,
    from,
    to,
  };

  const update = (patch: Partial<TSupervisionQuery>) =>
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
    <>
      <PageHeader
        title={t('alerts.nav.supervision')}
        subTitle={t('alerts.supervision.subtitle')}
        extra={<SupervisionExportButton query={query} />}
      />
      <Card size="small" className="section-card" style={{ marginTop: 16 }}>
        <div className="table-toolbar">
          <Space wrap>
            <OrgUnitTreeSelect
              value={query.orgUnitId}
              allowClear={false}
              maxLevel="county"
              onChange={(orgUnitId) => orgUnitId && update({ orgUnitId })}
              style={{ width: 240 }}
            />
            <DatePicker.RangePicker
              value={[dayjs(from), dayjs(to)]}
              allowClear={false}
              onChange={(range) =>
                range?.[0] &&
                range[1] &&
                update({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })
              }
              style={{ width: 260 }}
            />
          </Space>
        </div>
        <SupervisionTable query={query} />
      </Card>
    </>
  );
}
