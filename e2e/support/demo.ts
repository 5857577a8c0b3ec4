import { expect, type Locator, type Page } from '@playwright/test';

/** Demo accounts and names from prisma/seed (tree.ts); every demo account shares one password. */
export const DEMO_PASSWORD = 'Demo@2026';

export const DEMO = {
  tongchuanSchool: '达州市通川区第一小学',
  tongchuanOtherSchool: '达州市通川区第二小学',
  dachuanSchool: '达州市达川区实验小学',
  /** The supplier of supplier_demo (prisma/seed/supply-catalogue.ts): vegetables, fruit, eggs, soy. */
  supplier: '达州市鲜达农产品配送有限公司',
  supplierBlacklisted: '达州市通达食品贸易有限公司',
} as const;

/** Today as YYYY-MM-DD in Asia/Shanghai, the day every delivery is dated in. */
export function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** Picks an option of an antd Select (or TreeSelect) by its exact title, typing to filter first. */
export async function pickOption(page: Page, field: Locator, title: string, search = title) {
  await field.click();
  await field.fill(search);
  await page.locator(`.ant-select-item-option[title="${title}"]`).first().click();
}

/**
 * Chooses an option of an antd Select by its exact title. A click that lands while the list is still
 * opening can be lost on a loaded machine, so it is repeated until the field shows the choice.
 */
export async function chooseOption(page: Page, field: Locator, title: string): Promise<void> {
  const chosen = field
    .locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]')
    .locator('.ant-select-selection-item');
  await expect(async () => {
    const option = page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${title}"]`);
    if (!(await option.isVisible())) await field.click();
    await option.click({ timeout: 3_000 });
    await expect(chosen).toHaveAttribute('title', title, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** Picks the first option whose text starts with the given text (option titles carry codes). */
export async function pickOptionStarting(page: Page, field: Locator, text: string) {
  await field.click();
  await field.fill(text);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click();
}

/**
 * Signs out through the user menu. A click that lands while the menu is still opening can be lost
 * on a loaded machine, so the menu is reopened and clicked again until the login page shows.
 */
export async function logout(page: Page): Promise<void> {
  await expect(async () => {
    const item = page.getByRole('menuitem', { name: '退出登录' });
    if (!(await item.isVisible())) await page.getByTestId('user-menu').click();
    await item.click({ timeout: 3_000 });
    await expect(page).toHaveURL(/\/login/, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
}

export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
