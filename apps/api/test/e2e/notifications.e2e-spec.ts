import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { AlertEscalation } from '@/modules/warnings/alert-escalation';
import { NotificationPublisher } from '@/modules/warnings/notification-publisher';
import { NotificationStream } from '@/modules/warnings/notification-stream';
import { WarningsEngine } from '@/modules/warnings/warnings-engine';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createSupplier } from '@test/factories/supply.factory';
import { type TestTree, type TestUnit, createTree } from '@test/factories/tree.factory';
import { type TestUser, createUser } from '@test/factories/user.factory';
import { stockInWithoutDeliveryEvent } from '@test/factories/warnings.factory';
import { type Session, signIn, startApp } from './harness';

interface SseRecord {
  event?: string;
  data?: unknown;
  comment?: string;
}

/** A Server-Sent Events client over fetch that keeps every record it read. */
class SseClient {
  readonly records: SseRecord[] = [];
  readonly ended: Promise<void>;
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];
  private done = false;

  private constructor(readonly response: Response) {
    this.ended = this.read();
  }

  static async open(base: string, cookie: string): Promise<SseClient> {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/notifications/stream`, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
    const client = new SseClient(response);
    client.controller.signal.addEventListener('abort', () => controller.abort());
    return client;
  }

  get isDone(): boolean {
    return this.done;
  }

  events(name: string): SseRecord[] {
    return this.records.filter((record) => record.event === name);
  }

  /** Waits for a record that matches, read before or after the call. */
  async next(match: (record: SseRecord) => boolean, timeoutMs = 10_000): Promise<SseRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.records.find(match);
      if (found) return found;
      if (this.done) throw new Error(`stream ended without the record; read: ${JSON.stringify(this.records)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; read: ${JSON.stringify(this.records)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.controller.abort();
  }

  private async read(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = this.response.body!.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          this.records.push(parseBlock(buffer.slice(0, cut)));
          buffer = buffer.slice(cut + 2);
        }
        this.wake();
      }
    } catch {
      // Aborted by the test.
    } finally {
      this.done = true;
      this.wake();
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

function parseBlock(block: string): SseRecord {
  const record: SseRecord = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) record.comment = line.slice(1).trim();
    else if (line.startsWith('event: ')) record.event = line.slice(7);
    else if (line.startsWith('data: ')) record.data = JSON.parse(line.slice(6));
  }
  return record;
}

async function cookieOf(app: NestFastifyApplication, user: TestUser): Promise<string> {
  const response = await request(app.getHttpServer()).post('/api/auth/login').send({ username: user.username, password: user.password });
  expect(response.status).toBe(200);
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return cookies.map((cookie) => cookie.split(';')[0]).join('; ');
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const notificationAbout = (alertId: string, kind = 'new') => (record: SseRecord) =>
  record.event === 'notification' && (record.data as { kind: string; alert: { id: string } }).alert.id === alertId && (record.data as { kind: string }).kind === kind;

describe('notifications: centre and live stream', () => {
  let app: NestFastifyApplication;
  let base: string;
  let engine: WarningsEngine;
  let stream: NotificationStream;
  let tree: TestTree;
  const users = {} as Record<'manager' | 'principal' | 'staff' | 'managerB' | 'countyAdmin' | 'otherCountyAdmin', TestUser>;
  const clients: SseClient[] = [];

  async function listen(user: TestUser): Promise<SseClient> {
    const client = await SseClient.open(base, await cookieOf(app, user));
    clients.push(client);
    await client.next((record) => record.event === 'ready');
    return client;
  }

  /** Raises a fresh alert about a canteen through the engine, as the worker does for the event. */
  async function raise(canteen: TestUnit = tree.canteenA1): Promise<string> {
    const ingredientId = randomUUID();
    await engine.onEvent(stockInWithoutDeliveryEvent(canteen, ingredientId));
    return (await testPrisma().alert.findFirstOrThrow({ where: { dedupeKey: { contains: ingredientId } } })).id;
  }

  /** A heartbeat marks a point in each stream: whatever was sent before it has been read once it arrives. */
  async function beatSeenBy(...targets: SseClient[]): Promise<void> {
    const before = targets.map((client) => client.records.length);
    await stream.beat();
    await Promise.all(targets.map((client, i) => client.next((record) => client.records.indexOf(record) >= before[i]! && !!record.comment?.startsWith('heartbeat'))));
  }

  beforeAll(async () => {
    app = await startApp();
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    engine = app.get(WarningsEngine);
    stream = app.get(NotificationStream);
    tree = await createTree();
    users.manager = await createUser('canteen_manager', tree.schoolA);
    users.principal = await createUser('principal', tree.schoolA);
    users.staff = await createUser('canteen_staff', tree.schoolA);
    users.managerB = await createUser('canteen_manager', tree.schoolB);
    users.countyAdmin = await createUser('official_admin', tree.countyA);
    users.otherCountyAdmin = await createUser('official_admin', tree.countyB);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  describe('the stream', () => {
    it('refuses a request without a session (401, JSON) and opens one with the unread count', async () => {
      const anonymous = await fetch(`${base}/api/notifications/stream`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ error: 'UNAUTHORIZED' });

      const unread = await testPrisma().notification.count({ where: { userId: users.manager.id, readAt: null } });
      const client = await SseClient.open(base, await cookieOf(app, users.manager));
      clients.push(client);
      expect(client.response.status).toBe(200);
      expect(client.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(client.response.headers.get('cache-control')).toContain('no-cache');
      expect(client.response.headers.get('x-request-id')).toBeTruthy();
      expect((await client.next((record) => record.event === 'ready')).data).toEqual({ count: unread });
    });

    it('pushes a new alert live to the handlers of the holding unit only', async () => {
      const [manager, principal, staff, managerB] = await Promise.all([listen(users.manager), listen(users.principal), listen(users.staff), listen(users.managerB)]);
      const id = await raise();
      const alert = await testPrisma().alert.findUniqueOrThrow({ where: { id } });

      const pushed = await manager.next(notificationAbout(id));
      expect(pushed.data).toEqual({
        kind: 'new',
        alert: { id, code: alert.code, title: { zh: alert.titleZh, en: alert.titleEn }, severity: 'warning', status: 'raised' },
      });
      await principal.next(notificationAbout(id));
      // Staff may read alerts but do not handle them; another school's manager may not see it at all.
      await beatSeenBy(staff, managerB);
      expect(staff.events('notification')).toEqual([]);
      expect(managerB.events('notification')).toEqual([]);
    });

    it('sends nothing about an alert outside the addressee\'s subtree, even when a message names them', async () => {
      const id = await raise();
      const [other, county] = await Promise.all([listen(users.otherCountyAdmin), listen(users.countyAdmin)]);
      await app.get(NotificationPublisher).publish([{ userIds: [users.otherCountyAdmin.id, users.countyAdmin.id], alertId: id, kind: 'escalated' }]);

      await county.next(notificationAbout(id, 'escalated'));
      await beatSeenBy(other);
      expect(other.events('notification')).toEqual([]);
    });

    it('pushes an escalation to the county, which now holds the alert, and to the school it moved from', async () => {
      const id = await raise();
      const [county, manager] = await Promise.all([listen(users.countyAdmin), listen(users.manager)]);
      const moved = await app.get(AlertEscalation).run(new Date(Date.now() + 9 * 3_600_000));
      expect(moved).toBeGreaterThanOrEqual(1);

      expect((await county.next(notificationAbout(id, 'escalated'))).data).toMatchObject({ alert: { id, status: 'raised' } });
      await manager.next(notificationAbout(id, 'escalated'));
    });

    it('serves every tab of a user and forgets a stream when the browser goes away', async () => {
      const before = stream.count(users.principal.id);
      const tabs = await Promise.all([listen(users.principal), listen(users.principal)]);
      expect(stream.count(users.principal.id)).toBe(before + 2);
      const id = await raise();
      await Promise.all(tabs.map((tab) => tab.next(notificationAbout(id))));

      for (const tab of tabs) tab.close();
      await until(() => stream.count(users.principal.id) === before);
    });

    it('beats every 25 s and ends the stream of a session that signed out', async () => {
      const cookie = await cookieOf(app, users.staff);
      const client = await SseClient.open(base, cookie);
      clients.push(client);
      await client.next((record) => record.event === 'ready');
      await beatSeenBy(client);

      const me = await request(app.getHttpServer()).get('/api/auth/me').set('cookie', cookie);
      const logout = await request(app.getHttpServer()).post('/api/auth/logout').set('cookie', cookie).set('x-csrf-token', me.body.csrfToken as string);
      expect(logout.status).toBeLessThan(300);
      await stream.beat();
      await client.ended;
      expect(client.events('end').at(-1)?.data).toEqual({ reason: 'signed-out' });
      expect(stream.count(users.staff.id)).toBe(0);
    });

    it('ends open streams when the application shuts down, so that it can close', async () => {
      const second = await startApp();
      await second.listen(0, '127.0.0.1');
      const port = (second.getHttpServer().address() as { port: number }).port;
      const client = await SseClient.open(`http://127.0.0.1:${port}`, await cookieOf(app, users.manager));
      clients.push(client);
      await client.next((record) => record.event === 'ready');

      const started = Date.now();
      await second.close();
      expect(Date.now() - started).toBeLessThan(10_000);
      await client.ended;
      expect(client.events('end').at(-1)?.data).toEqual({ reason: 'shutdown' });
    });
  });

  describe('the centre', () => {
    let manager: Session;
    let managerB: Session;
    let alertId: string;

    beforeAll(async () => {
      manager = await signIn(app, users.manager);
      managerB = await signIn(app, users.managerB);
      alertId = await raise(tree.canteenA2);
    });

    it('lists the asker\'s notifications unread first, with the alert, and counts the unread', async () => {
      const all = await testPrisma().notification.findMany({ where: { userId: users.manager.id }, orderBy: { createdAt: 'desc' } });
      expect(all.length).toBeGreaterThanOrEqual(3);
      // The newest one read: it must now come after every unread one.
      await testPrisma().notification.update({ where: { id: all[0]!.id }, data: { readAt: new Date() } });

      const page = await manager.get('/api/notifications?pageSize=200');
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(all.length);
      const items = page.body.items as { id: string; readAt: string | null; kind: string; alert: { id: string; code: string } }[];
      expect(items.at(-1)!.id).toBe(all[0]!.id);
      expect(items.slice(0, -1).every((item) => item.readAt === null)).toBe(true);
      const created = items.map((item) => all.find((row) => row.id === item.id)!.createdAt.getTime()).slice(0, -1);
      expect(created).toEqual([...created].sort((a, b) => b - a));
      expect(items.find((item) => item.alert.id === alertId)).toMatchObject({ kind: 'new', alert: { code: expect.stringMatching(/^AL-\d{8}-\d{4}$/) } });

      expect((await manager.get('/api/notifications/unread-count')).body).toEqual({ count: all.length - 1 });
      const second = await manager.get('/api/notifications?page=2&pageSize=1');
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0].id).toBe(items[1]!.id);
    });

    it('marks chosen ones read, then all, answering the unread count left', async () => {
      const unread = await testPrisma().notification.findMany({ where: { userId: users.manager.id, readAt: null } });
      const marked = await manager.post('/api/notifications/read', { ids: [unread[0]!.id, unread[0]!.id] });
      expect(marked.status).toBe(200);
      expect(marked.body).toEqual({ count: unread.length - 1 });
      expect((await testPrisma().notification.findUniqueOrThrow({ where: { id: unread[0]!.id } })).readAt).not.toBeNull();

      const all = await manager.post('/api/notifications/read', { all: true });
      expect(all.body).toEqual({ count: 0 });
      expect(await testPrisma().notification.count({ where: { userId: users.manager.id, readAt: null } })).toBe(0);
    });

    it('answers 404 for another user\'s notification, and for one about an alert outside the asker\'s county, changing nothing', async () => {
      await raise(tree.canteenA1);
      const principals = await testPrisma().notification.findFirstOrThrow({ where: { userId: users.principal.id, readAt: null } });
      const refused = await manager.post('/api/notifications/read', { ids: [principals.id] });
      expect(refused.status).toBe(404);
      expect((await testPrisma().notification.findUniqueOrThrow({ where: { id: principals.id } })).readAt).toBeNull();

      // A row addressed to county B's manager about county A's alert (as after a move) is not theirs to see.
      const stray = await testPrisma().notification.create({ data: { userId: users.managerB.id, alertId, kind: 'new' } });
      const ownUnread = await testPrisma().notification.count({ where: { userId: users.managerB.id, readAt: null, alert: { subjectPath: { startsWith: tree.countyB.path } } } });
      expect((await managerB.get('/api/notifications')).body.items.map((item: { id: string }) => item.id)).not.toContain(stray.id);
      expect((await managerB.get('/api/notifications/unread-count')).body).toEqual({ count: ownUnread });
      const mixed = await managerB.post('/api/notifications/read', { ids: [stray.id] });
      expect(mixed.status).toBe(404);
      await managerB.post('/api/notifications/read', { all: true });
      expect((await testPrisma().notification.findUniqueOrThrow({ where: { id: stray.id } })).readAt).toBeNull();
    });

    it('refuses malformed bodies with 400 and unsafe requests without the CSRF token with 403', async () => {
      for (const body of [{}, { ids: [] }, { all: false }, { ids: ['not-an-id'] }, { ids: [randomUUID()], all: true }]) {
        const response = await manager.post('/api/notifications/read', body);
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
      }
      expect((await manager.get('/api/notifications?pageSize=0')).status).toBe(400);
      expect((await manager.agent.post('/api/notifications/read').send({ all: true })).status).toBe(403);
    });

    it('is refused to supplier users, who have no alerts', async () => {
      const supplier = await createSupplier();
      const session = await signIn(app, await createUser('supplier', null, { supplierId: supplier.id }));
      expect((await session.get('/api/notifications')).status).toBe(403);
      expect((await session.get('/api/notifications/stream')).status).toBe(403);
    });
  });
});
