import { expect, test } from '@playwright/test';
import { login } from '../support/demo';

/**
 * 靶向监管 (like the ledger and meal costs) opens on the last 30 days through today, so that the
 * 1st of a month is not an empty page. The browser's clock is set; the server's is not needed for
 * the default.
 */
for (const [now, from, to] of [
  ['2026-12-01T08:30:00+08:00', '2026-11-02', '2026-12-01'],
  ['2026-03-01T08:30:00+08:00', '2026-01-31', '2026-03-01'],
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
