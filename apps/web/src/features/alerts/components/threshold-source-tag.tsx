import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TSettingSource } from '@canteen/shared';
import { levelLabel } from './alert-text';

/** Where a value in force comes from: the unit that set it, or the rule's own default. */
export function ThresholdSourceTag({ source }: { source: TSettingSource }) {
  const { t } = useTranslation();
  if (!source)
    return (
      <Tag className="threshold-source" data-testid="threshold-source">
        {t('alerts.rules.sourceDefault')}
      </Tag>
    );
  return (
    <Tooltip title={levelLabel(t, source.level)}>
      <Tag color="blue" className="threshold-source" data-testid="threshold-source">
        {t('alerts.rules.sourceUnit', { name: source.name })}
      </Tag>
    </Tooltip>
  );
}
