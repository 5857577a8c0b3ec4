import { expect, request, test, type APIResponse, type Page } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, login, shanghaiToday } from '../support/demo';

/**
 * Issue 6's stories in the browser. A stock-in booked without an accepted delivery (through the
 * ledger API, as the canteen manager) raises an alert through the worker's rule engine; it appears
 * live in the manager's open inbox and bell without a reload, the manager acknowledges and handles
 * it with evidence, and the county closes it. Then an alert nobody acknowledges escalates to the
 * county after its SLA: the county sets a tiny SLA (0.001 h) through the settings API for the
 * moment the alert is raised — due times are fixed when an alert is raised — restores its own
 * value, and the worker's escalation job (every minute) moves the alert up, live in the county's
 * inbox. It writes data, so it runs only with E2E_MUTATIONS=1.
 */
test.skip(
  !process.env.E2E_MUTATIONS,
  'writes data: set E2E_MUTATIONS=1 against a throwaway database',
);

const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';
const RULE = 'stock-in-without-delivery';
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 1),
]);

async function json<T>(response: APIResponse): Promise<T> {
  expect(
    response.ok(),
    `${response.url()} answered ${response.status()}: ${await response.text()}`,
  ).toBeTruthy();
  return (await response.json()) as T;
}

/** An API session of a demo account, with the CSRF token every write needs. */
async function apiSession(username: string) {
  const context = await request.newContext({ baseURL });
  const { csrfToken } = await json<{ csrfToken: string }>(
    await context.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } }),
  );
  const headers = { 'X-CSRF-Token': csrfToken };
  return {
    get: <T>(path: string) => context.get(`/api${path}`).then((r) => json<T>(r)),
    post: <T>(path: string, data?: unknown) =>
      context.post(`/api${path}`, { headers, data }).then((r) => json<T>(r)),
    put: <T>(path: string, data: unknown) =>
      context.put(`/api${path}`, { headers, data }).then((r) => json<T>(r)),
    dispose: () => context.dispose(),
  };
}
type Api = Awaited<ReturnType<typeof apiSession>>;

interface Ingredient {
  id: string;
  name: string;
  unit: string;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The demo school's 学生食堂, where the manager books stock. */
async function demoCanteen(manager: Api): Promise<string> {
  const me = await manager.get<{ user: { orgUnit: { id: string } } }>('/auth/me');
  const units = await manager.get<{ items: { id: string; name: string; level: string }[] }>(
    `/org-units?parentId=${me.user.orgUnit.id}&pageSize=50`,
  );
  const canteen = units.items.find((u) => u.level === 'canteen' && u.name === '学生食堂');
  expect(canteen, 'the demo school has its 学生食堂').toBeTruthy();
  return canteen!.id;
}

/**
 * An ingredient with no open alert of this rule at the school today, so that booking it raises a
 * new alert rather than folding into one (the rule's key is canteen, ingredient and day).
 */
async function freshIngredient(manager: Api, exclude: string[] = []): Promise<Ingredient> {
  const open = await manager.get<{ items: { title: { zh: string } }[] }>(
    `/alerts?ruleId=${RULE}&status=open&pageSize=200`,
  );
  const catalogue = await manager.get<{ items: Ingredient[] }>('/ingredients?pageSize=200');
  const ingredient = catalogue.items.find(
    (i) =>
      !exclude.includes(i.id) && !open.items.some((a) => a.title.zh.startsWith(`${i.name}入库`)),
  );
  expect(ingredient, 'an ingredient without an open alert today').toBeTruthy();
  return ingredient!;
}

/** 入库 by hand, without a delivery: the condition the rule turns into an alert. */
async function stockInWithoutDelivery(manager: Api, canteenId: string, ingredient: Ingredient) {
  const today = shanghaiToday();
  await manager.post('/ledger/manual-stock-ins', {
    canteenId,
    ingredientId: ingredient.id,
    quantity: '3',
    unitPriceFen: 500,
    productionDate: today,
    expiryDate: addDays(today, 5),
    occurredOn: today,
    reason: '供应商临时补货，送货单未随货到达',
  });
}

const alertTitle = (ingredient: Ingredient) => `${ingredient.name}入库无验收送货记录`;

/** The antd notification a live message shows: its heading names the kind, its text the alert. */
const toast = (page: Page, heading: string, ingredient: Ingredient) =>
  page.locator('.ant-notification-notice', { hasText: heading }).filter({
    has: page.getByTestId('notification-toast').filter({ hasText: alertTitle(ingredient) }),
  });

async function unread(page: Page): Promise<number> {
  return Number(await page.getByTestId('notification-bell').getAttribute('data-unread'));
}

test('a stock-in without delivery raises an alert live in the manager’s inbox; it is handled and the county closes it', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const manager = await apiSession('canteen_manager_demo');
  const canteenId = await demoCanteen(manager);
  const ingredient = await freshIngredient(manager);

  const kitchen = await browser.newPage();
  await login(kitchen, 'canteen_manager_demo');
  await kitchen.getByRole('menuitem', { name: '预警处置' }).click();
  await expect(kitchen).toHaveURL(/\/alerts$/);
  await expect(kitchen.getByTestId('alerts-table')).toBeVisible();
  await expect(kitchen.getByTestId('notification-bell')).toHaveAttribute('data-live', 'true');
  const before = await unread(kitchen);

  await stockInWithoutDelivery(manager, canteenId, ingredient);

  // ─── Live: no reload, the worker's alert reaches the open inbox, the toast and the bell ───
  const row = kitchen
    .getByTestId('alerts-table')
    .locator('tr.ant-table-row', { hasText: alertTitle(ingredient) });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row.getByTestId('alert-status')).toHaveText('待确认');
  await expect(row.getByTestId('alert-severity')).toHaveText('警告');
  await expect(row.getByTestId('alert-sla')).toContainText('确认剩余');
  await expect(toast(kitchen, '收到新的风险预警', ingredient)).toBeVisible();
  // Relative, not exact: the worker's scheduled rules (e.g. overdue parent feedback) may notify the
  // same handlers while the story runs.
  await expect.poll(() => unread(kitchen)).toBeGreaterThanOrEqual(before + 1);

  // ─── The notification centre leads to the alert and marks it read ───
  await kitchen.getByTestId('notification-bell').click();
  const drawer = kitchen.getByTestId('notification-drawer');
  const item = drawer
    .getByTestId('notification-item')
    .filter({ hasText: alertTitle(ingredient) })
    .first();
  await expect(item).toHaveAttribute('data-read', 'false');
  await expect(item.getByText('新预警')).toBeVisible();
  const beforeRead = await unread(kitchen);
  await item.click();
  await expect(kitchen).toHaveURL(/\/alerts\/[0-9a-f-]{36}$/);
  const alertUrl = kitchen.url();
  await expect.poll(() => unread(kitchen)).toBeLessThan(beforeRead);

  // ─── The holder acknowledges, then handles with measures and a photo ───
  await expect(kitchen.getByRole('heading', { name: alertTitle(ingredient) })).toBeVisible();
  await expect(kitchen.getByTestId('alert-facts')).toContainText(ingredient.name);
  await expect(kitchen.getByTestId('alert-close')).toHaveCount(0);
  await kitchen.getByTestId('alert-acknowledge').click();
  await expect(kitchen.getByTestId('alert-status')).toHaveText('处置中');
  await expect(kitchen.getByTestId('alert-sla')).toContainText('处置剩余');

  await kitchen.getByTestId('alert-handle').click();
  const dialog = kitchen.getByRole('dialog');
  await dialog.getByRole('button', { name: '提交处置' }).click();
  await expect(dialog.getByText('请填写处置措施（至少 2 个字）')).toBeVisible();
  await dialog
    .getByTestId('alert-measures')
    .fill('已联系供应商补齐送货单和检验票证，该批次暂停使用待核实');
  await dialog
    .locator('input[type=file]')
    .setInputFiles({ name: '整改照片.png', mimeType: 'image/png', buffer: PNG });
  await expect(dialog.locator('.ant-upload-list-item-done')).toHaveCount(1);
  await dialog.getByRole('button', { name: '提交处置' }).click();
  await expect(kitchen.getByText('已提交处置，等待上级审核')).toBeVisible();
  await expect(kitchen.getByTestId('alert-status')).toHaveText('待审核');
  // Its own level may not close its own handling.
  await expect(kitchen.getByTestId('alert-close')).toHaveCount(0);
  const timeline = kitchen.getByTestId('alert-timeline');
  await expect(timeline.locator('[data-kind="handled"]')).toContainText('该批次暂停使用待核实');
  await expect(kitchen.getByTestId('alert-evidence').getByText('整改照片.png')).toBeVisible();

  // ─── The county reviews and closes it; the school is told live ───
  const county = await browser.newPage();
  await login(county, 'county_admin_tongchuan');
  await county.goto(alertUrl);
  await expect(county.getByRole('heading', { name: alertTitle(ingredient) })).toBeVisible({
    timeout: 30_000,
  });
  await expect(county.getByTestId('alert-status')).toHaveText('待审核');
  await expect(county.getByTestId('alert-handle')).toHaveCount(0);
  await county.getByTestId('alert-close').click();
  const review = county.getByRole('dialog');
  await review.getByTestId('alert-review-text').fill('整改到位，同意关闭');
  await review.getByRole('button', { name: '审核关闭' }).click();
  await expect(county.getByText('预警已关闭')).toBeVisible();
  await expect(county.getByTestId('alert-status')).toHaveText('已关闭');
  await expect(county.getByTestId('alert-timeline').locator('[data-kind="closed"]')).toContainText(
    '整改到位，同意关闭',
  );

  await expect(toast(kitchen, '预警已审核关闭', ingredient)).toBeVisible({ timeout: 20_000 });
  await expect(kitchen.getByTestId('alert-status')).toHaveText('已关闭');

  await county.close();
  await kitchen.close();
  await manager.dispose();
});

test('an alert nobody acknowledges escalates to the county after its SLA, live in the county’s inbox', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const manager = await apiSession('canteen_manager_demo');
  const countyAdmin = await apiSession('county_admin_tongchuan');
  const canteenId = await demoCanteen(manager);
  const me = await countyAdmin.get<{ user: { orgUnit: { id: string } } }>('/auth/me');
  const countyId = me.user.orgUnit.id;
  const ingredient = await freshIngredient(manager);

  const county = await browser.newPage();
  await login(county, 'county_admin_tongchuan');
  await county.goto('/alerts?mine=true');
  await expect(county.getByTestId('alerts-table')).toBeVisible();
  await expect(county.getByTestId('notification-bell')).toHaveAttribute('data-live', 'true');

  // The county's own value, put back once the alert is raised with the tiny limit.
  const settings = await countyAdmin.get<{ key: string; own: unknown }[]>(
    `/settings?orgUnitId=${countyId}`,
  );
  const own = settings.find((s) => s.key === 'warnings.sla')?.own ?? null;
  const slaPath = `/settings/warnings.sla?orgUnitId=${countyId}`;
  await countyAdmin.put(slaPath, {
    value: { warning: { ackHours: 0.001, handleHours: 0.001 } },
    reason: 'E2E：验证超时升级',
  });
  try {
    await stockInWithoutDelivery(manager, canteenId, ingredient);
    await expect
      .poll(
        async () =>
          (
            await manager.get<{ items: { title: { zh: string } }[] }>(
              `/alerts?ruleId=${RULE}&status=open&pageSize=50`,
            )
          ).items.some((a) => a.title.zh === alertTitle(ingredient)),
        { timeout: 30_000 },
      )
      .toBe(true);
  } finally {
    await countyAdmin.put(slaPath, { value: own, reason: 'E2E：恢复处置时限' });
  }

  // Held by the school and not acknowledged: the next run of the minute job moves it up.
  const row = county
    .getByTestId('alerts-table')
    .locator('tr.ant-table-row', { hasText: alertTitle(ingredient) });
  await expect(row).toBeVisible({ timeout: 90_000 });
  await expect(row.getByTestId('alert-escalated')).toHaveText('已升级 1 级');
  await expect(row.getByTestId('alert-status')).toHaveText('待确认');
  await expect(toast(county, '预警已超时升级', ingredient)).toBeVisible();

  await row.getByTestId('alert-link').click();
  await expect(county.getByTestId('alert-responsible')).toContainText('通川区');
  const escalated = county.getByTestId('alert-timeline').locator('[data-kind="escalated"]');
  await expect(escalated).toContainText(`超时未确认，由 ${DEMO.tongchuanSchool} 上报至 通川区`);
  // Now the county's own: it acknowledges it.
  await expect(county.getByTestId('alert-acknowledge')).toBeVisible();

  // The school still sees it, held above it now, with nothing left for it to do.
  const kitchen = await browser.newPage();
  await login(kitchen, 'canteen_manager_demo');
  await kitchen.goto(county.url().replace(baseURL, ''));
  await expect(kitchen.getByTestId('alert-responsible')).toContainText('通川区');
  await expect(kitchen.getByTestId('alert-acknowledge')).toHaveCount(0);

  await kitchen.close();
  await county.close();
  await manager.dispose();
  await countyAdmin.dispose();
});
