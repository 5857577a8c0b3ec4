/** A "day" in this domain (a menu, a ledger day, a 旬) is a calendar date in Asia/Shanghai. */
export const TIME_ZONE = 'Asia/Shanghai';

/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * 'YYYY-MM-DD' of the instant in Asia/Shanghai: UTC+8 without daylight saving, as shanghaiDayStart
 * assumes too. Arithmetic rather than Intl, which costs microseconds a call on the ledger's hot path.
 */
export function shanghaiDay(instant: Date = new Date()): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD HH:mm:ss' of the instant in Asia/Shanghai, as exports and reports print a time. */
export function shanghaiDateTime(instant: Date = new Date()): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** 'YYYYMMDD', for file names and codes. */
export const compactDay = (day: string) => day.replaceAll('-', '');

/** The day `days` after (negative: before) a 'YYYY-MM-DD' day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The instant a 'YYYY-MM-DD' day begins in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}
