import { expect, test } from '@playwright/test';
import { DEMO, chooseOption, login } from '../support/demo';

test('an official reads the supplier register with blacklist and licence badges', async ({
  page,
}) => {
  await login(page, 'county_admin_tongchuan');
  await page.getByRole('menuitem', { name: /(^|\s)供应商$/ }).click();
  const table = page.getByTestId('suppliers-table');
  const blacklisted = table.getByRole('row', { name: new RegExp(DEMO.supplierBlacklisted) });
  await expect(blacklisted.getByText('失信名单', { exact: true })).toBeVisible();
  await expect(blacklisted.getByRole('button', { name: '移出失信名单' })).toBeVisible();
  // The grain supplier's food business licence expires within 30 days of the seeding.
  await expect(
    table.getByRole('row', { name: /达州市通川区粮油贸易有限公司/ }).getByTestId('expiry-expiring'),
  ).toBeVisible();

  await table.getByRole('link', { name: DEMO.supplier }).click();
  await expect(page.getByTestId('supplier-name')).toHaveText(DEMO.supplier);
  const documents = page.getByTestId('documents-table');
  await expect(documents.getByRole('row', { name: /营业执照/ })).toBeVisible();
  await expect(documents.getByRole('link', { name: /\.pdf$/ }).first()).toHaveAttribute(
    'href',
    /\/api\/suppliers\/.+\/documents\/.+\/file$/,
  );
  await page.getByRole('tab', { name: '生产基地' }).click();
  await expect(
    page.getByTestId('farm-bases-table').getByText('宣汉县峰城镇蔬菜种植基地'),
  ).toBeVisible();
  await page.getByRole('tab', { name: '供货合同' }).click();
  await expect(page.getByTestId('contracts-table').getByText(DEMO.tongchuanSchool)).toBeVisible();
});

test('canteen staff check deliveries but neither trace nor manage the register', async ({
  page,
}) => {
  await login(page, 'canteen_staff_demo');
  await expect(page.getByRole('menuitem', { name: '进货验收' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '溯源查询' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: '进货验收' }).click();
  // Pending deliveries come first.
  await expect(
    page.getByTestId('deliveries-table').getByRole('row').nth(1).getByTestId('manifest-status'),
  ).toHaveText('待验收');
  await page.getByRole('menuitem', { name: /(^|\s)供应商$/ }).click();
  await expect(page.getByRole('button', { name: '登记供应商' })).toHaveCount(0);
  await page.goto('/trace');
  await expect(page.getByText('无权访问')).toBeVisible();
});

test('a food banned in school canteens is refused with the reason', async ({ page }) => {
  test.skip(!process.env.E2E_MUTATIONS, 'uses a write path: set E2E_MUTATIONS=1');
  await login(page, 'county_admin_tongchuan');
  await page.goto('/ingredients');
  await page.getByRole('button', { name: '新增食材' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('食材名称').fill('四季豆');
  await chooseOption(page, dialog.getByLabel('食物类别'), '蔬菜类');
  await dialog.getByRole('button', { name: /创\s*建/ }).click();
  await expect(dialog.getByText('四季豆加工不彻底易致皂素中毒，学校食堂禁止制售')).toBeVisible();
});
