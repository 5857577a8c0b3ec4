import { expect, test } from '@playwright/test';
import { DEMO, login } from '../support/demo';

test('a county admin sees the schools of their county only and opens a school page', async ({
  page,
}) => {
  await login(page, 'county_admin_tongchuan');

  await expect(page).toHaveURL(/\/org\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('org-unit-title')).toHaveText('通川区');
  await expect(page.getByTestId('header-unit')).toHaveText('通川区');

  const children = page.getByTestId('children-table');
  await expect(children.getByRole('link', { name: DEMO.tongchuanSchool })).toBeVisible();
  await expect(children.getByRole('link', { name: DEMO.tongchuanOtherSchool })).toBeVisible();
  await expect(page.getByText(DEMO.dachuanSchool)).toHaveCount(0);

  // The sider's org tree is the same subtree.
  const tree = page.getByRole('tree');
  await expect(tree.getByText(DEMO.tongchuanSchool)).toBeVisible();
  await expect(tree.getByText(DEMO.dachuanSchool)).toHaveCount(0);

  // Searching the other county's school finds nothing.
  await page.getByPlaceholder('搜索单位名称或编码').fill('达川区实验');
  await expect(page.getByText('无匹配结果')).toBeVisible();

  await children.getByRole('link', { name: DEMO.tongchuanSchool }).click();
  await expect(page.getByTestId('org-unit-title')).toHaveText(DEMO.tongchuanSchool);
  await expect(page.getByRole('navigation').getByRole('link', { name: '通川区' })).toBeVisible();
  const canteens = page.getByTestId('canteens-table');
  await expect(canteens.getByRole('link', { name: '学生食堂' })).toBeVisible();
  await expect(canteens.getByRole('link', { name: '教师食堂' })).toBeVisible();
});

test("another county's unit answers as not found", async ({ page, request }) => {
  await login(page, 'county_admin_tongchuan');
  // Find the 达川区 school's id as the city admin would see it, then open it as the 通川区 admin.
  const cityLogin = await request.post('/api/auth/login', {
    data: { username: 'city_admin', password: 'Demo@2026' },
  });
  expect(cityLogin.ok()).toBeTruthy();
  const found = await request.get(`/api/org-units?q=${encodeURIComponent(DEMO.dachuanSchool)}`);
  const { items } = (await found.json()) as { items: { id: string }[] };
  expect(items.length).toBeGreaterThan(0);

  await page.goto(`/org/${items[0]!.id}`);
  await expect(page.getByText('单位不存在', { exact: true })).toBeVisible();
  await expect(page.getByText(DEMO.dachuanSchool)).toHaveCount(0);
});
