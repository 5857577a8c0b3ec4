import { type APIRequestContext, expect, test } from '@playwright/test';
import { solveFeedbackChallenge } from '../../packages/shared/src/schemas/feedback';
import { DEMO, login } from '../support/demo';

/**
 * Parents' feedback in the console: what a parent typed — markup included — shows as the
 * characters typed, and nothing in it runs. The parent's side is played through the public API
 * (the public page's form is the public bundle's own spec). Writes data: E2E_MUTATIONS=1 only.
 */
test.skip(
  !process.env.E2E_MUTATIONS,
  'writes data: set E2E_MUTATIONS=1 against a throwaway database',
);

const DEMO_CANTEEN = '511702-S01-C1';
const MARKUP = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>太咸</b> ${Date.now().toString(36)}`;

/** Sends feedback as a parent's phone would: fetch a challenge, solve it, post. */
async function sendFeedback(
  request: APIRequestContext,
  text: string,
  contact: string,
): Promise<string> {
  const challenge = await (
    await request.get(`/api/public/feedback/challenge?canteen=${DEMO_CANTEEN}`)
  ).json();
  const solution = await solveFeedbackChallenge(challenge);
  const sent = await request.post(`/api/public/canteens/${DEMO_CANTEEN}/feedback`, {
    data: { category: 'taste', text, contact, challenge, solution },
  });
  expect(sent.status()).toBe(201);
  return ((await sent.json()) as { trackingCode: string }).trackingCode;
}

test('a school reads a parent’s markup as text, replies, and the parent sees the reply by tracking code', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const trackingCode = await sendFeedback(request, MARKUP, '13800009999');

  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await login(page, 'principal_demo');
  await page.goto('/feedback');
  await page.getByPlaceholder('按查询码查找').fill(trackingCode);
  await page.getByPlaceholder('按查询码查找').press('Enter');
  const row = page.getByTestId('feedback-table').locator('tr', { hasText: trackingCode });
  await expect(row.getByTestId('feedback-excerpt')).toContainText('<img src=x onerror=');
  await row.getByRole('link', { name: trackingCode }).click();

  await expect(page.getByTestId('feedback-code')).toHaveText(`反馈 ${trackingCode}`);
  await expect(page.getByTestId('feedback-text')).toHaveText(MARKUP);
  // The school handling it sees the contact in full.
  await expect(page.getByTestId('feedback-contact')).toHaveText('13800009999');
  // Nothing the parent typed became an element or ran.
  await expect(page.locator('main img[src="x"], .app-content img[src="x"]')).toHaveCount(0);
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
  ).toBeUndefined();

  await page.getByTestId('feedback-start').click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.locator('.page-header').getByText('处理中')).toBeVisible();
  const reply = '已调整盐量 <b>谢谢</b>';
  await page.getByTestId('feedback-reply').fill(reply);
  await page.getByTestId('feedback-submit').click();
  await expect(page.getByTestId('feedback-public-reply')).toHaveText(reply);
  await expect(page.getByTestId('feedback-history')).toContainText('答复家长');

  const tracked = await (await request.get(`/api/public/feedback/${trackingCode}`)).json();
  expect(tracked).toMatchObject({ status: 'replied', reply: { text: reply } });
  expect(dialogs).toEqual([]);
});

test('a county official sees its schools’ feedback and handling times, with contacts masked', async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const trackingCode = await sendFeedback(request, '打饭排队太久', '13800008888');
  await login(page, 'county_admin_tongchuan');
  await page.goto('/feedback');
  await expect(page.getByTestId('feedback-table')).toContainText(DEMO.tongchuanSchool);
  await expect(page.getByTestId('feedback-table')).not.toContainText(DEMO.dachuanSchool);
  await page.getByPlaceholder('按查询码查找').fill(trackingCode);
  await page.getByPlaceholder('按查询码查找').press('Enter');
  const row = page.getByTestId('feedback-table').locator('tr', { hasText: trackingCode });
  await expect(row).toContainText('138****8888');
  await row.getByRole('link', { name: trackingCode }).click();
  await expect(page.getByTestId('feedback-contact')).toHaveText('138****8888');
  // Officials read; only the school handles.
  await expect(page.getByTestId('feedback-submit')).toHaveCount(0);

  await page.goto('/feedback');
  await page.getByTestId('feedback-overdue-only').click();
  await expect(page.getByTestId('feedback-table').locator('tr.row-overdue').first()).toBeVisible();

  await page.goto('/feedback/stats');
  const stats = page.getByTestId('feedback-stats-table');
  await expect(stats).toContainText(DEMO.tongchuanSchool);
  await expect(stats).toContainText('合计');
  await expect(stats).not.toContainText(DEMO.dachuanSchool);
});
