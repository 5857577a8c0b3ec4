import type { TFunction } from 'i18next';
import {
  ORG_LEVELS,
  type OrgLevel,
  type TBilingualText,
  type TSubjectUnitRef,
} from '@canteen/shared';
import { contractLanguage } from '@/lib/i18n';

/** The alert's own texts (titles, rule names) come in both languages from the API. */
export const bilingual = (text: TBilingualText, language: string) =>
  text[contractLanguage(language)];

export function levelLabel(t: TFunction, level: string): string {
  return (ORG_LEVELS as readonly string[]).includes(level)
    ? t(`level.${level as OrgLevel}`)
    : level;
}

/** "达州市通川区第一小学 学生食堂": a canteen's own name is the same at every school. */
export function subjectName(unit: TSubjectUnitRef): string {
  return unit.parentName ? `${unit.parentName} ${unit.name}` : unit.name;
}

const MINUTE = 60_000;

/** "2 天 3 小时", "1 小时 20 分钟", "35 分钟": the two largest units of a span. */
export function durationText(t: TFunction, ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  if (minutes < 1) return t('alerts.duration.underMinute');
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [
    days > 0 ? t('alerts.duration.days', { count: days }) : null,
    hours > 0 ? t('alerts.duration.hours', { count: hours }) : null,
    rest > 0 ? t('alerts.duration.minutes', { count: rest }) : null,
  ].filter((part): part is string => part !== null);
  return parts.slice(0, 2).join(' ');
}
