import { TIME_ZONE, addDays, shanghaiDay, shanghaiDayStart } from './dates';

describe('shanghaiDay', () => {
  it('turns the day at midnight in Shanghai (16:00 UTC)', () => {
    expect(shanghaiDay(new Date('2026-11-29T15:59:59.999Z'))).toBe('2026-11-29');
    expect(shanghaiDay(new Date('2026-11-29T16:00:00.000Z'))).toBe('2026-11-30');
    expect(shanghaiDay(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
    expect(shanghaiDay(new Date('2028-02-28T16:00:00.000Z'))).toBe('2028-02-29');
  });

  it('agrees with the time zone database and with shanghaiDayStart over years of instants', () => {
    const zone = new Intl.DateTimeFormat('en-CA', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2040, 0, 1); t += 7 * 3_600_000 + 1_234_567) {
      const instant = new Date(t);
      const day = shanghaiDay(instant);
      expect(day).toBe(zone.format(instant));
      expect(shanghaiDayStart(day).getTime()).toBeLessThanOrEqual(t);
      expect(shanghaiDayStart(addDays(day, 1)).getTime()).toBeGreaterThan(t);
    }
  });
});
