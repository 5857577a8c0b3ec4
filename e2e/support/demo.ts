import { expect, type Page } from '@playwright/test';

/** Demo accounts and names from prisma/seed (tree.ts); every demo account shares one password. */
export const DEMO_PASSWORD = 'Demo@2026';

export const DEMO = {
  tongchuanSchool: '达州市通川区第一小学',
  tongchuanOtherSchool: '达州市通川区第二小学',
  dachuanSchool: '达州市达川区实验小学',
} as const;

export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
