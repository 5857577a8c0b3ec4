import { expect, test } from '@playwright/test';

test('the language switch turns the console into English and back', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: '用户登录' })).toBeVisible();
  await page.getByTestId('language-switch').click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(
    page.getByText('Dazhou School Food Safety Supervision Platform').first(),
  ).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // The choice survives the sign-in and applies to the console and API errors alike.
  await page.getByLabel('Username').fill('city_admin');
  await page.getByLabel('Password').fill('Demo@2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('org-unit-title')).toHaveText('达州市');
  await expect(page.getByRole('menuitem', { name: 'Connection rate' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Child units' })).toBeVisible();

  await page.getByTestId('language-switch').click();
  await expect(page.getByRole('menuitem', { name: '接入率统计' })).toBeVisible();
});
