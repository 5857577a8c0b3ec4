import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DEFAULT_PUBLIC_SECTIONS, PUBLIC_SECTIONS, type TPublicCanteen, addDays } from '@canteen/shared';
import { loadConfig } from '@/common/config/config';
import { PublicCache } from '@/modules/public/public-cache';
import { startWorker } from '@/worker.factory';
import { type MenuWorld, createDish, createMenuWorld, createPlan, line, publishPlan, thisWeek, today } from '@test/fixtures/menus';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createFarmBase, createIngredient, linkVegetableFoods } from '@test/factories/supply.factory';
import { createUser } from '@test/factories/user.factory';
import { type Session, signIn, startApp } from './harness';
import { createDelivery, createDocument } from './trace-fixtures';
import { eventually } from '@test/support/eventually';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 3)]);

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const put = (session: Session, url: string, body: object) => session.agent.put(url).set('x-csrf-token', session.csrf).send(body);

/** Names and numbers seeded on the units, accounts and supplier that no public page may carry. */
const PERSONAL = ['张三丰', '欧阳娜娜', '司马懿', '13912345678', '13787654321', '13600001111', '13800000000', '测试联系人', '测试canteen_manager'];
function expectNothingPersonal(body: unknown) {
  const text = JSON.stringify(body);
  for (const secret of PERSONAL) expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
}

const PUBLIC_HTML = '<!doctype html><title>食堂公示</title><div id="public-root"></div>';

/** A stand-in for the web build, whose public.html the API serves at /p and /p/<canteen code>. */
function fakeWebBuild(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'canteen-web-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(dir, 'public.html'), PUBLIC_HTML);
  return dir;
}

describe('public canteen pages', () => {
  const config = { ...loadConfig(), REDIS_PREFIX: `${process.env.REDIS_PREFIX}-public`, OUTBOX_POLL_MS: 50, WEB_DIST: fakeWebBuild() };
  let app: NestFastifyApplication;
  let worker: INestApplicationContext;
  let world: MenuWorld;
  let principal: Session;
  let anonymous: () => request.Agent;
  const page = (code: string) => anonymous().get(`/api/public/canteens/${encodeURIComponent(code)}`);

  beforeAll(async () => {
    app = await startApp(config);
    worker = await startWorker(config);
    world = await createMenuWorld(app);
    anonymous = () => request.agent(app.getHttpServer());
    const db = testPrisma();
    // Personal data on the units and accounts that must never reach a public page.
    await db.orgUnit.update({ where: { id: world.tree.schoolA.id }, data: { address: '甲一区人民路 1 号', contactName: '张三丰', contactPhone: '13912345678', enrolment: 1860 } });
    await db.orgUnit.update({ where: { id: world.tree.canteenA1.id }, data: { contactName: '欧阳娜娜', contactPhone: '13787654321' } });
    const principalUser = await createUser('principal', world.tree.schoolA);
    await db.user.update({ where: { id: principalUser.id }, data: { displayName: '司马懿', phone: '13600001111' } });
    principal = await signIn(app, principalUser);
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
    await closeTestPrisma();
    rmSync(config.WEB_DIST, { recursive: true, force: true });
  });

  describe('finding a canteen', () => {
    it('answers 404 JSON for unknown, malformed, not connected and suspended canteens', async () => {
      for (const code of ['NO-SUCH-CANTEEN', 'bad code!', 'x'.repeat(65), world.tree.canteenA2.code, world.tree.canteenC.code]) {
        const response = await page(code);
        expect({ code, status: response.status }).toEqual({ code, status: 404 });
        expect(response.headers['content-type']).toMatch(/application\/json/);
        expect(response.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND', message: expect.stringContaining('未找到该食堂') });
      }
    });

    it('searches connected canteens by region (code or id) and school name', async () => {
      const byCode = await anonymous().get(`/api/public/canteens?region=${world.tree.cityA.code}`);
      expect(byCode.status).toBe(200);
      expect(byCode.headers['cache-control']).toMatch(/public, max-age=\d+/);
      expect(byCode.body.items.map((c: { code: string }) => c.code).sort()).toEqual([world.tree.canteenA1.code, world.tree.canteenB.code].sort());
      expect(byCode.body.items.find((c: { code: string }) => c.code === world.tree.canteenA1.code)).toEqual({
        code: world.tree.canteenA1.code,
        name: '学生食堂',
        school: { name: '甲一区实验小学', kind: 'primary' },
        region: { province: '测试省', city: '甲市', county: '甲一区' },
      });

      const byId = await anonymous().get(`/api/public/canteens?region=${world.tree.countyA.id}&q=${encodeURIComponent('实验')}`);
      expect(byId.body).toMatchObject({ total: 1, items: [{ code: world.tree.canteenA1.code }] });
      const none = await anonymous().get(`/api/public/canteens?region=${world.tree.countyA.id}&q=${encodeURIComponent('没有这所学校')}`);
      expect(none.body).toMatchObject({ total: 0, items: [] });
      // Suspended canteens (countyC) are not listed.
      const suspended = await anonymous().get(`/api/public/canteens?region=${world.tree.countyC.code}`);
      expect(suspended.body.total).toBe(0);

      expect((await anonymous().get('/api/public/canteens?region=NO-SUCH-REGION')).status).toBe(404);
      // A school is not a region.
      expect((await anonymous().get(`/api/public/canteens?region=${world.tree.schoolA.code}`)).status).toBe(404);
      expect((await anonymous().get('/api/public/canteens?pageSize=500')).status).toBe(400);
    });

    it('lists regions with their connected canteens', async () => {
      const response = await anonymous().get('/api/public/regions');
      expect(response.status).toBe(200);
      const byId = new Map(response.body.map((r: { id: string }) => [r.id, r]));
      expect(byId.get(world.tree.province.id)).toMatchObject({ level: 'province', parentId: null, canteens: 2 });
      expect(byId.get(world.tree.countyA.id)).toMatchObject({ level: 'county', parentId: world.tree.cityA.id, canteens: 1, name: '甲一区' });
      expect(byId.get(world.tree.countyC.id)).toMatchObject({ canteens: 0 });
      expect(byId.has(world.tree.schoolA.id)).toBe(false);
    });
  });

  describe('the page a QR code opens (/p/<code>)', () => {
    /** The public bundle itself, whatever the status, so that the page renders its own not-found view. */
    const expectPublicHtml = async (url: string, status: number) => {
      const response = await anonymous().get(url);
      expect({ url, status: response.status }).toEqual({ url, status });
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toBe(PUBLIC_HTML);
    };

    it('answers the public bundle with 200 for a canteen that has a page, and for the search pages', async () => {
      const code = world.tree.canteenB.code;
      for (const url of [`/p/${code}`, `/p/${code}/`, `/p/${code}?from=qr`, '/p', '/p/', '/p?track=ABC']) await expectPublicHtml(url, 200);
    });

    it('answers the same bundle with 404 for an unknown, not connected or suspended canteen', async () => {
      for (const code of ['NO-SUCH-CANTEEN', world.tree.canteenA2.code, world.tree.canteenC.code]) await expectPublicHtml(`/p/${code}`, 404);
    });

    it('answers 404, never 500, for codes with odd characters', async () => {
      const odd = ['bad code!', '食堂', "x'; DROP TABLE org_unit;--", '%', '..', 'a\u0000b', 'x'.repeat(65), 'x'.repeat(5000)];
      for (const code of odd) await expectPublicHtml(`/p/${encodeURIComponent(code)}`, 404);
      // A broken percent-encoding is refused by the HTTP server itself, as a bad request.
      expect((await anonymous().get('/p/%E0%A4%A')).status).toBe(400);
      // The console's deep links are not canteen pages.
      const deepLink = await anonymous().get('/org/units');
      expect([deepLink.status, deepLink.text]).toEqual([200, '<!doctype html><title>console</title>']);
      // A built file that is not there (a tab opened before a deploy asks for its old chunk) is a
      // 404, not the console's HTML, which the browser would refuse as a script.
      for (const url of ['/assets/main-OLDHASH.js', '/assets/style.css?v=1', '/favicon-missing.ico', '/p/assets/x.js']) {
        const missing = await anonymous().get(url);
        expect({ url, status: missing.status, type: missing.headers['content-type'] }).toEqual({ url, status: 404, type: expect.stringMatching(/^application\/json/) });
      }
    });
  });

  describe('a canteen page', () => {
    let body: TPublicCanteen;

    beforeAll(async () => {
      // An accepted delivery from a farm base, and the supplier's licences (written directly: no event, before the first read).
      const base = await createFarmBase(world.supplier, '甲市蔬菜基地');
      await createDocument(world.supplier, 'food_business_licence', 'JY15117020000001', addDays(today(), 10));
      await createDelivery({
        supplier: world.supplier,
        canteen: world.tree.canteenA1,
        contractId: world.contract.id,
        deliveryDate: today(),
        acceptedAt: new Date(),
        lines: [{ ingredient: world.ingredients.tomato, lotCode: 'LOT-TOMATO-1', quantity: '20', expiryDate: addDays(today(), 5), farmBaseId: base.id }],
      });
      const response = await page(world.tree.canteenA1.code);
      expect(response.status).toBe(200);
      body = response.body;
    });

    it('shows the basics with a rounded enrolment and the school address, and the default sections', () => {
      expect(body).toMatchObject({
        code: world.tree.canteenA1.code,
        name: '学生食堂',
        school: { name: '甲一区实验小学', kind: 'primary', address: '甲一区人民路 1 号', enrolmentApprox: 1900 },
        region: { province: '测试省', city: '甲市', county: '甲一区' },
      });
      expect(body.sections).toEqual(PUBLIC_SECTIONS.filter((s) => s !== 'prices'));
      expect(body.staff).toEqual({ total: 3, managers: 2, kitchenStaff: 1 });
    });

    it('lists the suppliers with licence validity and where the ingredients came from', () => {
      expect(body.licences!.own).toEqual([]);
      expect(body.licences!.suppliers).toEqual([
        { id: world.supplier.id, name: world.supplier.name, documents: [expect.objectContaining({ kind: 'food_business_licence', number: 'JY15117020000001', state: 'expiring', expiresOn: addDays(today(), 10) })] },
      ]);
      expect(body.sources!.suppliers).toEqual([{ id: world.supplier.id, name: world.supplier.name, kind: 'distributor', farmBases: [expect.objectContaining({ name: '甲市蔬菜基地', region: '四川省达州市' })] }]);
      expect(body.sources!.ingredients).toEqual([
        expect.objectContaining({ ingredientId: world.ingredients.tomato.id, lots: [expect.objectContaining({ lotCode: 'LOT-TOMATO-1', receivedOn: today(), supplierId: world.supplier.id, farmBaseId: expect.any(String) })] }),
      ]);
    });

    it('carries no person names, phone numbers or contacts', () => {
      expectNothingPersonal(body);
    });

    it('sends an ETag and short public caching; If-None-Match answers 304 without a body', async () => {
      const first = await page(world.tree.canteenA1.code);
      expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
      const again = await page(world.tree.canteenA1.code).set('if-none-match', first.headers.etag!);
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
      const other = await page(world.tree.canteenA1.code).set('if-none-match', '"something-else"');
      expect(other.status).toBe(200);
      // Gzipped once when built, for clients that take it; plain JSON for the others.
      expect(first.headers['content-encoding']).toBe('gzip');
      const plain = await page(world.tree.canteenA1.code).set('accept-encoding', 'identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.etag).toBe(first.headers.etag);
      expect(plain.body).toEqual(first.body);
    });
  });

  describe('cache invalidation', () => {
    it('shows a published menu within seconds, with its nutrition card and each dish’s ingredients', async () => {
      const before = await page(world.tree.canteenA1.code);
      expect(before.body.menu).toBeUndefined();

      const photo = await world.sessions.manager.agent.post('/api/menus/dishes/photos').set('x-csrf-token', world.sessions.manager.csrf).attach('file', PNG, 'dish.png');
      expect(photo.status).toBe(201);
      const dish = await createDish(world.sessions.manager, {
        name: '番茄炒蛋',
        photoFileId: photo.body.id,
        lines: [line(world.ingredients.tomato, 150), line(world.ingredients.eggs, 40), line(world.ingredients.oil, 8)],
      });
      const rice = await createDish(world.sessions.manager, { name: '米饭', cookingMethod: 'steam', lines: [line(world.ingredients.rice, 130)] });
      // The day's fresh vegetables are counted by the food each ingredient links to: tomato (dark) and cabbage (light).
      const cabbage = await createIngredient({ name: `大白菜${Date.now()}`, category: 'vegetables' });
      await linkVegetableFoods([
        { ingredientId: world.ingredients.tomato.id, name: '番茄', colour: 'dark' },
        { ingredientId: cabbage.id, name: '大白菜', colour: 'light' },
      ]);
      const greens = await createDish(world.sessions.manager, { name: '清炒白菜', lines: [line(cabbage, 120)] });
      const plan = await createPlan(world.sessions.manager, {
        canteenId: world.tree.canteenA1.id,
        weekStart: thisWeek(),
        ageBands: [{ ageBand: '9-11', headcount: 400 }],
        entries: [{ day: today(), meal: 'lunch', ageBand: '9-11', headcount: 400, dishIds: [dish.id, greens.id, rice.id] }],
      });
      // A draft is not public, and neither is its photo.
      expect((await anonymous().get(`/api/public/files/${photo.body.id}`)).status).toBe(404);

      const published = Date.now();
      await publishPlan(world.sessions.manager, plan.id);
      const after = await eventually(() => page(world.tree.canteenA1.code), (r) => r.body.menu !== undefined, 10_000);
      expect(Date.now() - published).toBeLessThan(10_000);
      const menu = after.body.menu as NonNullable<TPublicCanteen['menu']>;
      expect(menu).toMatchObject({ weekStart: thisWeek(), today: today(), plans: [{ weekStart: thisWeek(), version: 1, publishedAt: expect.any(String) }] });
      const lunch = menu.days.find((d) => d.day === today())!.meals.find((m) => m.meal === 'lunch')!;
      expect(lunch.dishes.map((d) => d.name)).toEqual(['番茄炒蛋', '清炒白菜', '米饭']);
      expect(lunch.costPerStudentFen).toBeUndefined();
      const tomatoEggs = lunch.dishes[0]!;
      expect(tomatoEggs.photoUrl).toBe(`/api/public/files/${photo.body.id}`);
      expect(tomatoEggs.ingredientIds.sort()).toEqual([world.ingredients.tomato.id, world.ingredients.eggs.id, world.ingredients.oil.id].sort());
      expect(menu.ingredients.map((i) => i.id)).toEqual(expect.arrayContaining([world.ingredients.rice.id, world.ingredients.tomato.id]));
      // Sources follow the menu's ingredients: the tomato lot is there.
      expect(after.body.sources.ingredients.map((i: { ingredientId: string }) => i.ingredientId)).toEqual([world.ingredients.tomato.id]);
      const card = after.body.nutrition.days.find((d: { day: string }) => d.day === today()).cards[0];
      expect(card).toMatchObject({ ageBand: '9-11', verdict: 'red', meals: [{ meal: 'lunch' }] });
      // WS/T 554's daily rule on the parents' card: two kinds where three are asked, by the names of the foods they link to.
      const { foods, ...counts } = card.vegetables;
      expect(counts).toEqual({ kinds: 2, darkKinds: 1, minKinds: 3, darkShareOverPercent: 50, verdict: 'red' });
      expect([...foods].sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-CN'))).toEqual([
        { name: '大白菜', colour: 'light' },
        { name: '番茄', colour: 'dark' },
      ]);
      expect(card.reasons).toEqual(expect.arrayContaining(['全天新鲜蔬菜 2 种（应至少 3 种）', '全天深色蔬菜 1/2 种（应超过一半）']));
      expectNothingPersonal(after.body);

      // The published dish photo is now public, immutable and cached.
      const file = await anonymous().get(tomatoEggs.photoUrl!).buffer(true).parse(binary);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.headers['cache-control']).toMatch(/immutable/);
      expect(Buffer.compare(file.body as Buffer, PNG)).toBe(0);
    });
  });

  it('does not keep a page built from data that changed while it was being built', async () => {
    const cache = app.get(PublicCache);
    const code = `race-${Date.now()}`;
    let builds = 0;
    const build = async (invalidateMeanwhile: boolean) => {
      builds++;
      if (invalidateMeanwhile) await cache.invalidateCanteens([code]);
      return JSON.stringify({ build: builds });
    };
    const first = await cache.page(code, today(), () => build(true));
    const second = await cache.page(code, today(), () => build(false));
    const third = await cache.page(code, today(), () => build(false));
    expect(builds).toBe(2);
    expect(JSON.parse(first.body.toString())).toEqual({ build: 1 });
    expect(JSON.parse(second.body.toString())).toEqual({ build: 2 });
    expect(third.etag).toBe(second.etag);
    await cache.invalidateAll();
    await cache.page(code, today(), () => build(false));
    expect(builds).toBe(3);
  });

  describe('section settings', () => {
    const url = () => `/api/public-settings/${world.tree.canteenA1.id}`;

    it('shows the school what it may change within the county’s limits', async () => {
      const response = await world.sessions.manager.get(url());
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        orgUnit: { id: world.tree.canteenA1.id, level: 'canteen' },
        value: DEFAULT_PUBLIC_SECTIONS,
        source: null,
        own: null,
        editable: { shown: true, limits: false },
      });
      expect(response.body.visible).not.toContain('prices');
    });

    it('lets the school hide a section, and the page drops it at once', async () => {
      const shown = DEFAULT_PUBLIC_SECTIONS.shown.filter((s) => s !== 'staff');
      const response = await put(world.sessions.manager, url(), { value: { shown }, reason: '暂不公示人员数量' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ own: { shown }, source: { orgUnitId: world.tree.canteenA1.id } });
      const after = await page(world.tree.canteenA1.code);
      expect(after.body.sections).not.toContain('staff');
      expect(after.body.staff).toBeUndefined();
      const audit = await testPrisma().auditLog.findFirst({ where: { entity: 'org_setting', entityId: world.tree.canteenA1.id }, orderBy: { at: 'desc' } });
      expect(audit?.after).toMatchObject({ key: 'public.sections', value: { shown }, reason: '暂不公示人员数量' });
    });

    it('refuses what the county forbids or requires, and limits set by a school; nothing stored', async () => {
      const before = await testPrisma().orgSetting.findMany({ where: { orgUnitId: world.tree.canteenA1.id } });
      const cases = [
        { value: { shown: [...DEFAULT_PUBLIC_SECTIONS.shown, 'prices'] }, message: /不允许公开：餐费与成本/ },
        { value: { shown: DEFAULT_PUBLIC_SECTIONS.shown.filter((s) => s !== 'menu') }, message: /要求必须公开：每周食谱/ },
        { value: { forbidden: [] }, message: /由县（区）设定/ },
      ];
      for (const { value, message } of cases) {
        const response = await put(world.sessions.manager, url(), { value, reason: '测试' });
        expect({ value, status: response.status }).toEqual({ value, status: 400 });
        expect(response.body.message).toMatch(message);
      }
      const unknown = await put(world.sessions.manager, url(), { value: { shown: ['gossip'] }, reason: '测试' });
      expect(unknown.status).toBe(400);
      expect(await testPrisma().orgSetting.findMany({ where: { orgUnitId: world.tree.canteenA1.id } })).toEqual(before);
    });

    it('lets the county publish prices; then the school may show them with the fund standard', async () => {
      const countyUrl = `/api/public-settings/${world.tree.countyA.id}`;
      const both = await put(world.sessions.countyAdmin, countyUrl, { value: { mandatory: ['menu'], forbidden: ['menu'] }, reason: '测试' });
      expect(both.status).toBe(400);
      const limits = await put(world.sessions.countyAdmin, countyUrl, { value: { forbidden: [] }, reason: '县教育局决定公开餐费' });
      expect(limits.status).toBe(200);
      expect(limits.body).toMatchObject({ editable: { shown: true, limits: true }, value: { forbidden: [] } });

      const shown = [...DEFAULT_PUBLIC_SECTIONS.shown, 'prices'];
      expect((await put(world.sessions.manager, url(), { value: { shown }, reason: '公开餐费' })).status).toBe(200);
      const after = await page(world.tree.canteenA1.code);
      expect(after.body.sections).toContain('prices');
      const lunch = after.body.menu.days.find((d: { day: string }) => d.day === today()).meals[0];
      expect(lunch).toMatchObject({ fundStandardFen: 500 });
      expect(lunch).toHaveProperty('costPerStudentFen');
    });

    it('answers 404 across counties and 403 without the permission', async () => {
      expect((await world.sessions.officialB.get(url())).status).toBe(404);
      expect((await put(world.sessions.managerB, url(), { value: null, reason: '测试' })).status).toBe(404);
      expect((await put(world.sessions.staff, url(), { value: null, reason: '测试' })).status).toBe(403);
      expect((await world.sessions.officialA.get(url())).body.editable).toEqual({ shown: false, limits: false });
    });
  });

  describe('QR codes', () => {
    it('gives the school a PNG and a printable SVG that open the canteen’s page', async () => {
      const png = await principal.get(`/api/canteens/${world.tree.canteenA1.id}/qr.png`).buffer(true).parse(binary);
      expect(png.status).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      expect((png.body as Buffer).subarray(0, 8)).toEqual(PNG.subarray(0, 8));
      expect(png.headers['content-disposition']).toMatch(/^attachment; filename="canteen-.*-qr\.png"; filename\*=UTF-8''/);
      const target = png.headers['x-public-url'];
      expect(target).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/p/${world.tree.canteenA1.code}$`));

      const svg = await world.sessions.countyAdmin.get(`/api/canteens/${world.tree.canteenA1.id}/qr.svg`).buffer(true).parse(binary);
      expect(svg.status).toBe(200);
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
      const text = (svg.body as Buffer).toString('utf8');
      expect(text).toMatch(/^<\?xml/);
      expect(text).toContain('<text');
      expect(text).toContain('甲一区实验小学');
      // Each supertest request listens on a port of its own, so only the path is compared.
      expect(text).toContain(`/p/${world.tree.canteenA1.code}</title>`);
    });

    it('answers 404 for another county’s canteen and 401 without a session', async () => {
      expect((await world.sessions.officialB.get(`/api/canteens/${world.tree.canteenA1.id}/qr.png`)).status).toBe(404);
      expect((await anonymous().get(`/api/canteens/${world.tree.canteenA1.id}/qr.svg`)).status).toBe(401);
      expect((await principal.get(`/api/canteens/${world.tree.schoolA.id}/qr.png`)).status).toBe(404);
    });
  });

  it('serves no file that is not a public dish photo', async () => {
    const licence = await testPrisma().supplierDocument.findFirstOrThrow({ where: { supplierId: world.supplier.id }, select: { fileId: true } });
    expect((await anonymous().get(`/api/public/files/${licence.fileId}`)).status).toBe(404);
    expect((await anonymous().get('/api/public/files/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await anonymous().get('/api/public/files/not-an-id')).status).toBe(400);
  });
});
