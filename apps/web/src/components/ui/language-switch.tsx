import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { setUiLanguage } from '@/lib/i18n';

/** One click toggles between 简体中文 and English; the button names the language it switches to. */
export function LanguageSwitch({ light = false }: { light?: boolean }) {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      onClick={() => setUiLanguage(next)}
      data-testid="language-switch"
      style={light ? { color: 'rgba(255,255,255,0.92)' } : undefined}
      title={t('language.switch')}
    >
      {next === 'en' ? 'English' : '中文'}
    </Button>
  );
}
