import { MOVEMENT_DAYS_BACK, type Meal } from '@canteen/shared';
import { dayjs, DISPLAY_TZ, formatYuan, shanghaiToday } from '@/lib/format';

/** Ledger values may be negative (stock-outs, write-offs): the sign goes before the ¥. */
export function signedYuan(fen: number): string {
  return fen < 0 ? `−${formatYuan(-fen)}` : formatYuan(fen);
}

/** "12.5" yuan → 1250 fen, by the digits rather than by float arithmetic. */
export function yuanToFen(yuan: string | number): number {
  const [whole = '0', fraction = ''] = String(yuan).trim().split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

/** The days a movement may be dated: today back to MOVEMENT_DAYS_BACK days ago (the server also refuses sealed days). */
export function isBookableDay(day: dayjs.Dayjs): boolean {
  const today = shanghaiToday();
  const value = day.format('YYYY-MM-DD');
  return (
    value <= today.format('YYYY-MM-DD') &&
    value >= today.subtract(MOVEMENT_DAYS_BACK, 'day').format('YYYY-MM-DD')
  );
}

/** The meal being prepared now, by the kitchen clock (a default the cook can change). */
export function currentMeal(): Meal {
  const hour = dayjs().tz(DISPLAY_TZ).hour();
  if (hour < 9) return 'breakfast';
  if (hour < 14) return 'lunch';
  return 'dinner';
}
