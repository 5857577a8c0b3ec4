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
  // The platform serves every city: a page about no canteen names none.
  await expect(page.locator('footer')).toContainText('校园食品安全智慧监管平台');
  await expect(page.locator('footer')).not.toContainText('达州市');
  await shot(page, '83-public-not-found');
});

test('a canteen with nothing published yet says so in each section, under its own city', async ({
  page,
}) => {
  // A 巴州区 canteen: no menu, deliveries or ledger movements in the demo data.
  await page.goto('/p/511902-S01-C1');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('巴州区');
  await expect(page.locator('#week')).toContainText('本周食谱尚未公布');
  await expect(page.locator('#sources')).toContainText('近 30 天暂无验收入库的食材记录');
  await expect(page.locator('#licences')).toContainText('暂无可公示的证照');
  const ledger = page.locator('#ledger');
  // The worker may still be sealing the first digests when this runs.
  await expect(ledger).toContainText(/本食堂暂无出入库记录|账本尚未生成每日签名/);
  await expect(ledger).not.toContainText('第 0 笔');
  await expect(page.locator('footer')).toContainText('巴中市校园食品安全智慧监管平台');
  await shot(page, '86-public-nothing-published');
});

test('the feedback form says what is wrong next to the field: its own checks first, then the server’s', async ({
  page,
}) => {
  const challenges: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/public/feedback/challenge')) challenges.push(r.url());
  });
  await page.goto('/p/511702-S01-C1');
  const form = page.locator('#feedback');
  await form.getByText('口味', { exact: true }).click();
  await form.getByLabel('反馈内容').fill('周一午餐的青菜有点咸');
  const contact = form.getByLabel(/联系方式/);
  await contact.fill('12345');
  await form.getByRole('button', { name: '提交意见' }).click();
  // The shared rule refuses it on the phone, before any time goes into the challenge.
  await expect(form.locator('#feedback-contact-error')).toHaveText(
    '联系方式应为 11 位手机号或微信号',
  );
  await expect(contact).toHaveAttribute('aria-invalid', 'true');
  await expect(contact).toBeFocused();
  expect(challenges).toEqual([]);
  await form.locator('#feedback-contact-error').scrollIntoViewIfNeeded();
  await shot(page, '87-public-feedback-field-error');

  // What only the server checks (a control character in the text) comes back next to its field too.
  await contact.fill('');
  await expect(form.locator('#feedback-contact-error')).toHaveCount(0);
  await form.getByLabel('反馈内容').fill('青菜\u0007太咸');
  await form.getByRole('button', { name: '提交意见' }).click();
  await expect(form.locator('#feedback-text-error')).toHaveText('反馈内容包含不可见的控制字符', {
    timeout: 30_000,
  });
  await expect(form.getByRole('alert')).toHaveText('请按提示修改后再提交');
  expect(challenges).toHaveLength(1);
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

    // Follow it at once, on the same page: its status comes into view, received, no reply yet.
    await page.getByRole('button', { name: '查看处理进度' }).click();
    const track = page.locator('#track');
    await expect(track.getByText('已收到，待处理')).toBeInViewport();
    await expect(track.getByText('学校尚未答复')).toBeVisible();

    // The school replies, naming its canteen manager (吴秀兰, canteen_manager_demo) and her phone;
    // markup in a reply is shown as text, never rendered.
    const { api, csrf } = await signedIn('principal_demo');
    const list = (await (
      await ok(await api.get('/api/feedback', { params: { trackingCode } }))
    ).json()) as { items: { id: string }[] };
    expect(list.items).toHaveLength(1);
    const reply = '感谢反馈，食堂负责人吴秀兰（13508184006）已要求厨房<b>减盐</b>，下周起执行。';
    const published = '感谢反馈，食堂负责人吴**（135****4006）已要求厨房<b>减盐</b>，下周起执行。';
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
    await expect(page.locator('#track').getByText(published)).toBeVisible();
    await expect(page.locator('#track b')).toHaveCount(0);
    await shot(page, '85-public-feedback-replied');

    // The address a parent may keep or share: the status first, above the search.
    await page.goto(`/p?track=${trackingCode}`);
    await expect(page.locator('#track').getByText(published)).toBeInViewport();
  });
});
