import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { signIn, startApp } from './harness';

describe('authentication', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;

  beforeAll(async () => {
    app = await startApp({ LOGIN_MAX_FAILURES: 3 });
    tree = await createTree();
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  it('signs in with an httpOnly session cookie and answers /me', async () => {
    const user = await createUser('official_admin', tree.countyA);
    const response = await request(app.getHttpServer()).post('/api/auth/login').send({ username: user.username, password: user.password });
    expect(response.status).toBe(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/sid=[A-Za-z0-9_-]{43}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(response.body.user).toMatchObject({ username: user.username, role: 'official_admin', orgUnit: { id: tree.countyA.id, level: 'county' } });
    expect(response.body.user.permissions).toContain('org:write');

    const session = await signIn(app, user);
    const me = await session.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(session.csrf);
  });

  it('refuses a wrong password and an unknown user alike, in both languages', async () => {
    const user = await createUser('official_viewer', tree.countyA);
    const wrong = await request(app.getHttpServer()).post('/api/auth/login').send({ username: user.username, password: 'nope-nope' });
    const unknown = await request(app.getHttpServer()).post('/api/auth/login').send({ username: 'nobody_here', password: 'nope-nope' });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ message: '用户名或密码错误', messageEn: 'Wrong username or password' });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('ends the session on logout', async () => {
    const session = await signIn(app, await createUser('official_admin', tree.countyA));
    expect((await session.post('/api/auth/logout')).status).toBe(204);
    expect((await session.get('/api/auth/me')).status).toBe(401);
  });

  it('locks the account after repeated failures, even against the right password, until unlocked', async () => {
    const user = await createUser('canteen_staff', tree.schoolA);
    const http = request(app.getHttpServer());
    for (let i = 0; i < 3; i++) {
      expect((await http.post('/api/auth/login').send({ username: user.username, password: 'wrong-one' })).status).toBe(401);
    }
    const locked = await http.post('/api/auth/login').send({ username: user.username, password: user.password });
    expect(locked.status).toBe(423);
    expect(locked.body.error).toBe('ACCOUNT_LOCKED');

    const admin = await signIn(app, await createUser('official_admin', tree.countyA));
    expect((await admin.post(`/api/users/${user.id}/unlock`)).status).toBe(200);
    expect((await http.post('/api/auth/login').send({ username: user.username, password: user.password })).status).toBe(200);
    const actions = await testPrisma().auditLog.findMany({ where: { entityId: user.id }, orderBy: { id: 'asc' }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(['login.failed', 'login.failed', 'login.locked', 'unlock', 'login']);
  });

  it('refuses a write without the CSRF token of the session', async () => {
    const session = await signIn(app, await createUser('official_admin', tree.countyA));
    const body = { parentId: tree.countyA.id, code: 'CSRF-1', name: '无令牌小学', kind: 'primary' };
    const missing = await session.agent.post('/api/org-units').send(body);
    expect(missing.status).toBe(403);
    expect(missing.body.error).toBe('CSRF_TOKEN_INVALID');
    const forged = await session.agent.post('/api/org-units').set('x-csrf-token', 'forged').send(body);
    expect(forged.status).toBe(403);
    expect(await testPrisma().orgUnit.count({ where: { code: 'CSRF-1' } })).toBe(0);
  });

  it('holds a created account at the password change, then lets it in and ends its other sessions', async () => {
    const user = await createUser('principal', tree.schoolA, { mustChangePassword: true });
    const first = await signIn(app, user);
    const second = await signIn(app, user);
    expect(first.csrf).not.toBe(second.csrf);
    const held = await second.get('/api/org-units');
    expect(held.status).toBe(403);
    expect(held.body.error).toBe('PASSWORD_CHANGE_REQUIRED');

    const weak = await second.post('/api/auth/password', { currentPassword: user.password, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.issues[0].path).toBe('newPassword');
    const wrong = await second.post('/api/auth/password', { currentPassword: 'not-it', newPassword: 'Better#Pass1' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('WRONG_PASSWORD');

    const changed = await second.post('/api/auth/password', { currentPassword: user.password, newPassword: 'Better#Pass1' });
    expect(changed.status).toBe(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    expect((await second.get('/api/org-units')).status).toBe(200);
    expect((await first.get('/api/auth/me')).status).toBe(401);
    await signIn(app, { username: user.username, password: 'Better#Pass1' });
  });
});

describe('login rate limits', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startApp({ LOGIN_IP_LIMIT: 4, LOGIN_ACCOUNT_LIMIT: 2, REDIS_PREFIX: `${process.env.REDIS_PREFIX}-limits` });
  });
  afterAll(() => app.close());

  it('limits attempts per account, then per IP, before checking any password', async () => {
    const http = request(app.getHttpServer());
    const attempt = (username: string) => http.post('/api/auth/login').send({ username, password: 'whatever1' });
    expect((await attempt('alpha_user')).status).toBe(401);
    expect((await attempt('alpha_user')).status).toBe(401);
    const perAccount = await attempt('alpha_user');
    expect(perAccount.status).toBe(429);
    expect(perAccount.body.message).toBe('登录尝试过于频繁，请 10 分钟后再试');
    expect(perAccount.body.messageEn).toBe('Too many sign-in attempts, try again in 10 min');
    expect((await attempt('beta_user')).status).toBe(401);
    expect((await attempt('gamma_user')).status).toBe(429);
  });
});

describe('login rate limits and colleagues signing in', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;

  beforeAll(async () => {
    app = await startApp({ LOGIN_IP_LIMIT: 3, LOGIN_ACCOUNT_LIMIT: 2, REDIS_PREFIX: `${process.env.REDIS_PREFIX}-refunds` });
    tree = await createTree();
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  it('gives a successful sign-in its attempt back, and still stops guessing', async () => {
    const http = request(app.getHttpServer());
    const colleagues = [await createUser('official_admin', tree.countyA), await createUser('official_viewer', tree.countyA)];
    for (let i = 0; i < 3; i++) {
      for (const user of colleagues) expect((await http.post('/api/auth/login').send({ username: user.username, password: user.password })).status).toBe(200);
    }
    const guess = () => http.post('/api/auth/login').send({ username: colleagues[0]!.username, password: 'a-guess-1' });
    expect((await guess()).status).toBe(401);
    expect((await guess()).status).toBe(401);
    expect((await guess()).status).toBe(429);
  });
});
