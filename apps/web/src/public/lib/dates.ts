const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** 'YYYY-MM-DD' (an Asia/Shanghai day) → its weekday, e.g. 周一. */
export const weekdayOf = (day: string) => WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]!;

/** '2026-11-30' → '11月30日'. */
export const monthDay = (day: string) =>
  `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An instant shown in Asia/Shanghai, e.g. 2026/11/30 12:05. */
export const shanghaiTime = (iso: string) => TIME.format(new Date(iso));

/** Monday of the week of a day. */
export function mondayOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}
