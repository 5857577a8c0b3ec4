import { expect, test, type Page } from '@playwright/test';
import { DEMO, login, logout, pickOption } from '../support/demo';

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
      await logout(page);

      await login(page, 'supplier_demo');
      await shot(page, `${viewport.name}-12-supplier`);
    });
  });
}

/** A delivery of the demo data, found through the API with the page's own session. */
async function firstDelivery(page: Page, status: 'accepted' | 'submitted') {
  const list = await page.request.get(`/api/deliveries?status=${status}&pageSize=1`);
  const item = ((await list.json()) as { items: { id: string }[] }).items[0];
  if (!item) return null;
  const detail = await page.request.get(`/api/deliveries/${item.id}`);
  return (await detail.json()) as {
    id: string;
    supplier: { id: string };
    canteen: { id: string };
    deliveryDate: string;
    lines: { lotCode: string }[];
  };
}

for (const viewport of VIEWPORTS) {
  test.describe(`${viewport.name} traceability`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test(`official traceability pages (${viewport.name})`, async ({ page }) => {
      test.setTimeout(180_000);
      const v = viewport.name;
      await login(page, 'county_admin_tongchuan');
      await page.goto('/suppliers');
      await expect(page.getByTestId('suppliers-table')).toBeVisible();
      await shot(page, `${v}-13-suppliers`);
      await page.getByRole('button', { name: '登记供应商' }).click();
      await shot(page, `${v}-14-supplier-create`, false);
      await page.keyboard.press('Escape');
      await page.getByTestId('suppliers-table').getByRole('link', { name: DEMO.supplier }).click();
      await expect(page.getByTestId('documents-table')).toBeVisible();
      await shot(page, `${v}-15-supplier-detail`);
      await page.getByRole('button', { name: '上传证照' }).click();
      await shot(page, `${v}-16-document-upload`, false);
      await page.keyboard.press('Escape');

      await page.goto('/ingredients');
      await expect(page.getByTestId('ingredients-table')).toBeVisible();
      await shot(page, `${v}-17-ingredients`);
      await page.getByRole('button', { name: '新增食材' }).click();
      await shot(page, `${v}-18-ingredient-create`, false);
      await page.keyboard.press('Escape');

      await page.goto('/contracts');
      await expect(page.getByTestId('contracts-table')).toBeVisible();
      await shot(page, `${v}-19-contracts`);
      await page.getByRole('button', { name: '新建合同' }).click();
      await shot(page, `${v}-20-contract-create`, false);
      await page.keyboard.press('Escape');

      await page.goto('/purchase-orders');
      await expect(page.getByTestId('orders-table')).toBeVisible();
      await page
        .getByTestId('orders-table')
        .getByRole('button', { name: /展开行/ })
        .first()
        .click();
      await shot(page, `${v}-21-orders`);

      await page.goto('/deliveries');
      await expect(page.getByTestId('deliveries-table')).toBeVisible();
      await shot(page, `${v}-22-deliveries`);

      const delivery = await firstDelivery(page, 'accepted');
      if (delivery) {
        await page.goto(`/deliveries/${delivery.id}`);
        await expect(page.getByTestId('delivery-lines')).toBeVisible();
        await shot(page, `${v}-23-delivery`);
        const lot = encodeURIComponent(delivery.lines[0]?.lotCode ?? '');
        await page.goto(`/trace?mode=forward&supplierId=${delivery.supplier.id}&lot=${lot}`);
        await expect(page.getByTestId('forward-canteens')).toBeVisible();
        await shot(page, `${v}-24-trace-forward`);
        await page.getByRole('button', { name: '召回视图' }).click();
        await expect(page.getByTestId('recall-canteens')).toBeVisible();
        await shot(page, `${v}-25-trace-recall`);
        await page.goto(
          `/trace?mode=backward&canteenId=${delivery.canteen.id}&date=${delivery.deliveryDate}`,
        );
        await expect(page.getByTestId('backward-rows')).toBeVisible();
        await shot(page, `${v}-26-trace-backward`);
      }
    });

    test(`supplier portal and kitchen pages (${viewport.name})`, async ({ page }) => {
      test.setTimeout(180_000);
      const v = viewport.name;
      await login(page, 'supplier_demo');
      await expect(page.getByTestId('documents-table')).toBeVisible();
      await shot(page, `${v}-27-portal`);
      await page.goto('/deliveries/new');
      await pickOption(
        page,
        page.getByLabel('收货食堂'),
        `${DEMO.tongchuanSchool} · 学生食堂`,
        DEMO.tongchuanSchool,
      );
      await shot(page, `${v}-28-manifest-form`);
      await page.getByRole('tab', { name: /导入文件/ }).click();
      await shot(page, `${v}-29-manifest-file`);
      await page.goto('/purchase-orders');
      await expect(page.getByTestId('orders-table')).toBeVisible();
      await shot(page, `${v}-30-supplier-orders`);
      await page.goto('/supplier/api-keys');
      await expect(page.getByTestId('api-keys-table')).toBeVisible();
      await shot(page, `${v}-31-api-keys`);
      await logout(page);

      await login(page, 'canteen_manager_demo');
      await page.goto('/deliveries');
      await expect(page.getByTestId('deliveries-table')).toBeVisible();
      await shot(page, `${v}-32-kitchen-inbox`);
      await page.goto('/purchase-orders');
      await page.getByRole('button', { name: '新建采购订单' }).click();
      await shot(page, `${v}-33-order-create`, false);
      await page.keyboard.press('Escape');
      const pending = await firstDelivery(page, 'submitted');
      if (pending) {
        await page.goto(`/deliveries/${pending.id}/accept`);
        await expect(page.getByTestId('acceptance-title')).toBeVisible();
        await shot(page, `${v}-34-acceptance`, false);
        await shot(page, `${v}-35-acceptance-full`);
      }
    });
  });
}

for (const viewport of VIEWPORTS) {
  test.describe(`${viewport.name} ledger`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test(`inventory ledger pages (${viewport.name})`, async ({ page }) => {
      test.setTimeout(180_000);
      const v = viewport.name;
      await login(page, 'canteen_manager_demo');
      await expect(page.getByTestId('ledger-shortcuts')).toBeVisible();
      await shot(page, `${v}-40-school-home-ledger`, false);

      await page.getByRole('menuitem', { name: '库存' }).click();
      await expect(page.getByTestId('balances-table')).toBeVisible();
      await page.getByTestId('balances-table').locator('tr.ant-table-row-level-0').first().click();
      await shot(page, `${v}-41-balances`);
      await page.getByRole('button', { name: '报损' }).first().click();
      await shot(page, `${v}-42-write-off`, false);
      await page.keyboard.press('Escape');

      await page.getByRole('menuitem', { name: '入库' }).click();
      await expect(page.getByText('待入库')).toBeVisible();
      await shot(page, `${v}-43-stock-in`);
      await page.getByTestId('manual-stock-in').click();
      await shot(page, `${v}-44-manual-stock-in`, false);
      await page.keyboard.press('Escape');

      await page.getByRole('menuitem', { name: '出库' }).click();
      const line = page.getByTestId('out-line-1');
      await line.getByLabel('食材').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
      await line.getByLabel('数量').fill('1');
      await line.getByText('指定批次').click();
      await shot(page, `${v}-45-stock-out`);

      await page.getByRole('menuitem', { name: '台账' }).click();
      await expect(page.getByTestId('movements-table')).toBeVisible();
      await shot(page, `${v}-46-movements`);
      await page.getByTestId('movement-kind-filter').click();
      await page.locator('.ant-select-item-option[title="冲正"]').click();
      const reversal = page.getByTestId('reverses-link').first();
      if (await reversal.isVisible()) {
        await reversal.click();
        await expect(page.getByTestId('drawer-seq')).toBeVisible();
        await shot(page, `${v}-47-movement-drawer`, false);
        await page.getByRole('dialog').getByRole('button', { name: '关闭' }).click();
      }
      await page.getByRole('tab', { name: '台账汇总' }).click();
      await expect(page.getByTestId('ledger-report')).toBeVisible();
      await shot(page, `${v}-48-ledger-report`);

      await page.getByRole('menuitem', { name: '盘点' }).click();
      await expect(page.getByTestId('stocktakes-table')).toBeVisible();
      await shot(page, `${v}-49-stocktakes`);
      const sheet = page.getByTestId('stocktakes-table').locator('tbody a').first();
      if (await sheet.isVisible()) {
        await sheet.click();
        await expect(page.getByTestId('stocktake-lines')).toBeVisible();
        await shot(page, `${v}-50-stocktake-sheet`);
      }

      await page.getByRole('menuitem', { name: '餐次成本' }).click();
      await expect(page.locator('canvas').first()).toBeVisible();
      await shot(page, `${v}-51-meal-costs`);

      await logout(page);
      await login(page, 'county_admin_tongchuan');
      await page.getByRole('menuitem', { name: '账本校验' }).click();
      await page.getByTestId('run-verification').click();
      await expect(page.getByTestId('verification-title')).toBeVisible({ timeout: 60_000 });
      await shot(page, `${v}-52-verification`);
    });
  });
}

for (const viewport of VIEWPORTS) {
  test.describe(`${viewport.name} menus`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test(`meal plans and nutrition pages (${viewport.name})`, async ({ page }) => {
      test.setTimeout(180_000);
      const v = viewport.name;
      await login(page, 'canteen_manager_demo');
      await page.getByRole('menuitem', { name: '周食谱' }).click();
      await expect(page.getByTestId('week-plan')).toBeVisible();
      await shot(page, `${v}-60-week-plan`);
      await page.getByTestId('meal-badge').first().hover();
      await shot(page, `${v}-61-meal-card`, false);

      await page.getByRole('menuitem', { name: '菜品库' }).click();
      await expect(page.getByTestId('dishes-table')).toBeVisible();
      await shot(page, `${v}-62-dishes`);
      const edit = page.getByTestId('dishes-table').getByRole('button', { name: '编辑' }).first();
      if (await edit.isVisible()) {
        await edit.click();
        await expect(page.getByTestId('dish-form')).toBeVisible();
        await shot(page, `${v}-63-dish-editor`, false);
        await page.keyboard.press('Escape');
      }

      await page.getByRole('menuitem', { name: '生产记录' }).click();
      await expect(page.getByTestId('meal-switch')).toBeVisible();
      await shot(page, `${v}-64-production`);

      await page.getByRole('menuitem', { name: '执行情况' }).click();
      await expect(page.getByTestId('execution-view')).toBeVisible();
      const flagged = page
        .locator('.execution-meal-flagged')
        .getByRole('button', { name: /展开行/ });
      if (await flagged.first().isVisible()) await flagged.first().click();
      await shot(page, `${v}-65-execution`);

      await page.getByRole('menuitem', { name: '采购建议' }).click();
      await expect(
        page.getByTestId('purchase-suggestion').or(page.locator('.ant-empty')).first(),
      ).toBeVisible();
      await shot(page, `${v}-66-purchase`);

      // The wall copy: on screen, then as printed (print media and an A4 PDF).
      await page.getByRole('menuitem', { name: '周食谱' }).click();
      await expect(page.getByTestId('week-plan')).toBeVisible();
      const print = page.getByRole('link', { name: /打印公示/ });
      if (await print.isVisible()) {
        await page.goto((await print.getAttribute('href')) ?? '/');
        await expect(page.getByTestId('print-menu')).toBeVisible();
        await shot(page, `${v}-67-print-screen`);
        await page.emulateMedia({ media: 'print' });
        await shot(page, `${v}-68-print-media`);
        if (v === 'desktop')
          await page.pdf({ path: 'e2e/screenshots/menu-print-a4.pdf', preferCSSPageSize: true });
        await page.emulateMedia({ media: 'screen' });
      }

      await page.goto('/menus/plans');
      await logout(page);
      await login(page, 'county_admin_tongchuan');
      await page.getByRole('menuitem', { name: '营养标准' }).click();
      await expect(page.getByTestId('targets-table')).toBeVisible();
      await shot(page, `${v}-69-targets`);
      await page.getByTestId('targets-table').getByRole('button', { name: '编辑' }).first().click();
      await expect(page.getByTestId('setting-form')).toBeVisible();
      await shot(page, `${v}-70-targets-edit`, false);
      await page.keyboard.press('Escape');

      await page.getByRole('menuitem', { name: '执行情况' }).click();
      await expect(page.getByText('请先在上方选择食堂')).toBeVisible();
      await page.getByTestId('language-switch').click();
      await page.getByRole('menuitem', { name: 'Nutrition targets' }).click();
      await expect(page.getByTestId('targets-table')).toBeVisible();
      await shot(page, `${v}-71-targets-en`);
      await page.getByTestId('language-switch').click();
    });
  });
}

for (const viewport of VIEWPORTS) {
  test.describe(`${viewport.name} warnings`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test(`risk warning pages (${viewport.name})`, async ({ page }) => {
      test.setTimeout(180_000);
      const v = viewport.name;
      await login(page, 'canteen_manager_demo');
      await page.getByRole('menuitem', { name: '预警处置' }).click();
      await expect(page.getByTestId('alerts-table')).toBeVisible();
      await shot(page, `${v}-80-alert-inbox`);
      const first = page.getByTestId('alert-link').first();
      if (await first.isVisible()) {
        await first.click();
        await expect(page.getByTestId('alert-timeline')).toBeVisible();
        await shot(page, `${v}-81-alert-detail`);
        const handle = page.getByTestId('alert-handle');
        if (await handle.isVisible()) {
          await handle.click();
          await shot(page, `${v}-82-alert-handle`, false);
          await page.keyboard.press('Escape');
        }
      }
      await page.getByTestId('notification-bell').click();
      await expect(page.getByTestId('notification-drawer')).toBeVisible();
      await shot(page, `${v}-83-notifications`, false);
      await page.keyboard.press('Escape');

      await logout(page);
      await login(page, 'county_admin_tongchuan');
      await page.getByRole('menuitem', { name: '预警处置' }).click();
      await expect(page.getByTestId('alerts-table')).toBeVisible();
      await shot(page, `${v}-84-alert-inbox-county`);
      await page.getByRole('menuitem', { name: '预警规则' }).click();
      await expect(page.getByTestId('rules-table')).toBeVisible();
      await shot(page, `${v}-85-rules`);
      const edit = page.getByTestId('rule-edit').first();
      if (await edit.isVisible()) {
        await edit.click();
        await shot(page, `${v}-86-rule-thresholds`, false);
        await page.keyboard.press('Escape');
      }
      await page.getByRole('menuitem', { name: '靶向监管' }).click();
      await expect(
        page.getByTestId('supervision-table').or(page.locator('.ant-alert-error')).first(),
      ).toBeVisible();
      await shot(page, `${v}-87-supervision`);
    });
  });
}
