import { expect, test } from '@playwright/test';
import { chooseOption, login, logout } from '../support/demo';

/**
 * The write paths (create, edit, connection change, accounts, forced password change, move). They
 * change data, so they run only with E2E_MUTATIONS=1 and only against a throwaway copy of the demo
 * database, never the shared one. Every record they create carries a fresh suffix, so reruns work.
 */
test.skip(
  !process.env.E2E_MUTATIONS,
  'writes data: set E2E_MUTATIONS=1 against a throwaway database',
);

const suffix = Date.now().toString(36).slice(-5);
const school = `达州市通川区测试学校${suffix}`;
const schoolCode = `511702-T${suffix}`;
const principal = `principal_t${suffix}`;

test('a county admin sets up a school, its canteen and its principal; the city moves it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await login(page, 'county_admin_tongchuan');

  // Create a school: a duplicate code is refused with the API's message, then a valid one lands.
  await page.getByRole('button', { name: '新建学校' }).click();
  const create = page.getByRole('dialog');
  await create.getByLabel('单位名称').fill(school);
  await create.getByLabel('单位编码').fill('511702-S01');
  await chooseOption(page, create.getByLabel('类型'), '小学');
  await create.getByLabel('在校学生数').fill('800');
  await create.getByRole('button', { name: /创\s*建/ }).click();
  await expect(page.getByText('记录已存在（唯一字段重复）')).toBeVisible();
  await create.getByLabel('单位编码').fill(schoolCode);
  await create.getByRole('button', { name: /创\s*建/ }).click();
  await expect(page.getByTestId('org-unit-title')).toHaveText(school);
  await expect(page.getByRole('tree').getByText(school)).toBeVisible();

  // Edit it: the shared phone rule is checked in the form.
  await page.getByRole('button', { name: '编辑' }).click();
  const edit = page.getByRole('dialog');
  await edit.getByLabel('联系人').fill('张老师');
  await edit.getByLabel('联系电话').fill('123');
  await edit.getByRole('button', { name: /保\s*存/ }).click();
  await expect(edit.getByText('电话号码格式不正确')).toBeVisible();
  await edit.getByLabel('联系电话').fill('0818-2123456');
  await edit.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('张老师')).toBeVisible();

  // A canteen, connected with a reason, shows in its history and the audit log.
  await page.getByRole('button', { name: '新建食堂' }).click();
  const canteen = page.getByRole('dialog');
  await canteen.getByLabel('单位名称').fill('学生食堂');
  await canteen.getByLabel('单位编码').fill(`${schoolCode}-C1`);
  await canteen.getByRole('button', { name: /创\s*建/ }).click();
  await expect(page.getByTestId('org-unit-title')).toHaveText('学生食堂');
  await page.getByRole('button', { name: '变更接入状态' }).click();
  const connection = page.getByRole('dialog');
  await connection.getByRole('radio', { name: /已接入/ }).check();
  await connection.getByRole('button', { name: /确\s*定/ }).click();
  await expect(connection.getByText('请填写原因（至少 2 个字）')).toBeVisible();
  await connection.getByRole('textbox', { name: '原因' }).fill('设备安装调试完成，已联网');
  await connection.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByText('接入状态已变更')).toBeVisible();
  await expect(page.locator('.page-header').getByText('已接入')).toBeVisible();
  await expect(page.getByRole('cell', { name: '设备安装调试完成，已联网' })).toBeVisible();
  await page.getByRole('tab', { name: '操作日志' }).click();
  await page
    .getByTestId('audit-table')
    .getByRole('button', { name: /展开行/ })
    .first()
    .click();
  await expect(page.locator('.audit-diff-changed').getByText('已接入')).toBeVisible();

  // The school's principal: created, reset, disabled and enabled, renamed.
  await page.getByRole('navigation').getByRole('link', { name: school }).click();
  await page.getByRole('tab', { name: '账号' }).click();
  await page.getByRole('button', { name: '新建账号' }).click();
  const account = page.getByRole('dialog');
  await account.getByLabel('用户名').fill(principal);
  await account.getByLabel('姓名').fill('李校长');
  await chooseOption(page, account.getByLabel('角色'), '校长（食品安全负责人）');
  await account.getByLabel('初始密码').fill('Temp@2026x');
  await account.getByRole('button', { name: /创\s*建/ }).click();
  await expect(page.getByText(`账号 ${principal} 已创建`)).toBeVisible();
  const users = page.getByTestId('users-table');
  await expect(users.getByText(principal)).toBeVisible();
  await expect(users.getByText('待修改密码')).toBeVisible();

  await users.getByRole('button', { name: '更多' }).first().click();
  await page.getByRole('menuitem', { name: '停用账号' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定/ })
    .click();
  await expect(users.getByText('已停用')).toBeVisible();
  await users.getByRole('button', { name: '更多' }).first().click();
  await page.getByRole('menuitem', { name: '启用账号' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定/ })
    .click();
  await expect(users.getByText('正常')).toBeVisible();

  await users.getByRole('button', { name: '编辑' }).first().click();
  await expect(page.getByRole('dialog').getByLabel('角色')).toBeVisible();
  await page.getByRole('dialog').getByLabel('姓名').fill('李文校长');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await expect(users.getByText('李文校长')).toBeVisible();

  // The principal must change the initial password before anything else.
  await logout(page);
  await login(page, principal, 'Temp@2026x');
  await expect(page).toHaveURL(/\/change-password/);
  await page.getByLabel('当前密码').fill('Temp@2026x');
  await page.getByLabel('新密码', { exact: true }).fill('short');
  await page.getByLabel('确认新密码').fill('short');
  await page.getByRole('button', { name: '确认修改' }).click();
  await expect(page.getByText('密码至少 8 位')).toBeVisible();
  await page.getByLabel('新密码', { exact: true }).fill('Better@2026');
  await page.getByLabel('确认新密码').fill('Better@2026');
  await page.getByRole('button', { name: '确认修改' }).click();
  await expect(page.getByTestId('org-unit-title')).toHaveText(school);

  // The city moves the school to another county, with a reason on record.
  await logout(page);
  await login(page, 'city_admin');
  await page.getByPlaceholder('搜索单位名称或编码').fill(schoolCode);
  await page.locator('.org-search-name', { hasText: school }).click();
  await expect(page.getByTestId('org-unit-title')).toHaveText(school);
  await page.getByRole('button', { name: '迁移' }).click();
  const move = page.getByRole('dialog');
  await chooseOption(page, move.getByLabel(/新的上级单位/), '达川区');
  await move.getByRole('textbox', { name: '原因' }).fill('行政区划调整');
  await move.getByRole('button', { name: '确认迁移' }).click();
  await expect(page.getByText(`“${school}”已迁移`)).toBeVisible();
  await page.getByRole('tab', { name: '迁移记录' }).click();
  await expect(page.getByRole('cell', { name: '行政区划调整' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: '达川区' })).toBeVisible();
});
