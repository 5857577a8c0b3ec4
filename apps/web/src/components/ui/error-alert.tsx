import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/api-client';

/**
 * What went wrong, for a toast or a banner: the API's message, followed by the first of its field
 * issues, which say what to change ("就餐人数合计 1900 超过在校生人数 1860") where the message
 * alone only says that the request was refused.
 */
export function errorText(error: unknown, language: string, fallback: string): string {
  if (!isApiError(error)) return fallback;
  const zh = language.startsWith('zh');
  const details = error.issues.slice(0, 3).map((issue) => (zh ? issue.message : issue.messageEn));
  if (details.length === 0) return error.localized(language);
  const more = error.issues.length > details.length ? '…' : '';
  return `${error.localized(language)}${zh ? '：' : ': '}${details.join(zh ? '；' : '; ')}${more}`;
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
