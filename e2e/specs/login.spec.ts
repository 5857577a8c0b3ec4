import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, logout } from '../support/demo';

test('a wrong password shows the Chinese error and a right one signs in', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText('达州市校园食品安全智慧监管平台').first()).toBeVisible();

  await page.getByLabel('用户名').fill('county_viewer_tongchuan');
  await page.getByLabel('密码').fill('Wrong@2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('login-error')).toContainText('用户名或密码错误');
  await expect(page).toHaveURL(/\/login/);

  // Signing in successfully also resets the account's failure count, so reruns never lock it.
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('org-unit-title')).toHaveText('通川区');
  // A read-only official sees no write actions.
  await expect(page.getByRole('button', { name: /新建/ })).toHaveCount(0);

  await logout(page);
});

test('empty fields are refused in the form before any request', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByText('请输入用户名')).toBeVisible();
  await expect(page.getByText('请输入密码')).toBeVisible();
});
