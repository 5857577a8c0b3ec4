import { expect, test } from '@playwright/test';
import { DEMO, login, pickOption, pickOptionStarting } from '../support/demo';

/**
 * Issue 3's story end to end, in one test so that it depends on no other: a supplier uploads a
 * manifest through the web form, the canteen checks it on a kitchen tablet with a second
 * inspector signing in on the same screen, and a county official traces the lot forward to the
 * canteen. It writes data, so it runs only with E2E_MUTATIONS=1 on a throwaway database.
 */
test.skip(
  !process.env.E2E_MUTATIONS,
  'writes data: set E2E_MUTATIONS=1 against a throwaway database',
);

const suffix = Date.now().toString(36).slice(-6).toUpperCase();
const lotCucumber = `E2E-${suffix}-HG`;
const lotMushroom = `E2E-${suffix}-XG`;

test('a supplier uploads a manifest, the canteen accepts it on a tablet, an official traces the lot', async ({
  browser,
}) => {
  test.setTimeout(180_000);

  // ─── The supplier fills in the web form ───
  const supplier = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await login(supplier, 'supplier_demo');
  await expect(supplier.getByTestId('supplier-title')).toHaveText(DEMO.supplier);
  await supplier.getByRole('button', { name: '上传送货单' }).first().click();
  await expect(supplier).toHaveURL(/\/deliveries\/new$/);

  const canteen = `${DEMO.tongchuanSchool} · 学生食堂`;
  await pickOption(supplier, supplier.getByLabel('收货食堂'), canteen, DEMO.tongchuanSchool);

  const first = supplier.getByTestId('manifest-line-1');
  await pickOptionStarting(supplier, first.getByLabel('食材'), '黄瓜');
  await first.getByLabel('批次号').fill(lotCucumber);
  await first.getByLabel('数量').fill('20');
  await first.getByLabel('单价（元）').fill('3.5');
  // The expiry date is computed from the catalogue's shelf life.
  await expect(first.getByLabel('到期日期')).not.toHaveValue('');

  await supplier.getByRole('button', { name: '添加一行' }).click();
  const second = supplier.getByTestId('manifest-line-2');
  await pickOptionStarting(supplier, second.getByLabel('食材'), '香菇（鲜）');
  await second.getByLabel('批次号').fill(lotMushroom);
  await second.getByLabel('数量').fill('8.5');
  await second.getByLabel('单价（元）').fill('12');

  await supplier.getByRole('button', { name: '提交送货单' }).click();
  await expect(supplier.getByText(/送货单 DN-\d{8}-\d{4} 已提交/)).toBeVisible();
  await expect(supplier.getByTestId('delivery-code')).toHaveText(/送货单 DN-\d{8}-\d{4}/);
  const code = ((await supplier.getByTestId('delivery-code').textContent()) ?? '').replace(
    '送货单 ',
    '',
  );
  await expect(supplier.locator('.page-header').getByTestId('manifest-status')).toHaveText(
    '待验收',
  );
  await expect(supplier.getByTestId('delivery-lines').getByText(lotCucumber)).toBeVisible();
  await supplier.close();

  // ─── The canteen checks it on a 1024×768 tablet, with a second inspector ───
  const kitchen = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  await login(kitchen, 'canteen_manager_demo');
  await kitchen.goto('/deliveries');
  await kitchen.getByPlaceholder('送货单号或批次号').fill(lotCucumber);
  await kitchen.getByPlaceholder('送货单号或批次号').press('Enter');
  const row = kitchen.getByTestId('deliveries-table').getByRole('row', { name: new RegExp(code) });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: '验收' }).click();
  await expect(kitchen.getByTestId('acceptance-title')).toHaveText(`验收 ${code}`);

  // The chilled line needs its temperature; the limits are shown with it.
  const chilled = kitchen.getByTestId('accept-line-2');
  await expect(chilled.getByText('冷藏 0–8 °C')).toBeVisible();
  await kitchen.getByRole('button', { name: '确认验收' }).click();
  await expect(chilled.getByText('冷链食材须记录到货温度（0–8 °C）')).toBeVisible();
  await chilled.getByLabel(/到货温度/).fill('4.5');
  await kitchen.getByTestId('accept-line-1').getByLabel('实收数量').fill('19.5');

  // Signing as oneself is refused: two different people check a delivery.
  await kitchen.getByTestId('second-username').fill('canteen_manager_demo');
  await kitchen.getByTestId('second-password').fill('Demo@2026');
  await kitchen.getByRole('button', { name: '确认验收' }).click();
  await expect(kitchen.getByText(/第二验收人不能是本人/)).toBeVisible();

  await kitchen.getByTestId('second-username').fill('canteen_staff_demo');
  await kitchen.getByTestId('second-password').fill('Demo@2026');
  await kitchen.getByRole('button', { name: '确认验收' }).click();
  await expect(kitchen.getByText('验收完成，已生成入库批次')).toBeVisible();
  await expect(kitchen.getByTestId('delivery-code')).toHaveText(`送货单 ${code}`);
  // 19.5 of 20 kg taken in: the delivery is partly accepted.
  await expect(kitchen.locator('.page-header').getByTestId('manifest-status')).toHaveText(
    '部分验收',
  );
  const record = kitchen.getByTestId('acceptance-record');
  await expect(record.getByText('吴秀兰')).toBeVisible();
  await expect(record.getByText('郑小军')).toBeVisible();
  await expect(kitchen.getByTestId('delivery-lines').getByText('收 19.5 kg')).toBeVisible();
  await expect(kitchen.getByTestId('delivery-lines').getByText('4.5 °C')).toBeVisible();
  await kitchen.close();

  // ─── The county official traces the lot forward ───
  const official = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await login(official, 'county_admin_tongchuan');
  await official.getByRole('menuitem', { name: '溯源查询' }).click();
  await expect(official).toHaveURL(/\/trace/);
  await pickOption(
    official,
    official.getByTestId('trace-supplier').getByRole('combobox'),
    DEMO.supplier,
    '鲜达',
  );
  await official.getByTestId('trace-lot').fill(lotCucumber);
  await official.getByRole('button', { name: /查\s*询/ }).click();
  const canteens = official.getByTestId('forward-canteens');
  await expect(canteens.getByText(`${DEMO.tongchuanSchool} · 学生食堂`)).toBeVisible();
  await expect(canteens.getByText('19.5 kg').first()).toBeVisible();
  await expect(official.getByTestId('trace-graph').locator('canvas')).toBeVisible();
  await expect(official.getByTestId('forward-export')).toHaveAttribute(
    'href',
    new RegExp(`/api/trace/forward/export\\?.*lotCode=${lotCucumber}`),
  );
  // The recall view lists the canteen with whom to call.
  await official.getByRole('button', { name: '召回视图' }).click();
  const recall = official.getByTestId('recall-canteens');
  await expect(recall.getByText(`${DEMO.tongchuanSchool} · 学生食堂`)).toBeVisible();
  await expect(recall.getByText('吴秀兰')).toBeVisible();
  await official.close();
});
