import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertSeverity } from '@canteen/shared';

/** One colour per severity wherever an alert appears: inbox, detail, notification centre. */
export const SEVERITY_COLORS: Record<AlertSeverity, string> = {
  critical: '#cf1322',
  warning: '#d46b08',
  info: '#1456c7',
};

export function AlertSeverityTag({ severity }: { severity: AlertSeverity }) {
  const { t } = useTranslation();
  return (
    <Tag color={SEVERITY_COLORS[severity]} data-testid="alert-severity" data-severity={severity}>
      {t(`alerts.severity.${severity}`)}
    </Tag>
  );
}
