import { expect, test } from '@playwright/test';
import { DEMO, login } from '../support/demo';

test('canteen staff land on their own school and see nothing above it', async ({ page }) => {
  await login(page, 'canteen_staff_demo');

  await expect(page.getByTestId('org-unit-title')).toHaveText(DEMO.tongchuanSchool);
  await expect(page.getByTestId('header-unit')).toHaveText(DEMO.tongchuanSchool);
  // The sider tree is rooted at the school: its canteens, and no county or sibling school.
  const tree = page.getByRole('tree');
  await expect(tree.getByText(DEMO.tongchuanSchool)).toBeVisible();
  await expect(tree.getByText('学生食堂')).toBeVisible();
  await expect(tree.getByText('通川区', { exact: true })).toHaveCount(0);
  await expect(page.getByText(DEMO.tongchuanOtherSchool)).toHaveCount(0);
  await expect(page.getByRole('menuitem', { name: '本校概况' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '账号管理' })).toHaveCount(0);

  const canteens = page.getByTestId('canteens-table');
  await expect(canteens.getByRole('link', { name: '学生食堂' })).toBeVisible();
  // Staff may read, not change, a canteen's connection status.
  await expect(page.getByRole('button', { name: '变更接入状态' })).toHaveCount(0);
});

test('a supplier lands on its portal and sees only its own company', async ({ page }) => {
  await login(page, 'supplier_demo');
  await expect(page).toHaveURL(/\/supplier$/);
  await expect(page.getByTestId('supplier-title')).toHaveText(DEMO.supplier);
  await expect(page.getByTestId('documents-table').getByText('食品经营许可证')).toBeVisible();
  await expect(page.getByTestId('deliveries-table')).toBeVisible();
  // The portal's menu; none of the register's or the tree's pages.
  await expect(page.getByRole('menuitem', { name: /(^|\s)送货单$/ })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '接口密钥' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: /(^|\s)供应商$/ })).toHaveCount(0);
  await expect(page.getByRole('tree')).toHaveCount(0);
  await page.goto('/suppliers');
  await expect(page.getByText('无权访问')).toBeVisible();
});
