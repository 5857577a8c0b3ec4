import { Card, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/ui/page-header';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCurrentUser } from '@/lib/auth';
import { NutritionTargetsPanel } from '@/features/nutrition/components/nutrition-targets-panel';
import { UnitSettingsPanel } from '@/features/nutrition/components/unit-settings-panel';

/** 营养标准: the targets and meal settings in force at a unit, and where each comes from. */
export function NutritionTargetsRoute() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [unitId, setUnitId] = useState<string | undefined>(user.orgUnit?.id);
  return (
    <>
      <PageHeader
        title={t('menus.nav.targets')}
        subTitle={t('menus.targets.subtitle')}
        extra={
          <OrgUnitTreeSelect
            value={unitId}
            onChange={(id) => setUnitId(id ?? user.orgUnit?.id)}
            allowClear={false}
            style={{ minWidth: 260 }}
          />
        }
      />
      {unitId && (
        <>
          <Card size="small" className="section-card" style={{ marginTop: 16 }}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
              {t('menus.targets.explain')}
            </Typography.Paragraph>
            <NutritionTargetsPanel orgUnitId={unitId} />
          </Card>
          <div style={{ marginTop: 16 }}>
            <UnitSettingsPanel orgUnitId={unitId} />
          </div>
        </>
      )}
    </>
  );
}
