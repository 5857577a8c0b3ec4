import { expect, test, type Page } from '@playwright/test';
import { DEMO, login } from '../support/demo';

/**
 * Not a test of behaviour: screenshots of the main pages at desktop and tablet widths, for a human
 * to look at. Runs only with E2E_SCREENSHOTS=1; the PNGs go to e2e/screenshots/ (git-ignored).
 */
test.skip(!process.env.E2E_SCREENSHOTS, 'screenshots only on request (E2E_SCREENSHOTS=1)');

const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'tablet', width: 1024, height: 768 },
] as const;

async function shot(page: Page, name: string, fullPage = true) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage });
}

for (const viewport of VIEWPORTS) {
  test.describe(viewport.name, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test(`console pages (${viewport.name})`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.goto('/login');
      await shot(page, `${viewport.name}-01-login`, false);

      await login(page, 'county_admin_tongchuan');
      await expect(page.getByTestId('children-table')).toBeVisible();
      await shot(page, `${viewport.name}-02-county-home`);

      await page
        .getByTestId('children-table')
        .getByRole('link', { name: DEMO.tongchuanSchool })
        .click();
      await expect(page.getByTestId('canteens-table')).toBeVisible();
      await shot(page, `${viewport.name}-03-school`);

      await page.getByTestId('canteens-table').getByRole('link', { name: '学生食堂' }).click();
      await expect(page.getByTestId('org-unit-title')).toHaveText('学生食堂');
      await shot(page, `${viewport.name}-04-canteen`);

      await page.getByRole('menuitem', { name: '接入率统计' }).click();
      await expect(page.locator('canvas').first()).toBeVisible();
      await shot(page, `${viewport.name}-05-connection-rate`);

      await page.getByRole('menuitem', { name: '账号管理' }).click();
      await expect(page.getByTestId('users-table')).toBeVisible();
      await shot(page, `${viewport.name}-06-accounts`);
      await page.getByRole('button', { name: '新建账号' }).click();
      await shot(page, `${viewport.name}-07-account-create`, false);
      await page.keyboard.press('Escape');

      await page.getByRole('menuitem', { name: '操作日志' }).click();
      await expect(page.getByTestId('audit-table')).toBeVisible();
      const expand = page
        .getByTestId('audit-table')
        .getByRole('button', { name: /展开行|Expand row/ })
        .first();
      if (await expand.isVisible()) await expand.click();
      await shot(page, `${viewport.name}-08-audit`);

      await page.getByTestId('language-switch').click();
      await page.getByRole('menuitem', { name: 'Overview' }).click();
      await shot(page, `${viewport.name}-09-county-home-en`);
      await page.getByTestId('language-switch').click();
    });

    test(`school and supplier homes (${viewport.name})`, async ({ page }) => {
      await login(page, 'canteen_staff_demo');
      await expect(page.getByTestId('canteens-table')).toBeVisible();
      await shot(page, `${viewport.name}-10-staff-home`);
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: '修改密码' }).click();
      await shot(page, `${viewport.name}-11-change-password`, false);
      await page.goto('/');
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: '退出登录' }).click();
      await expect(page).toHaveURL(/\/login/);

      await login(page, 'supplier_demo');
      await shot(page, `${viewport.name}-12-supplier`);
    });
  });
}
