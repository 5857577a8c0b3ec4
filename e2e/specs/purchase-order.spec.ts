import { expect, test } from '@playwright/test';
import { DEMO, login, pickOption, pickOptionStarting } from '../support/demo';

/**
 * A canteen orders from a contracted supplier; the supplier finds the order and starts a manifest
 * from it, with the order's canteen and lines filled in. Writes data: E2E_MUTATIONS=1 only.
 */
test.skip(
  !process.env.E2E_MUTATIONS,
  'writes data: set E2E_MUTATIONS=1 against a throwaway database',
);

test('a canteen orders, and the supplier starts its manifest from the order', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const kitchen = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await login(kitchen, 'canteen_manager_demo');
  await kitchen.goto('/purchase-orders');
  await kitchen.getByRole('button', { name: '新建采购订单' }).click();
  const dialog = kitchen.getByRole('dialog');
  await dialog.getByLabel('食堂').click();
  await kitchen.locator('.ant-select-tree-treenode', { hasText: '学生食堂' }).first().click();
  // Only suppliers with an active contract for the canteen are offered.
  await pickOption(kitchen, dialog.getByLabel('供应商'), DEMO.supplier, '鲜达');
  await pickOptionStarting(kitchen, dialog.locator('.po-row').nth(1).getByRole('combobox'), '黄瓜');
  await dialog.locator('.po-row').nth(1).locator('input').nth(1).fill('12');
  await dialog.locator('.po-row').nth(1).locator('input').nth(2).fill('3.2');
  await expect(dialog.getByText('¥38.40').first()).toBeVisible();
  await dialog.getByRole('button', { name: '提交订单' }).click();
  await expect(kitchen.getByText(/订单 PO-\d{8}-\d{4} 已提交/)).toBeVisible();
  const code = /PO-\d{8}-\d{4}/.exec(
    (await kitchen.getByText(/订单 PO-\d{8}-\d{4} 已提交/).textContent()) ?? '',
  )?.[0];
  expect(code).toBeTruthy();
  await kitchen.close();

  const supplier = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await login(supplier, 'supplier_demo');
  await supplier.goto('/purchase-orders');
  const row = supplier.getByTestId('orders-table').getByRole('row', { name: new RegExp(code!) });
  await expect(row.getByText('待送货')).toBeVisible();
  await row.getByRole('link', { name: /按单送货/ }).click();
  await expect(supplier).toHaveURL(/\/deliveries\/new\?order=/);
  await expect(supplier.getByText(`${DEMO.tongchuanSchool} · 学生食堂`)).toBeVisible();
  await expect(supplier.getByText(new RegExp(`${code} · `))).toBeVisible();
  await expect(supplier.getByTestId('manifest-line-1').getByText(/黄瓜/)).toBeVisible();
  await expect(supplier.getByTestId('manifest-line-1').getByLabel('数量')).toHaveValue('12.00');
  await supplier.close();
});
