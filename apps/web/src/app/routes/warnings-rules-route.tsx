import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { RuleCatalogue } from '@/features/alerts/components/rule-catalogue';
import { useOrgUnit } from '@/features/org-units/api/get-org-unit';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { PageHeader } from '@/components/ui/page-header';
import { useCurrentUser } from '@/lib/auth';

/** 预警规则: the catalogue as it holds at a unit of the asker's subtree (their own by default). */
export function WarningsRulesRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const own = user.orgUnit!;
  const orgUnitId = params.get('orgUnitId') ?? own.id;
  const chosen = useOrgUnit(orgUnitId === own.id ? undefined : orgUnitId);
  const unitName = orgUnitId === own.id ? own.name : (chosen.data?.name ?? '');

  return (
    <>
      <PageHeader
        title={t('alerts.nav.rules')}
        subTitle={t('alerts.rules.subtitle')}
        extra={
          <Space>
            <span>{t('alerts.rules.unit')}</span>
            <OrgUnitTreeSelect
              value={orgUnitId}
              valueLabel={unitName}
              allowClear={false}
              maxLevel="school"
              onChange={(id) => {
                if (id) setParams(id === own.id ? {} : { orgUnitId: id }, { replace: true });
              }}
              style={{ width: 260 }}
            />
          </Space>
        }
      />
      <div style={{ marginTop: 16 }}>
        <RuleCatalogue orgUnitId={orgUnitId} unitName={unitName} />
      </div>
    </>
  );
}
