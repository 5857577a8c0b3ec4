import type { TFunction } from 'i18next';

/**
 * A handling time from the API (hours to one decimal) as a reader says it: minutes under an hour,
 * and "within 6 minutes" for what rounds to 0.0 h rather than a misleading "0 hours".
 */
export function hoursText(t: TFunction, hours: number | null): string {
  if (hours === null) return '—';
  if (hours >= 1) return t('feedback.hours', { hours });
  const minutes = Math.round(hours * 60);
  return minutes === 0
    ? t('feedback.withinMinutes', { minutes: 6 })
    : t('feedback.minutes', { minutes });
}
