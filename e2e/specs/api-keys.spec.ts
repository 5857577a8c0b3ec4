import { expect, test } from '@playwright/test';
import { login } from '../support/demo';

/** A supplier's key for its own system: shown once, then revoked, then refused. Writes data. */
test.skip(
  !process.env.E2E_MUTATIONS,
  'writes data: set E2E_MUTATIONS=1 against a throwaway database',
);

test('a supplier creates an API key, sees it once, and revokes it', async ({ page }) => {
  const label = `E2E ${Date.now().toString(36)}`;
  await login(page, 'supplier_demo');
  await page.getByRole('menuitem', { name: /接口密钥/ }).click();
  await page.getByRole('button', { name: '创建密钥' }).click();
  await page.getByRole('dialog').getByLabel('用途').fill(label);
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /创\s*建/ })
    .click();

  const secret = page.getByTestId('api-key-secret');
  await expect(secret).toContainText('cks_');
  const key = ((await secret.locator('code').textContent()) ?? '').trim();
  await page.getByRole('button', { name: '我已保存' }).click();
  await expect(page.getByTestId('api-key-secret')).toHaveCount(0);

  const row = page.getByTestId('api-keys-table').getByRole('row', { name: new RegExp(label) });
  await expect(row.getByText('有效')).toBeVisible();
  // The whole key is never listed, only its prefix.
  await expect(page.getByText(key)).toHaveCount(0);

  await row.getByRole('button', { name: /吊销/ }).click();
  const confirm = page.getByRole('dialog').filter({ hasText: label });
  const [revoked] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/revoke') && r.request().method() === 'POST'),
    confirm.getByRole('button', { name: /吊\s*销/ }).click(),
  ]);
  expect(revoked.status()).toBe(200);
  await expect(row.getByText('已吊销')).toBeVisible();

  const refused = await page.request.get(
    '/api/supplier-api/v1/deliveries/00000000-0000-4000-8000-000000000000',
    {
      headers: { authorization: `Bearer ${key}` },
    },
  );
  expect(refused.status()).toBe(401);
});
