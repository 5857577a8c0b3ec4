import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Times are stored in UTC and always shown in China Standard Time, wherever the browser is. */
export const DISPLAY_TZ = 'Asia/Shanghai';

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).tz(DISPLAY_TZ).format('YYYY-MM-DD HH:mm:ss');
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).tz(DISPLAY_TZ).format('YYYY-MM-DD');
}

/** Start of a calendar day in Asia/Shanghai, as an ISO instant for the API. */
export function shanghaiDayStart(day: dayjs.Dayjs): string {
  return dayjs.tz(day.format('YYYY-MM-DD'), DISPLAY_TZ).toISOString();
}

/** Start of the day after, so that a range "to" a day includes all of it. */
export function shanghaiDayEnd(day: dayjs.Dayjs): string {
  return dayjs.tz(day.format('YYYY-MM-DD'), DISPLAY_TZ).add(1, 'day').toISOString();
}

export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

/** Money travels as integer fen (分) and is shown as yuan. */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Decimal quantities arrive as strings ("12.500"); trailing zeros go, the unit stays beside it. */
export function formatQuantity(quantity: string | null | undefined, unit?: string | null): string {
  if (quantity === null || quantity === undefined) return '—';
  const trimmed = quantity.includes('.') ? quantity.replace(/\.?0+$/, '') : quantity;
  return unit ? `${trimmed} ${unit}` : trimmed;
}

/** Today as a calendar day in Asia/Shanghai. */
export function shanghaiToday(): dayjs.Dayjs {
  return dayjs.tz(dayjs().tz(DISPLAY_TZ).format('YYYY-MM-DD'), DISPLAY_TZ);
}

/**
 * The default period of the ledger, meal costs and 靶向监管: the last 30 days through today. A
 * calendar month so far is next to empty on the 1st, and last month would hide today's bookings
 * from the kitchen that just made them; the pickers offer 本月 and 上月 besides.
 */
export function defaultPeriod(): [dayjs.Dayjs, dayjs.Dayjs] {
  const today = shanghaiToday();
  return [today.subtract(29, 'day'), today];
}

export function setDayjsLocale(language: string): void {
  dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
}

export { dayjs };
