import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { ORG_LEVELS, type OrgLevel, type TSettingSource } from '@canteen/shared';

/** Where an effective setting comes from: the unit that set it, or the built-in default. */
export function SourceTag({ source }: { source: TSettingSource }) {
  const { t } = useTranslation();
  if (!source) return <Tag data-testid="setting-source">{t('menus.settings.sourceDefault')}</Tag>;
  const level = (ORG_LEVELS as readonly string[]).includes(source.level)
    ? t(`level.${source.level as OrgLevel}`)
    : source.level;
  return (
    <Tooltip title={level}>
      <Tag color="blue" data-testid="setting-source">
        {t('menus.settings.sourceUnit', { name: source.name })}
      </Tag>
    </Tooltip>
  );
}
