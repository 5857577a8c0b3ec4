/** A "day" in this domain (a menu, a ledger day, a 旬) is a calendar date in Asia/Shanghai. */
export const TIME_ZONE = 'Asia/Shanghai';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** 'YYYY-MM-DD' of the instant in Asia/Shanghai. */
export function shanghaiDay(instant: Date = new Date()): string {
  return dayFormat.format(instant);
}

/** The day `days` before (negative: after) a 'YYYY-MM-DD' day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The instant a 'YYYY-MM-DD' day begins in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}
