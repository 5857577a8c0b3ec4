import { expect, request, test, type APIResponse, type Page } from '@playwright/test';
import { DEMO_PASSWORD, login, shanghaiToday } from '../support/demo';

/**
 * Issue 5's story in the browser: the canteen manager writes a dish (a forbidden one is refused
 * with the server's reason), plans a coming week with it and publishes the plan, records today's
 * lunch, and after more is issued for that lunch than the recipes need, the execution view flags
 * the over-issue. It writes data, so it runs only with E2E_MUTATIONS=1.
 */
test.skip(
  !process.env.E2E_MUTATIONS,
  'writes data: set E2E_MUTATIONS=1 against a throwaway database',
);

const suffix = Date.now().toString(36).slice(-5).toUpperCase();
const dishName = `E2E番茄炒蛋${suffix}`;
const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

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
    patch: <T>(path: string, data: unknown) =>
      context.patch(`/api${path}`, { headers, data }).then((r) => json<T>(r)),
  };
}
type Api = Awaited<ReturnType<typeof apiSession>>;

interface PlanEntry {
  day: string;
  meal: string;
  ageBand: string;
  headcount: number;
  dishes: { id: string }[];
}
interface Plan {
  id: string;
  status: 'draft' | 'published';
  ageBands: { ageBand: string; headcount: number }[];
  entries: PlanEntry[];
}

async function demoCanteenId(api: Api): Promise<string> {
  const me = await api.get<{ user: { orgUnit: { id: string } } }>('/auth/me');
  const units = await api.get<{ items: { id: string; name: string; level: string }[] }>(
    `/org-units?parentId=${me.user.orgUnit.id}&pageSize=50`,
  );
  const canteen = units.items.find((u) => u.level === 'canteen' && u.name === '学生食堂');
  expect(canteen, 'the demo school has its 学生食堂').toBeTruthy();
  return canteen!.id;
}

async function weekPlan(api: Api, canteenId: string, week: string): Promise<Plan | null> {
  const page = await api.get<{ items: { id: string }[] }>(
    `/menus/plans?canteenId=${canteenId}&from=${week}&to=${week}`,
  );
  return page.items[0] ? api.get<Plan>(`/menus/plans/${page.items[0].id}`) : null;
}

/**
 * Today's lunch must be on a published plan before it can be recorded. The demo data usually has
 * one; when it does not (or today is a day it does not plan), the test adds the lunch itself.
 */
async function ensureLunchToday(api: Api, canteenId: string, dishId: string, today: string) {
  const week = mondayOf(today);
  const plan = await weekPlan(api, canteenId, week);
  const entry = { day: today, meal: 'lunch', ageBand: '6-8', headcount: 100, dishIds: [dishId] };
  if (!plan) {
    const created = await api.post<Plan>('/menus/plans', {
      canteenId,
      weekStart: week,
      ageBands: [{ ageBand: '6-8', headcount: 100 }],
      entries: [entry],
    });
    await api.post(`/menus/plans/${created.id}/publish`);
    return;
  }
  if (!plan.entries.some((e) => e.day === today && e.meal === 'lunch')) {
    const bands = plan.ageBands.some((b) => b.ageBand === '6-8')
      ? plan.ageBands
      : [...plan.ageBands, { ageBand: '6-8', headcount: 100 }];
    await api.patch(`/menus/plans/${plan.id}`, {
      ageBands: bands,
      entries: [
        ...plan.entries.map((e) => ({
          day: e.day,
          meal: e.meal,
          ageBand: e.ageBand,
          headcount: e.headcount,
          dishIds: e.dishes.map((d) => d.id),
        })),
        entry,
      ],
      reason: plan.status === 'published' ? 'E2E：补充今日午餐' : undefined,
    });
  }
  const current = await api.get<Plan>(`/menus/plans/${plan.id}`);
  if (current.status === 'draft') await api.post(`/menus/plans/${plan.id}/publish`);
}

interface ExecutionLine {
  ingredient: { id: string; name: string; unit: string };
  expected: string;
  issued: string;
  status: string;
}

/**
 * Issues for today's lunch half as much again as the recipes need of one ingredient (from stock,
 * or from a manual stock-in when the store has too little), so that the meal is over-issued.
 */
async function overIssueLunch(api: Api, canteenId: string, today: string): Promise<string> {
  const execution = await api.get<{ meals: { meal: string; lines: ExecutionLine[] }[] }>(
    `/menus/execution?canteenId=${canteenId}&from=${today}&to=${today}`,
  );
  const lines = (execution.meals.find((m) => m.meal === 'lunch')?.lines ?? []).filter(
    (l) => Number(l.expected) > 0 && l.status !== 'unknown',
  );
  expect(lines.length, 'the recorded lunch expects some ingredient').toBeGreaterThan(0);
  const balances = await api.get<{ ingredient: { id: string }; quantity: string }[]>(
    `/ledger/balances?canteenId=${canteenId}`,
  );
  const needed = (l: ExecutionLine) =>
    Math.ceil((Number(l.expected) * 1.5 - Number(l.issued) + 0.5) * 100) / 100;
  const onHand = (l: ExecutionLine) =>
    Number(balances.find((b) => b.ingredient.id === l.ingredient.id)?.quantity ?? 0);
  const line = lines.find((l) => onHand(l) >= needed(l)) ?? lines[0]!;
  const quantity = needed(line);
  if (onHand(line) < quantity) {
    await api.post('/ledger/manual-stock-ins', {
      canteenId,
      ingredientId: line.ingredient.id,
      quantity: String(quantity),
      unitPriceFen: 500,
      productionDate: today,
      expiryDate: addDays(today, 5),
      occurredOn: today,
      reason: 'E2E：临时采购',
    });
  }
  await api.post('/ledger/stock-outs', {
    canteenId,
    occurredOn: today,
    meal: 'lunch',
    lines: [{ ingredientId: line.ingredient.id, quantity: String(quantity) }],
  });
  return line.ingredient.name;
}

/** Picks an option of an open antd Select by its text, waiting for the list to settle. */
async function pickFromOpenSelect(page: Page, text: string) {
  const option = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first();
  await expect(option).toBeVisible();
  await option.click();
}

test('plan a week, publish it, record lunch and see the over-issue flagged', async ({ page }) => {
  test.setTimeout(240_000);
  const api = await apiSession('canteen_manager_demo');
  const canteenId = await demoCanteenId(api);
  const today = shanghaiToday();
  await login(page, 'canteen_manager_demo');

  // 菜品库: a forbidden dish is refused with the server's reason on the name; then a real one.
  await page.goto('/menus/dishes');
  await expect(page.getByTestId('dishes-table')).toBeVisible();
  await page.getByRole('button', { name: '新建菜品' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('菜品名称').fill('凉拌四季豆');
  await dialog.getByLabel('烹饪方式').click();
  await pickFromOpenSelect(page, '炒');
  const line = dialog.getByTestId('dish-line-0');
  await line.getByRole('combobox').click();
  await line.getByRole('combobox').fill('番茄');
  await pickFromOpenSelect(page, '番茄');
  const grams = line.locator('input.ant-input-number-input:not([disabled])');
  for (const [i, g] of ['80', '100', '120', '130'].entries()) await grams.nth(i).fill(g);
  await dialog.getByRole('button', { name: '添加食材' }).click();
  const egg = dialog.getByTestId('dish-line-1');
  await egg.getByRole('combobox').click();
  await egg.getByRole('combobox').fill('鲜鸡蛋');
  await pickFromOpenSelect(page, '鲜鸡蛋');
  const eggGrams = egg.locator('input.ant-input-number-input:not([disabled])');
  for (const [i, g] of ['30', '40', '50', '50'].entries()) await eggGrams.nth(i).fill(g);
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog.getByText(/禁止在学校食堂制售/)).toBeVisible();

  await dialog.getByLabel('菜品名称').fill(dishName);
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden({ timeout: 20_000 });
  await expect(page.getByTestId('dishes-table').getByText(dishName)).toBeVisible();

  // 周食谱: the first coming week without a plan (next week unless the demo data planned it).
  let week = addDays(mondayOf(today), 7);
  while (await weekPlan(api, canteenId, week)) week = addDays(week, 7);
  await page.goto(`/menus/plans?canteenId=${canteenId}&week=${week}`);
  await expect(page.getByTestId('plan-status')).toHaveText('未编制');
  const headcounts = page.getByLabel(/岁就餐人数$/);
  for (let i = 0; i < (await headcounts.count()); i++) await headcounts.nth(i).fill('120');
  for (const meal of ['breakfast', 'lunch']) {
    const select = page.getByTestId(`plan-cell-${week}-${meal}`).getByRole('combobox');
    await select.click();
    await select.fill(dishName);
    await pickFromOpenSelect(page, dishName);
    await page.keyboard.press('Escape');
    // The next cell's pick must not land in this cell's list, still open while it re-renders.
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  }
  // Assessed live while editing: a verdict on the meal and the day's cards below the grid.
  await expect(page.getByTestId(`plan-cell-${week}-lunch`).getByTestId('meal-badge')).toBeVisible();
  await expect(page.getByTestId('nutrition-panel').getByTestId('nutrition-day')).toBeVisible();
  await page.getByRole('button', { name: '保存并发布' }).click();
  await expect(page.getByTestId('plan-status')).toHaveText('已发布');
  await page.getByRole('button', { name: '版本记录' }).click();
  await expect(page.getByTestId('plan-versions').getByText('第 1 版')).toBeVisible();
  await page.keyboard.press('Escape');
  const published = await weekPlan(api, canteenId, week);
  expect(published?.status).toBe('published');

  // 生产记录: today's lunch, with the served headcount of each age band and a leftover.
  const dishes = await api.get<{ items: { id: string; name: string }[] }>(
    `/menus/dishes?q=${encodeURIComponent(dishName)}`,
  );
  await ensureLunchToday(api, canteenId, dishes.items[0]!.id, today);
  await page.goto(`/menus/production?canteenId=${canteenId}&day=${today}&meal=lunch`);
  await expect(page.getByTestId('production-form')).toBeVisible();
  const served = page.getByTestId('production-form').locator('input[inputmode="numeric"]');
  for (let i = 0; i < (await served.count()); i++) await served.nth(i).fill('90');
  await page
    .getByTestId('production-form')
    .locator('input[inputmode="decimal"]')
    .first()
    .fill('1.5');
  const correct = page.getByRole('button', { name: '更正记录' });
  if (await correct.isVisible()) {
    await correct.click();
    await page.getByRole('dialog').getByLabel('原因').fill('E2E：按实际清点更正');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定/ })
      .click();
  } else {
    await page.getByRole('button', { name: '保存记录' }).click();
  }
  await expect(page.getByTestId('production-result')).toBeVisible();

  // 执行情况: more issued than the recipes need is flagged red on the meal and the ingredient.
  const ingredient = await overIssueLunch(api, canteenId, today);
  await page.goto(`/menus/execution?canteenId=${canteenId}&from=${today}&to=${today}`);
  const lunch = page.getByTestId('execution-meals').getByRole('row').filter({ hasText: '午餐' });
  await expect(lunch.getByText('超出容差')).toBeVisible();
  await lunch.getByRole('button', { name: /展开行/ }).click();
  const over = page.getByTestId('execution-lines').getByRole('row').filter({ hasText: ingredient });
  await expect(over.getByText('超量')).toBeVisible();
});
