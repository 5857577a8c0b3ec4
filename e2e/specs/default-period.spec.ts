import { expect, test } from '@playwright/test';
import { login } from '../support/demo';

/**
 * Monthly views open on this month so far, except on the 1st, when this month holds next to
 * nothing yet and the whole of last month is what an official wants to see. The browser's clock
 * is set; the server's is not needed for the default.
 */
for (const [now, from, to] of [
  ['2026-12-01T08:30:00+08:00', '2026-11-01', '2026-11-30'],
  ['2026-12-15T08:30:00+08:00', '2026-12-01', '2026-12-15'],
] as const) {
  test(`靶向监管 on ${now.slice(0, 10)} opens on ${from} – ${to}`, async ({ page }) => {
    await page.clock.setFixedTime(new Date(now));
    await login(page, 'city_admin');
    await page.goto('/warnings/supervision');
    const range = page.locator('.ant-picker-range input');
    await expect(range.first()).toHaveValue(from, { timeout: 30_000 });
    await expect(range.last()).toHaveValue(to);
  });
}
