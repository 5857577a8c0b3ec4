import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/api-client';

export function errorText(error: unknown, language: string, fallback: string): string {
  if (isApiError(error)) return error.localized(language);
  return fallback;
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  const requestId = isApiError(error) ? error.requestId : undefined;
  return (
    <Alert
      type="error"
      showIcon
      message={errorText(error, i18n.language, t('common.loadFailed'))}
      description={requestId ? t('common.requestId', { id: requestId }) : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
