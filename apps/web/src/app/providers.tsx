import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SessionWatcher } from '@/lib/auth';
import { setDayjsLocale } from '@/lib/format';
import { createQueryClient } from '@/lib/query-client';

const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1456c7',
    colorInfo: '#1456c7',
    colorLink: '#1456c7',
    borderRadius: 4,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif',
    colorBgLayout: '#f0f2f5',
  },
  components: {
    Layout: { headerBg: '#0b3b8c', headerHeight: 60, headerPadding: '0 20px', siderBg: '#ffffff' },
    Menu: { itemSelectedBg: '#e8f0fe', itemSelectedColor: '#1456c7', itemHeight: 44 },
    Table: { headerBg: '#f5f7fa', headerColor: '#1f2937' },
    Card: { headerFontSize: 15 },
  },
};

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const { i18n } = useTranslation();
  const language = i18n.language;

  useEffect(() => {
    setDayjsLocale(language);
    document.documentElement.lang = language === 'en' ? 'en' : 'zh-CN';
    document.title = i18n.t('app.name');
  }, [language, i18n]);
  setDayjsLocale(language);

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={language === 'en' ? enUS : zhCN} theme={theme}>
        <AntApp>
          <SessionWatcher />
          {children}
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
