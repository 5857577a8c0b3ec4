import {
  devices,
  expect,
  request,
  test,
  type APIRequestContext,
  type APIResponse,
  type Page,
} from '@playwright/test';
// Types only (erased): e2e has no path aliases.
import type { TPublicCanteen, TPublicDish } from '../../packages/shared/src';
import { DEMO, DEMO_PASSWORD, login } from '../support/demo';

/**
 * Issue 7's story on a phone: a parent scans the canteen's QR code (the URL the school's printable
 * code encodes), reads today's menu, traces a dish to its supplier and farm base, sends feedback
 * (the browser solves the proof-of-work challenge), and follows it by its tracking code until the
 * school's reply appears. Plus the search page and the 404 page. Screenshots: e2e/screenshots/phone-8x-*.
 */
const { defaultBrowserType: _webkit, ...iPhone12 } = devices['iPhone 12'];
test.use({
  ...iPhone12,
  // The page is opened inside WeChat's browser.
  userAgent: `${iPhone12.userAgent} MicroMessenger/8.0.50(0x1800323c) NetType/4G Language/zh_CN`,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
});

const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e/screenshots/phone-${name}.png`, fullPage: true });

async function ok(response: APIResponse): Promise<APIResponse> {
  expect(
    response.ok(),
    `${response.url()} answered ${response.status()}: ${await response.text()}`,
  ).toBeTruthy();
  return response;
}

async function signedIn(username: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await request.newContext({ baseURL });
  const { csrfToken } = (await (
    await ok(await api.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } }))
  ).json()) as { csrfToken: string };
  return { api, csrf: csrfToken };
}

/** What the demo school's printed QR code opens: the URL the school downloads it for. */
async function scannedUrl(): Promise<{ url: string; code: string }> {
  const { api } = await signedIn('principal_demo');
  const canteens = (await (
    await ok(await api.get('/api/org-units', { params: { level: 'canteen', q: '学生食堂' } }))
  ).json()) as {
    items: { id: string; name: string; code: string }[];
  };
  const canteen = canteens.items.find((c) => c.name === '学生食堂');
  expect(canteen, 'the demo school has a 学生食堂').toBeTruthy();
  const qr = await ok(await api.get(`/api/canteens/${canteen!.id}/qr.png`));
  expect(qr.headers()['content-type']).toBe('image/png');
  const url = qr.headers()['x-public-url']!;
  expect(url).toMatch(/\/p\/[^/]+$/);
  await api.dispose();
  return { url, code: decodeURIComponent(url.slice(url.lastIndexOf('/p/') + 3)) };
}

/** A dish of the day whose ingredients have an accepted lot with a farm base, and that lot's supplier and farm. */
function traceableDish(data: TPublicCanteen, dishes: TPublicDish[]) {
  for (const dish of dishes) {
    for (const id of dish.ingredientIds) {
      const lot = data.sources?.ingredients
        .find((i) => i.ingredientId === id)
        ?.lots.find((l) => l.farmBaseId);
      if (!lot) continue;
      const supplier = data.sources!.suppliers.find((s) => s.id === lot.supplierId)!;
      const farm = supplier.farmBases.find((f) => f.id === lot.farmBaseId)!;
      return { dish, supplier: supplier.name, farm: farm.name };
    }
  }
  throw new Error('no dish of the day traces to a farm base');
}

test('a parent opens the canteen page from its QR code, reads today’s menu and traces a dish to its supplier', async ({
  page,
}) => {
  const { url, code } = await scannedUrl();
  const data = (await (
    await ok(await page.request.get(`/api/public/canteens/${encodeURIComponent(code)}`))
  ).json()) as TPublicCanteen;
  const served =
    data.menu!.days.find((d) => d.day === data.menu!.today) ??
    data.menu!.days.find((d) => d.day > data.menu!.today)!;
  const dishes = served.meals.flatMap((m) => m.dishes);

  await page.goto(new URL(url).pathname);
  await expect(page.getByRole('heading', { level: 1, name: DEMO.tongchuanSchool })).toBeVisible();
  await expect(page.getByText('学生食堂', { exact: true })).toBeVisible();

  const today = page.locator('#today');
  await expect(today.getByRole('heading', { name: '今日菜谱' })).toBeVisible();
  for (const dish of dishes)
    await expect(today.getByRole('button', { name: `${dish.name}：查看食材来源` })).toBeVisible();
  await expect(page.locator('#nutrition').getByText(/岁/).first()).toBeVisible();
  await shot(page, '80-public-canteen');

  // WS/T 554's daily rule on the card: the day's fresh vegetables counted and named, dark and light.
  const assessed =
    data.nutrition!.days.find((d) => d.day === data.menu!.today) ??
    data.nutrition!.days.find((d) => d.day > data.menu!.today)!;
  const vegetables = assessed.cards[0]!.vegetables;
  expect(vegetables.foods.length, 'the demo day serves fresh vegetables').toBeGreaterThan(0);
  const row = page.locator('#nutrition').getByTestId('vegetables').first();
  await expect(row).toHaveAttribute('data-verdict', vegetables.verdict);
  await expect(row).toContainText(`${vegetables.kinds} 种，深色 ${vegetables.darkKinds} 种`);
  await expect(row).toContainText(`标准：至少 ${vegetables.minKinds} 种`);
  for (const food of vegetables.foods) await expect(row).toContainText(food.name);
  await page
    .locator('#nutrition .nutrition')
    .first()
    .screenshot({ path: 'e2e/screenshots/phone-80-public-nutrition.png' });

  // Tap a dish: its ingredients, the supplier that delivered them and the farm base they came from.
  const { dish, supplier, farm } = traceableDish(data, dishes);
  await today.getByRole('button', { name: `${dish.name}：查看食材来源` }).click();
  const sheet = page.getByRole('dialog', { name: `${dish.name} · 食材来源` });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByText(supplier).first()).toBeVisible();
  await expect(sheet.getByText(new RegExp(`产地：${farm}`)).first()).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/phone-81-public-dish-trace.png' });
  await sheet.getByRole('button', { name: '关闭' }).click();
  await expect(sheet).toBeHidden();

  // The week's menu: another day's tab shows that day's dishes.
  const other = data.menu!.days.find((d) => d.day !== served.day)!;
  const week = page.locator('#week');
  await week.getByRole('tab').nth(data.menu!.days.indexOf(other)).click();
  await expect(
    week
      .getByRole('tabpanel')
      .getByRole('button', { name: other.meals[0]!.dishes[0]!.name, exact: true }),
  ).toBeVisible();

  // Licences with their validity, and the ledger's signed digests with how to check them.
  await expect(
    page.locator('#licences').getByText(data.licences!.suppliers[0]!.name),
  ).toBeVisible();
  const ledger = page.locator('#ledger');
  await expect(ledger.getByRole('heading', { name: '账本每日签名' })).toBeVisible();
  await expect(ledger.getByText(data.ledger!.publicKey.keyId, { exact: true })).toBeVisible();
  await expect(ledger.getByText('如何核验')).toBeVisible();
});

test('a parent finds the canteen by region and school name; an unknown code answers the 404 page', async ({
  page,
}) => {
  await page.goto('/p');
  await expect(page.getByRole('heading', { level: 1, name: '查找学校食堂' })).toBeVisible();
  const region = page.getByLabel('所在地区');
  await region.selectOption(
    (await region.locator('option', { hasText: /^通川区（\d+）$/ }).getAttribute('value'))!,
  );
  await page.getByLabel('学校名称').fill('第一小学');
  await page.getByRole('button', { name: '查找', exact: true }).click();
  const results = page.locator('#results');
  await expect(results.getByRole('heading', { name: /找到 \d+ 个食堂/ })).toBeVisible();
  await expect(results.getByRole('link').filter({ hasText: DEMO.dachuanSchool })).toHaveCount(0);
  await shot(page, '82-public-search');
  await results
    .getByRole('link')
    .filter({ hasText: DEMO.tongchuanSchool })
    .filter({ hasText: '学生食堂' })
    .click();
  await expect(page).toHaveURL(/\/p\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: DEMO.tongchuanSchool })).toBeVisible();

  await page.goto('/p/NO-SUCH-CANTEEN');
  await expect(page.getByRole('heading', { name: '没有找到这个食堂' })).toBeVisible();
  await shot(page, '83-public-not-found');
});

test('the school downloads its canteen’s printable QR code from the console', async ({ page }) => {
  await login(page, 'principal_demo');
  const schools = (await (
    await ok(
      await page.request.get('/api/org-units', {
        params: { level: 'school', q: DEMO.tongchuanSchool },
      }),
    )
  ).json()) as {
    items: { id: string; name: string }[];
  };
  await page.goto(`/org/${schools.items.find((s) => s.name === DEMO.tongchuanSchool)!.id}`);
  const card = page.locator('.section-card', { hasText: '公示二维码' });
  await expect(card.getByRole('img', { name: '学生食堂 公示页二维码' })).toBeVisible();
  const download = page.waitForEvent('download');
  await card
    .locator('[data-testid^="canteen-qr-"]', { hasText: '学生食堂' })
    .getByRole('link', { name: /下载 PNG/ })
    .click();
  expect((await download).suggestedFilename()).toMatch(/学生食堂-公示二维码\.png$/);
  await expect(
    card
      .locator('[data-testid^="canteen-qr-"]', { hasText: '学生食堂' })
      .getByRole('link', { name: /打开公示页/ }),
  ).toHaveAttribute('href', /^\/p\/[^/]+$/);
});

test.describe('feedback', () => {
  test.skip(
    !process.env.E2E_MUTATIONS,
    'writes data: set E2E_MUTATIONS=1 against a throwaway database',
  );

  test('a parent sends feedback, gets a tracking code and follows it until the school replies', async ({
    page,
  }) => {
    const { url } = await scannedUrl();
    await page.goto(new URL(url).pathname);
    const form = page.locator('#feedback');
    await form.getByText('口味', { exact: true }).click();
    const text = `周一午餐的青菜有点咸，希望少放盐。${Date.now().toString(36)}`;
    await form.getByLabel('反馈内容').fill(text);
    await form.getByLabel(/联系方式/).fill('13812345678');
    await form.getByRole('button', { name: '提交意见' }).click();
    const code = page.getByTestId('tracking-code');
    await expect(code).toHaveText(/^[0-9A-Z]{10}$/, { timeout: 30_000 });
    const trackingCode = (await code.textContent())!;
    await shot(page, '84-public-feedback-sent');

    // Follow it by the code: received, no reply yet.
    await page.getByRole('link', { name: '查看处理进度' }).click();
    const track = page.locator('#track');
    await expect(track.getByText('已收到，待处理')).toBeVisible();
    await expect(track.getByText('学校尚未答复')).toBeVisible();

    // The school replies (markup in a reply is shown as text, never rendered).
    const { api, csrf } = await signedIn('principal_demo');
    const list = (await (
      await ok(await api.get('/api/feedback', { params: { trackingCode } }))
    ).json()) as { items: { id: string }[] };
    expect(list.items).toHaveLength(1);
    const reply = '感谢反馈，已要求厨房<b>减盐</b>，下周起执行。';
    await ok(
      await api.post(`/api/feedback/${list.items[0]!.id}/actions`, {
        headers: { 'X-CSRF-Token': csrf },
        data: { kind: 'reply', reply },
      }),
    );
    await api.dispose();

    // Typed by hand, in lower case.
    await page.goto('/p');
    await page.getByLabel('查询码', { exact: true }).fill(trackingCode.toLowerCase());
    await page.locator('#track').getByRole('button', { name: '查询' }).click();
    await expect(page.locator('#track').getByText('学校已答复')).toBeVisible();
    await expect(page.locator('#track').getByText(reply)).toBeVisible();
    await expect(page.locator('#track b')).toHaveCount(0);
    await shot(page, '85-public-feedback-replied');
  });
});
