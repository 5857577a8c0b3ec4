import { ArrowUpOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useOrgUnit } from '@/features/org-units/api/get-org-unit';
import { ConnectionRatePanel } from '@/features/org-units/components/connection-rate-panel';
import { orgUnitBreadcrumb } from '@/features/org-units/components/org-unit-breadcrumb';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { PageHeader } from '@/components/ui/page-header';
import { useCurrentUser } from '@/lib/auth';

const RATE_LEVELS = ['province', 'city', 'county', 'school'] as const;

/** 接入率 of the user's unit or a chosen one, drilling down level by level. */
export function ConnectionRateRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const params = useParams();
  const unitId = params.id ?? user.orgUnit?.id ?? '';
  const { data: unit } = useOrgUnit(unitId);
  const parent = unit?.ancestors[unit.ancestors.length - 1];
  const canGoUp = !!unit && unit.id !== user.orgUnit?.id && !!parent;
  const go = (id: string) => void navigate(`/connection-rate/${id}`);

  return (
    <>
      <PageHeader
        title={t('nav.connectionRate')}
        subTitle={unit?.name}
        breadcrumb={
          unit ? orgUnitBreadcrumb(unit, user, (id) => `/connection-rate/${id}`) : undefined
        }
        extra={
          <>
            <OrgUnitTreeSelect
              key={unitId}
              value={undefined}
              onChange={(id) => id && go(id)}
              selectableLevels={RATE_LEVELS}
              maxLevel="school"
              placeholder={t('connection.pickUnit')}
              style={{ width: 240 }}
            />
            {canGoUp && parent && (
              <Button icon={<ArrowUpOutlined />} onClick={() => go(parent.id)}>
                {t('connection.up', { name: parent.name })}
              </Button>
            )}
          </>
        }
      />
      <div style={{ marginTop: 16 }}>
        <ConnectionRatePanel unitId={unitId} onDrill={go} />
      </div>
    </>
  );
}
