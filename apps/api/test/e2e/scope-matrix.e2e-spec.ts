import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type request from 'supertest';
import { type Permission, type Role, hasPermission } from '@canteen/shared';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, type TestUnit, createTree, createUnit } from '@test/factories/tree.factory';
import { type TestUser, createUser } from '@test/factories/user.factory';
import {
  auditEntriesAfter,
  dbState,
  lastAuditId,
  tableCounts,
  uniqueName,
} from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';

/**
 * Every endpoint × every role × a target inside or outside the actor's subtree. A missing
 * permission answers 403; a record outside the subtree answers 404 (never 403); list endpoints
 * leave out-of-scope rows out. Each refused write is checked to have written nothing.
 */

type Place = 'inside' | 'outside';
type UnitKey = 'province' | 'cityA' | 'countyA' | 'schoolA';

interface ActorDef {
  label: string;
  role: Role;
  unit: UnitKey | null;
  /** A school outside the actor's subtree (in the other tree for province-level actors). */
  outside: (tree: TestTree, other: TestTree) => TestUnit;
}

const ACTORS: ActorDef[] = [
  {
    label: 'operator at the province',
    role: 'operator',
    unit: 'province',
    outside: (_t, o) => o.schoolA,
  },
  {
    label: 'official_admin at the province',
    role: 'official_admin',
    unit: 'province',
    outside: (_t, o) => o.schoolA,
  },
  {
    label: 'official_admin at cityA',
    role: 'official_admin',
    unit: 'cityA',
    outside: (t) => t.schoolC,
  },
  {
    label: 'official_admin at countyA',
    role: 'official_admin',
    unit: 'countyA',
    outside: (t) => t.schoolB,
  },
  {
    label: 'official_viewer at the province',
    role: 'official_viewer',
    unit: 'province',
    outside: (_t, o) => o.schoolA,
  },
  {
    label: 'official_viewer at cityA',
    role: 'official_viewer',
    unit: 'cityA',
    outside: (t) => t.schoolC,
  },
  {
    label: 'official_viewer at countyA',
    role: 'official_viewer',
    unit: 'countyA',
    outside: (t) => t.schoolB,
  },
  { label: 'principal at schoolA', role: 'principal', unit: 'schoolA', outside: (t) => t.schoolB },
  {
    label: 'canteen_manager at schoolA',
    role: 'canteen_manager',
    unit: 'schoolA',
    outside: (t) => t.schoolB,
  },
  {
    label: 'canteen_staff at schoolA',
    role: 'canteen_staff',
    unit: 'schoolA',
    outside: (t) => t.schoolB,
  },
  { label: 'supplier without a unit', role: 'supplier', unit: null, outside: (t) => t.schoolB },
];

interface Target {
  school: TestUnit;
  unit?: TestUnit;
  user?: TestUser;
  code?: string;
  username?: string;
  newParent?: TestUnit;
  passwordHash?: string;
}

interface Endpoint {
  name: string;
  permission: Permission;
  success: number;
  write: boolean;
  /** Lists answer 200 for any actor with the permission, without the rows outside the subtree. */
  list?: boolean;
  prepare: (school: TestUnit, place: Place) => Promise<Target>;
  send: (session: Session, target: Target) => request.Test;
  /** After an answer with the success status. */
  applied: (target: Target, body: request.Response['body'], place: Place) => Promise<void> | void;
  /** After a refusal: the target is as it was. */
  unchanged?: (target: Target) => Promise<void>;
}

const db = () => testPrisma();

async function freshCanteen(school: TestUnit, status?: string): Promise<TestUnit> {
  return createUnit(
    school,
    'canteen',
    '矩阵食堂',
    'canteen',
    status ? { connectionStatus: status } : {},
  );
}

describe('scope matrix', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let other: TestTree;
  /** A second school in countyA: a destination for moves inside countyA. */
  let schoolA2: TestUnit;
  const sessions = new Map<string, Session>();

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    other = await createTree();
    schoolA2 = await createUnit(tree.countyA, 'school', '甲一区第二小学', 'primary');
    for (const actor of ACTORS) {
      const user = await createUser(actor.role, actor.unit ? tree[actor.unit] : null);
      sessions.set(actor.label, await signIn(app, user));
    }
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  const ENDPOINTS: Endpoint[] = [
    {
      name: 'GET /api/org-units (list)',
      permission: 'org:read',
      success: 200,
      write: false,
      list: true,
      prepare: async (school) => ({ school, unit: await freshCanteen(school) }),
      send: (s, t) => s.get(`/api/org-units?q=${t.unit!.code}`),
      applied: (t, body, place) => {
        if (place === 'inside') {
          expect(body.total).toBe(1);
          expect(body.items.map((u: { id: string }) => u.id)).toEqual([t.unit!.id]);
        } else {
          expect(body).toMatchObject({ total: 0, items: [] });
        }
      },
    },
    {
      name: 'GET /api/org-units/:id',
      permission: 'org:read',
      success: 200,
      write: false,
      prepare: async (school) => ({ school, unit: await freshCanteen(school) }),
      send: (s, t) => s.get(`/api/org-units/${t.unit!.id}`),
      applied: (t, body) => {
        expect(body).toMatchObject({ id: t.unit!.id, level: 'canteen', parentId: t.school.id });
        expect(body.ancestors.map((a: { id: string }) => a.id)).toEqual(
          t.unit!.path.split('/').filter(Boolean).slice(0, -1),
        );
      },
    },
    {
      name: 'POST /api/org-units',
      permission: 'org:write',
      success: 201,
      write: true,
      prepare: async (school) => ({ school, code: uniqueName('M') }),
      send: (s, t) =>
        s.post('/api/org-units', {
          parentId: t.school.id,
          code: t.code,
          name: '矩阵新建食堂',
          kind: 'canteen',
        }),
      applied: async (t, body) => {
        const row = await db().orgUnit.findUnique({ where: { code: t.code! } });
        expect(row).toMatchObject({
          id: body.id,
          parentId: t.school.id,
          level: 'canteen',
          path: `${t.school.path}${body.id}/`,
          connectionStatus: 'not_connected',
        });
      },
      unchanged: async (t) =>
        expect(await db().orgUnit.count({ where: { code: t.code! } })).toBe(0),
    },
    {
      name: 'PATCH /api/org-units/:id',
      permission: 'org:write',
      success: 200,
      write: true,
      prepare: async (school) => ({ school, unit: await freshCanteen(school) }),
      send: (s, t) =>
        s.patch(`/api/org-units/${t.unit!.id}`, { name: '改名后的食堂', address: '新地址 1 号' }),
      applied: async (t, body) => {
        expect(body).toMatchObject({
          id: t.unit!.id,
          name: '改名后的食堂',
          address: '新地址 1 号',
        });
        expect(await db().orgUnit.findUnique({ where: { id: t.unit!.id } })).toMatchObject({
          name: '改名后的食堂',
          address: '新地址 1 号',
        });
      },
      unchanged: async (t) =>
        expect(await db().orgUnit.findUnique({ where: { id: t.unit!.id } })).toMatchObject({
          name: t.unit!.name,
          address: null,
        }),
    },
    {
      name: 'POST /api/org-units/:id/move',
      permission: 'org:move',
      success: 201,
      write: true,
      // Inside: a canteen of schoolA moves to schoolA2 (both in countyA). Outside: a canteen of
      // the outside school would move into schoolA.
      prepare: async (school, place) => ({
        school,
        unit: await freshCanteen(school),
        newParent: place === 'inside' ? schoolA2 : tree.schoolA,
      }),
      send: (s, t) =>
        s.post(`/api/org-units/${t.unit!.id}/move`, {
          newParentId: t.newParent!.id,
          reason: '矩阵测试调整隶属',
        }),
      applied: async (t, body) => {
        expect(body).toMatchObject({
          fromParentId: t.school.id,
          toParentId: t.newParent!.id,
          reason: '矩阵测试调整隶属',
        });
        expect(await db().orgUnit.findUnique({ where: { id: t.unit!.id } })).toMatchObject({
          parentId: t.newParent!.id,
          path: `${t.newParent!.path}${t.unit!.id}/`,
        });
        expect(await db().orgUnitMove.count({ where: { orgUnitId: t.unit!.id } })).toBe(1);
      },
      unchanged: async (t) => {
        expect(await db().orgUnit.findUnique({ where: { id: t.unit!.id } })).toMatchObject({
          parentId: t.school.id,
          path: t.unit!.path,
        });
        expect(await db().orgUnitMove.count({ where: { orgUnitId: t.unit!.id } })).toBe(0);
      },
    },
    {
      name: 'GET /api/org-units/:id/moves',
      permission: 'org:read',
      success: 200,
      write: false,
      prepare: async (school) => {
        const unit = await freshCanteen(school);
        await db().orgUnitMove.create({
          data: {
            orgUnitId: unit.id,
            fromParentId: school.id,
            toParentId: school.id,
            fromPath: unit.path,
            toPath: unit.path,
            reason: '历史调整',
            actorId: randomUUID(),
          },
        });
        return { school, unit };
      },
      send: (s, t) => s.get(`/api/org-units/${t.unit!.id}/moves`),
      applied: (t, body) => {
        expect(body).toHaveLength(1);
        expect(body[0]).toMatchObject({ fromParentId: t.school.id, reason: '历史调整' });
      },
    },
    {
      name: 'POST /api/org-units/:id/connection',
      permission: 'org:connection',
      success: 201,
      write: true,
      prepare: async (school) => ({ school, unit: await freshCanteen(school) }),
      send: (s, t) =>
        s.post(`/api/org-units/${t.unit!.id}/connection`, {
          status: 'connected',
          reason: '设备安装完成',
        }),
      applied: async (t, body) => {
        expect(body).toMatchObject({ id: t.unit!.id, connectionStatus: 'connected' });
        expect(await db().orgUnit.findUnique({ where: { id: t.unit!.id } })).toMatchObject({
          connectionStatus: 'connected',
          connectedAt: expect.any(Date),
        });
        const events = await db().connectionEvent.findMany({ where: { canteenId: t.unit!.id } });
        expect(events).toEqual([
          expect.objectContaining({
            fromStatus: 'not_connected',
            toStatus: 'connected',
            reason: '设备安装完成',
          }),
        ]);
      },
      unchanged: async (t) => {
        expect(await db().orgUnit.findUnique({ where: { id: t.unit!.id } })).toMatchObject({
          connectionStatus: 'not_connected',
          connectedAt: null,
        });
        expect(await db().connectionEvent.count({ where: { canteenId: t.unit!.id } })).toBe(0);
      },
    },
    {
      name: 'GET /api/org-units/:id/connection-events',
      permission: 'org:read',
      success: 200,
      write: false,
      prepare: async (school) => {
        const unit = await freshCanteen(school);
        await db().connectionEvent.create({
          data: {
            canteenId: unit.id,
            fromStatus: 'not_connected',
            toStatus: 'connected',
            reason: '首次接入',
          },
        });
        return { school, unit };
      },
      send: (s, t) => s.get(`/api/org-units/${t.unit!.id}/connection-events`),
      applied: (_t, body) => {
        expect(body).toHaveLength(1);
        expect(body[0]).toMatchObject({
          fromStatus: 'not_connected',
          toStatus: 'connected',
          reason: '首次接入',
        });
      },
    },
    {
      name: 'GET /api/org-units/:id/connection-rate',
      permission: 'org:read',
      success: 200,
      write: false,
      prepare: async (school) => ({ school, unit: await freshCanteen(school, 'connected') }),
      send: (s, t) => s.get(`/api/org-units/${t.unit!.id}/connection-rate`),
      applied: (t, body) => {
        expect(body.unit).toEqual({ id: t.unit!.id, name: t.unit!.name, level: 'canteen' });
        expect(body.total).toEqual({
          canteens: 1,
          connected: 1,
          suspended: 0,
          notConnected: 0,
          rate: 1,
        });
        expect(body.children).toEqual([]);
      },
    },
    {
      name: 'GET /api/users (list)',
      permission: 'user:read',
      success: 200,
      write: false,
      list: true,
      prepare: async (school) => ({ school, user: await createUser('canteen_staff', school) }),
      send: (s, t) => s.get(`/api/users?q=${t.user!.username}`),
      applied: (t, body, place) => {
        if (place === 'inside') {
          expect(body.total).toBe(1);
          expect(body.items.map((u: { id: string }) => u.id)).toEqual([t.user!.id]);
        } else {
          expect(body).toMatchObject({ total: 0, items: [] });
        }
      },
    },
    {
      name: 'GET /api/users/:id',
      permission: 'user:read',
      success: 200,
      write: false,
      prepare: async (school) => ({ school, user: await createUser('canteen_staff', school) }),
      send: (s, t) => s.get(`/api/users/${t.user!.id}`),
      applied: (t, body) => {
        expect(body).toMatchObject({
          id: t.user!.id,
          username: t.user!.username,
          role: 'canteen_staff',
          orgUnit: { id: t.school.id },
        });
        expect(JSON.stringify(body)).not.toMatch(/passwordHash|argon2/);
      },
    },
    {
      name: 'POST /api/users',
      permission: 'user:write',
      success: 201,
      write: true,
      prepare: async (school) => ({ school, username: uniqueName('mx') }),
      send: (s, t) =>
        s.post('/api/users', {
          username: t.username,
          displayName: '矩阵账号',
          role: 'canteen_staff',
          orgUnitId: t.school.id,
          initialPassword: 'Matrix#2026',
        }),
      applied: async (t, body) => {
        expect(body).toMatchObject({
          username: t.username,
          role: 'canteen_staff',
          mustChangePassword: true,
          orgUnit: { id: t.school.id },
        });
        expect(await db().user.findUnique({ where: { username: t.username! } })).toMatchObject({
          id: body.id,
          orgUnitId: t.school.id,
          role: 'canteen_staff',
        });
      },
      unchanged: async (t) =>
        expect(await db().user.count({ where: { username: t.username! } })).toBe(0),
    },
    {
      name: 'PATCH /api/users/:id',
      permission: 'user:write',
      success: 200,
      write: true,
      prepare: async (school) => ({ school, user: await createUser('canteen_staff', school) }),
      send: (s, t) => s.patch(`/api/users/${t.user!.id}`, { displayName: '改名的账号' }),
      applied: async (t, body) => {
        expect(body).toMatchObject({ id: t.user!.id, displayName: '改名的账号' });
        expect(await db().user.findUnique({ where: { id: t.user!.id } })).toMatchObject({
          displayName: '改名的账号',
        });
      },
      unchanged: async (t) =>
        expect(await db().user.findUnique({ where: { id: t.user!.id } })).toMatchObject({
          displayName: '测试canteen_staff',
        }),
    },
    {
      name: 'POST /api/users/:id/reset-password',
      permission: 'user:write',
      success: 200,
      write: true,
      prepare: async (school) => {
        const user = await createUser('canteen_staff', school);
        const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
        return { school, user, passwordHash: row.passwordHash };
      },
      send: (s, t) =>
        s.post(`/api/users/${t.user!.id}/reset-password`, { newPassword: 'Reset#2026x' }),
      applied: async (t, body) => {
        expect(body).toMatchObject({ id: t.user!.id, mustChangePassword: true });
        const row = await db().user.findUniqueOrThrow({ where: { id: t.user!.id } });
        expect(row.passwordHash).not.toBe(t.passwordHash);
        expect(row.mustChangePassword).toBe(true);
      },
      unchanged: async (t) =>
        expect(await db().user.findUnique({ where: { id: t.user!.id } })).toMatchObject({
          passwordHash: t.passwordHash,
          mustChangePassword: false,
        }),
    },
    {
      name: 'POST /api/users/:id/unlock',
      permission: 'user:write',
      success: 200,
      write: true,
      prepare: async (school) => {
        const user = await createUser('canteen_staff', school);
        await db().user.update({
          where: { id: user.id },
          data: { failedLogins: 2, lockedUntil: new Date(Date.now() + 3_600_000) },
        });
        return { school, user };
      },
      send: (s, t) => s.post(`/api/users/${t.user!.id}/unlock`),
      applied: async (t, body) => {
        expect(body).toMatchObject({ id: t.user!.id, locked: false });
        expect(await db().user.findUnique({ where: { id: t.user!.id } })).toMatchObject({
          failedLogins: 0,
          lockedUntil: null,
        });
      },
      unchanged: async (t) =>
        expect(await db().user.findUnique({ where: { id: t.user!.id } })).toMatchObject({
          failedLogins: 2,
          lockedUntil: expect.any(Date),
        }),
    },
    {
      name: 'GET /api/audit-log?orgUnitId=',
      permission: 'audit:read',
      success: 200,
      write: false,
      prepare: async (school) => {
        const unit = await freshCanteen(school);
        await db().auditLog.create({
          data: {
            action: 'update',
            entity: 'org_unit',
            entityId: unit.id,
            orgPath: unit.path,
            after: { name: unit.name },
          },
        });
        return { school, unit };
      },
      send: (s, t) => s.get(`/api/audit-log?orgUnitId=${t.unit!.id}`),
      applied: (t, body) => {
        expect(body.total).toBe(1);
        expect(body.items[0]).toMatchObject({
          action: 'update',
          entity: 'org_unit',
          entityId: t.unit!.id,
        });
      },
    },
  ];

  function expectedStatus(actor: ActorDef, endpoint: Endpoint, place: Place): number {
    if (!actor.unit || !hasPermission(actor.role, endpoint.permission)) return 403;
    if (place === 'outside' && !endpoint.list) return 404;
    return endpoint.success;
  }

  describe.each(ACTORS.map((actor) => [actor.label, actor] as const))('%s', (_label, actor) => {
    const cases = ENDPOINTS.flatMap((endpoint) =>
      (['inside', 'outside'] as const).map((place) => ({
        endpoint,
        place,
        status: expectedStatus(actor, endpoint, place),
      })),
    );
    for (const { endpoint, place, status } of cases) {
      it(`${endpoint.name}, target ${place} the subtree → ${status}`, async () => {
        const school = place === 'inside' ? tree.schoolA : actor.outside(tree, other);
        const target = await endpoint.prepare(school, place);
        const session = sessions.get(actor.label)!;
        const { counts: before, lastAuditId: mark } = await dbState();

        const response = await endpoint.send(session, target);
        expect({ status: response.status, error: response.body?.error }).toEqual({
          status,
          error: status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : undefined,
        });

        const after = await tableCounts();
        if (status === endpoint.success) {
          await endpoint.applied(target, response.body, place);
          const entries = await auditEntriesAfter(mark);
          expect(entries).toHaveLength(endpoint.write ? 1 : 0);
          if (!endpoint.write) expect(after).toEqual(before);
        } else {
          expect(after).toEqual(before);
          await endpoint.unchanged?.(target);
        }
      });
    }
  });

  describe('whole-subtree lists', () => {
    const readers = ACTORS.filter((actor) => actor.unit);

    it.each(readers.map((a) => [a.label, a] as const))(
      '%s: the org-unit list holds exactly its subtree',
      async (_label, actor) => {
        const home = tree[actor.unit!];
        const session = sessions.get(actor.label)!;
        const expected = await db().orgUnit.findMany({
          where: { path: { startsWith: home.path } },
          select: { id: true },
        });
        const response = await session.get('/api/org-units?pageSize=500');
        expect(response.status).toBe(200);
        expect(response.body.total).toBe(expected.length);
        const ids = new Set(expected.map((u) => u.id));
        expect(response.body.items.length).toBe(Math.min(500, expected.length));
        for (const item of response.body.items) expect(ids.has(item.id)).toBe(true);
      },
    );

    it.each(
      readers.filter((a) => hasPermission(a.role, 'user:read')).map((a) => [a.label, a] as const),
    )('%s: the user list holds exactly the accounts of its subtree', async (_label, actor) => {
      const home = tree[actor.unit!];
      const session = sessions.get(actor.label)!;
      const expected = await db().user.findMany({
        where: { orgUnit: { path: { startsWith: home.path } } },
        select: { id: true },
      });
      const response = await session.get('/api/users?pageSize=200');
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(expected.length);
      const ids = new Set(expected.map((u) => u.id));
      for (const item of response.body.items) expect(ids.has(item.id)).toBe(true);
    });

    it.each(
      readers.filter((a) => hasPermission(a.role, 'audit:read')).map((a) => [a.label, a] as const),
    )('%s: the audit log holds exactly the entries of its subtree', async (_label, actor) => {
      const home = tree[actor.unit!];
      const session = sessions.get(actor.label)!;
      const expected = await db().auditLog.findMany({
        where: { orgPath: { startsWith: home.path } },
        select: { id: true },
      });
      const response = await session.get('/api/audit-log?pageSize=200');
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(expected.length);
      const ids = new Set(expected.map((e) => e.id.toString()));
      for (const item of response.body.items) expect(ids.has(item.id)).toBe(true);
    });

    it('a principal sees its school and the school canteens only', async () => {
      const session = sessions.get('principal at schoolA')!;
      const response = await session.get('/api/org-units?pageSize=500');
      expect(response.status).toBe(200);
      const levels = new Set(response.body.items.map((u: { level: string }) => u.level));
      expect([...levels].sort()).toEqual(['canteen', 'school']);
      const ids = response.body.items.map((u: { id: string }) => u.id);
      expect(ids).toEqual(
        expect.arrayContaining([tree.schoolA.id, tree.canteenA1.id, tree.canteenA2.id]),
      );
      expect(ids).not.toContain(tree.countyA.id);
      expect(ids).not.toContain(tree.canteenB.id);
      for (const unit of [
        tree.countyA,
        tree.cityA,
        tree.province,
        tree.schoolB,
        tree.canteenB,
        schoolA2,
      ]) {
        expect((await session.get(`/api/org-units/${unit.id}`)).status).toBe(404);
      }
    });

    it('a list filtered on a unit outside the subtree answers 404, like the unit itself', async () => {
      const session = sessions.get('official_admin at countyA')!;
      const units = await session.get(`/api/org-units?parentId=${tree.schoolB.id}`);
      expect(units.status).toBe(404);
      await createUser('canteen_staff', tree.schoolB);
      const users = await session.get(`/api/users?orgUnitId=${tree.schoolB.id}`);
      expect(users.status).toBe(404);
      const audit = await session.get(`/api/audit-log?orgUnitId=${tree.schoolB.id}`);
      expect(audit.status).toBe(404);
    });
  });

  describe("another county's records", () => {
    it('answer 404 (never 403) to a county admin on every endpoint, and nothing changes', async () => {
      const admin = sessions.get('official_admin at countyA')!;
      const user = await createUser('canteen_staff', tree.schoolB);
      const before = await tableCounts();
      const attempts: [string, () => request.Test][] = [];
      for (const unit of [
        tree.countyB,
        tree.schoolB,
        tree.canteenB,
        tree.cityB,
        tree.countyC,
        tree.schoolC,
        tree.canteenC,
      ]) {
        attempts.push(
          [`GET ${unit.name}`, () => admin.get(`/api/org-units/${unit.id}`)],
          [
            `PATCH ${unit.name}`,
            () => admin.patch(`/api/org-units/${unit.id}`, { name: '越权改名' }),
          ],
          [
            `POST child of ${unit.name}`,
            () =>
              admin.post('/api/org-units', {
                parentId: unit.id,
                code: uniqueName('X'),
                name: '越权新建',
                kind: 'canteen',
              }),
          ],
          [
            `move ${unit.name}`,
            () =>
              admin.post(`/api/org-units/${unit.id}/move`, {
                newParentId: tree.countyA.id,
                reason: '越权调整',
              }),
          ],
          [
            `move into ${unit.name}`,
            () =>
              admin.post(`/api/org-units/${tree.canteenA1.id}/move`, {
                newParentId: unit.id,
                reason: '越权调整',
              }),
          ],
          [`moves of ${unit.name}`, () => admin.get(`/api/org-units/${unit.id}/moves`)],
          [
            `connection of ${unit.name}`,
            () =>
              admin.post(`/api/org-units/${unit.id}/connection`, {
                status: 'suspended',
                reason: '越权暂停',
              }),
          ],
          [
            `connection events of ${unit.name}`,
            () => admin.get(`/api/org-units/${unit.id}/connection-events`),
          ],
          [
            `connection rate of ${unit.name}`,
            () => admin.get(`/api/org-units/${unit.id}/connection-rate`),
          ],
          [`audit log of ${unit.name}`, () => admin.get(`/api/audit-log?orgUnitId=${unit.id}`)],
        );
      }
      attempts.push(
        ['GET user', () => admin.get(`/api/users/${user.id}`)],
        ['PATCH user', () => admin.patch(`/api/users/${user.id}`, { displayName: '越权改名' })],
        [
          'reset password',
          () => admin.post(`/api/users/${user.id}/reset-password`, { newPassword: 'Taken#Over1' }),
        ],
        ['unlock', () => admin.post(`/api/users/${user.id}/unlock`)],
        [
          'create user there',
          () =>
            admin.post('/api/users', {
              username: uniqueName('x'),
              displayName: '越权账号',
              role: 'canteen_staff',
              orgUnitId: tree.schoolB.id,
              initialPassword: 'Strong#Pass1',
            }),
        ],
      );
      for (const [label, send] of attempts) {
        const response = await send();
        expect({ label, status: response.status, error: response.body.error }).toEqual({
          label,
          status: 404,
          error: 'NOT_FOUND',
        });
      }
      expect(await tableCounts()).toEqual(before);
    });
  });

  describe('own unit and role rules', () => {
    it('an admin cannot edit its own unit (403) but can edit a unit below it', async () => {
      const cases: [string, TestUnit][] = [
        ['official_admin at countyA', tree.countyA],
        ['official_admin at cityA', tree.cityA],
        ['official_admin at the province', tree.province],
        ['operator at the province', tree.province],
      ];
      for (const [label, own] of cases) {
        const session = sessions.get(label)!;
        const before = await tableCounts();
        const refused = await session.patch(`/api/org-units/${own.id}`, { name: '自改单位名称' });
        expect({ label, status: refused.status, error: refused.body.error }).toEqual({
          label,
          status: 403,
          error: 'FORBIDDEN',
        });
        expect(refused.body.messageEn).toMatch(/own unit/i);
        expect(await tableCounts()).toEqual(before);
        expect((await db().orgUnit.findUniqueOrThrow({ where: { id: own.id } })).name).toBe(
          own.name,
        );
        const moved = await session.post(`/api/org-units/${own.id}/move`, {
          newParentId: tree.cityB.id,
          reason: '调整自身隶属',
        });
        expect({ label, status: moved.status }).toEqual({ label, status: 403 });
      }
      const admin = sessions.get('official_admin at countyA')!;
      const below = await admin.patch(`/api/org-units/${tree.schoolA.id}`, {
        enrolment: 1234,
        contactPhone: '13800001111',
      });
      expect(below.status).toBe(200);
      expect(
        await db().orgUnit.findUniqueOrThrow({ where: { id: tree.schoolA.id } }),
      ).toMatchObject({ enrolment: 1234, contactPhone: '13800001111' });
    });

    it('a county admin cannot create an account above its role (403) or outside its subtree (404)', async () => {
      const admin = sessions.get('official_admin at countyA')!;
      const base = { displayName: '新建账号', initialPassword: 'Strong#Pass1' };
      const attempts: [object, number, string][] = [
        [{ role: 'operator', orgUnitId: tree.province.id }, 403, 'FORBIDDEN'],
        [{ role: 'operator', orgUnitId: tree.countyA.id }, 403, 'FORBIDDEN'],
        [{ role: 'official_viewer', orgUnitId: tree.countyB.id }, 404, 'NOT_FOUND'],
        [{ role: 'official_admin', orgUnitId: tree.cityA.id }, 404, 'NOT_FOUND'],
        [{ role: 'canteen_staff', orgUnitId: tree.schoolC.id }, 404, 'NOT_FOUND'],
        [{ role: 'principal', orgUnitId: tree.countyA.id }, 400, 'ROLE_LEVEL_MISMATCH'],
        [{ role: 'official_viewer', orgUnitId: tree.schoolA.id }, 400, 'ROLE_LEVEL_MISMATCH'],
        [{ role: 'supplier' }, 400, 'SUPPLIER_ACCOUNT'],
        [{ role: 'canteen_staff' }, 400, 'ORG_UNIT_REQUIRED'],
      ];
      for (const [fields, status, error] of attempts) {
        const username = uniqueName('rule');
        const before = await tableCounts();
        const response = await admin.post('/api/users', { ...base, ...fields, username });
        expect({ fields, status: response.status, error: response.body.error }).toEqual({
          fields,
          status,
          error,
        });
        expect(await tableCounts()).toEqual(before);
      }
      for (const role of ['official_admin', 'official_viewer'] as const) {
        const created = await admin.post('/api/users', {
          ...base,
          username: uniqueName('peer'),
          role,
          orgUnitId: tree.countyA.id,
        });
        expect(created.status).toBe(201);
      }
      const principal = await admin.post('/api/users', {
        ...base,
        username: uniqueName('prin'),
        role: 'principal',
        orgUnitId: tree.schoolA.id,
      });
      expect(principal.status).toBe(201);
    });

    it('a principal assigns school roles only, and cannot manage accounts ranked above it', async () => {
      const session = sessions.get('principal at schoolA')!;
      const base = {
        displayName: '学校账号',
        initialPassword: 'Strong#Pass1',
        orgUnitId: tree.schoolA.id,
      };
      for (const role of ['official_viewer', 'official_admin', 'operator']) {
        const before = await tableCounts();
        const response = await session.post('/api/users', {
          ...base,
          username: uniqueName('pr'),
          role,
        });
        expect({ role, status: response.status }).toEqual({ role, status: 403 });
        expect(await tableCounts()).toEqual(before);
      }
      expect(
        (
          await session.post('/api/users', {
            ...base,
            username: uniqueName('pr'),
            role: 'canteen_manager',
          })
        ).status,
      ).toBe(201);
      const staff = await createUser('canteen_staff', tree.schoolA);
      const promote = await session.patch(`/api/users/${staff.id}`, { role: 'official_viewer' });
      expect(promote.status).toBe(403);
      expect((await db().user.findUniqueOrThrow({ where: { id: staff.id } })).role).toBe(
        'canteen_staff',
      );
    });

    it('an admin cannot raise an account above its own role nor manage an account of a higher rank', async () => {
      const admin = sessions.get('official_admin at countyA')!;
      const staff = await createUser('canteen_staff', tree.schoolA);
      const promote = await admin.patch(`/api/users/${staff.id}`, { role: 'operator' });
      expect(promote.status).toBe(403);
      const toSchoolRole = await admin.patch(`/api/users/${staff.id}`, { role: 'principal' });
      expect(toSchoolRole.status).toBe(200);
      expect((await db().user.findUniqueOrThrow({ where: { id: staff.id } })).role).toBe(
        'principal',
      );
      const wrongLevel = await admin.patch(`/api/users/${staff.id}`, { role: 'official_viewer' });
      expect({ status: wrongLevel.status, error: wrongLevel.body.error }).toEqual({
        status: 400,
        error: 'ROLE_LEVEL_MISMATCH',
      });

      // An operator's account placed (by data) inside countyA is visible but not manageable.
      const operator = await createUser('operator', tree.countyA);
      const hash = (await db().user.findUniqueOrThrow({ where: { id: operator.id } })).passwordHash;
      expect((await admin.get(`/api/users/${operator.id}`)).status).toBe(200);
      const before = await tableCounts();
      expect(
        (await admin.patch(`/api/users/${operator.id}`, { displayName: '被改名' })).status,
      ).toBe(403);
      expect(
        (
          await admin.post(`/api/users/${operator.id}/reset-password`, {
            newPassword: 'Taken#Over1',
          })
        ).status,
      ).toBe(403);
      expect((await admin.post(`/api/users/${operator.id}/unlock`)).status).toBe(403);
      expect(await tableCounts()).toEqual(before);
      expect(await db().user.findUniqueOrThrow({ where: { id: operator.id } })).toMatchObject({
        passwordHash: hash,
        displayName: '测试operator',
      });
    });

    it('an admin cannot disable its own account', async () => {
      const admin = await createUser('official_admin', tree.countyA);
      const session = await signIn(app, admin);
      const response = await session.patch(`/api/users/${admin.id}`, { disabled: true });
      expect({ status: response.status, error: response.body.error }).toEqual({
        status: 400,
        error: 'SELF_DISABLE',
      });
      expect(
        (await db().user.findUniqueOrThrow({ where: { id: admin.id } })).disabledAt,
      ).toBeNull();
    });
  });
});

describe('moving a school to another county', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let cityAdmin: Session;
  let countyAAdmin: Session;
  let countyBAdmin: Session;
  let operator: Session;
  let principal: TestUser;
  let cityAdminUser: TestUser;

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    cityAdminUser = await createUser('official_admin', tree.cityA);
    cityAdmin = await signIn(app, cityAdminUser);
    countyAAdmin = await signIn(app, await createUser('official_admin', tree.countyA));
    countyBAdmin = await signIn(app, await createUser('official_admin', tree.countyB));
    operator = await signIn(app, await createUser('operator', tree.province));
    principal = await createUser('principal', tree.schoolA);
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  async function paths() {
    const rows = await testPrisma().orgUnit.findMany({
      where: {
        id: { in: [tree.schoolA.id, tree.canteenA1.id, tree.canteenA2.id, tree.countyA.id] },
      },
      select: { id: true, parentId: true, path: true, depth: true },
      orderBy: { id: 'asc' },
    });
    return {
      rows,
      moves: await testPrisma().orgUnitMove.count({
        where: { orgUnitId: { in: [tree.schoolA.id, tree.countyA.id, tree.canteenA1.id] } },
      }),
    };
  }

  it('a countyA admin cannot move its school to countyB, which is outside its subtree (404)', async () => {
    const before = { paths: await paths(), counts: await tableCounts() };
    const response = await countyAAdmin.post(`/api/org-units/${tree.schoolA.id}/move`, {
      newParentId: tree.countyB.id,
      reason: '区划调整',
    });
    expect({ status: response.status, error: response.body.error }).toEqual({
      status: 404,
      error: 'NOT_FOUND',
    });
    expect({ paths: await paths(), counts: await tableCounts() }).toEqual(before);
  });

  it('a countyB admin cannot pull schoolA into its county (404)', async () => {
    const before = await tableCounts();
    const response = await countyBAdmin.post(`/api/org-units/${tree.schoolA.id}/move`, {
      newParentId: tree.countyB.id,
      reason: '区划调整',
    });
    expect(response.status).toBe(404);
    expect(await tableCounts()).toEqual(before);
  });

  it('nobody can move a unit under a unit of the wrong level (400)', async () => {
    const attempts: [Session, TestUnit, TestUnit, string][] = [
      [operator, tree.schoolA, tree.cityB, 'LEVEL_MISMATCH'],
      [operator, tree.schoolA, tree.schoolB, 'LEVEL_MISMATCH'],
      [operator, tree.schoolA, tree.canteenB, 'LEVEL_MISMATCH'],
      [operator, tree.canteenA1, tree.countyB, 'LEVEL_MISMATCH'],
      [operator, tree.countyA, tree.province, 'LEVEL_MISMATCH'],
      [operator, tree.countyA, tree.countyC, 'LEVEL_MISMATCH'],
      [operator, tree.cityA, tree.countyC, 'LEVEL_MISMATCH'],
      [cityAdmin, tree.schoolA, tree.schoolB, 'LEVEL_MISMATCH'],
      [cityAdmin, tree.canteenA1, tree.countyB, 'LEVEL_MISMATCH'],
      [cityAdmin, tree.countyA, tree.schoolA, 'MOVE_INTO_ITSELF'],
      [operator, tree.cityA, tree.canteenA1, 'MOVE_INTO_ITSELF'],
      [cityAdmin, tree.schoolA, tree.countyA, 'SAME_PARENT'],
    ];
    for (const [session, unit, newParent, error] of attempts) {
      const before = { paths: await paths(), counts: await tableCounts() };
      const response = await session.post(`/api/org-units/${unit.id}/move`, {
        newParentId: newParent.id,
        reason: '层级不符的调整',
      });
      expect({
        unit: unit.name,
        to: newParent.name,
        status: response.status,
        error: response.body.error,
      }).toEqual({ unit: unit.name, to: newParent.name, status: 400, error });
      expect({ paths: await paths(), counts: await tableCounts() }).toEqual(before);
    }
  });

  it('a move needs a reason (400) and a valid id', async () => {
    const before = await tableCounts();
    const noReason = await cityAdmin.post(`/api/org-units/${tree.schoolA.id}/move`, {
      newParentId: tree.countyB.id,
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues.map((i: { path: string }) => i.path)).toEqual(['reason']);
    const badId = await cityAdmin.post(`/api/org-units/${tree.schoolA.id}/move`, {
      newParentId: 'countyB',
      reason: '区划调整',
    });
    expect(badId.status).toBe(400);
    expect(await tableCounts()).toEqual(before);
  });

  it(
    'the cityA admin moves schoolA from countyA to countyB: recorded, and the subtree follows',
    async () => {
      const oldPath = tree.schoolA.path;
      const mark = await lastAuditId();
      const response = await cityAdmin.post(`/api/org-units/${tree.schoolA.id}/move`, {
        newParentId: tree.countyB.id,
        reason: '区划调整：划入甲二县',
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        fromParentId: tree.countyA.id,
        toParentId: tree.countyB.id,
        reason: '区划调整：划入甲二县',
        actorId: cityAdminUser.id,
      });

      const newPath = `${tree.countyB.path}${tree.schoolA.id}/`;
      const db = testPrisma();
      expect(await db.orgUnit.findUniqueOrThrow({ where: { id: tree.schoolA.id } })).toMatchObject({
        parentId: tree.countyB.id,
        path: newPath,
        depth: 3,
      });
      for (const canteen of [tree.canteenA1, tree.canteenA2]) {
        expect(await db.orgUnit.findUniqueOrThrow({ where: { id: canteen.id } })).toMatchObject({
          parentId: tree.schoolA.id,
          path: `${newPath}${canteen.id}/`,
          depth: 4,
        });
      }
      expect(await db.orgUnit.count({ where: { path: { startsWith: oldPath } } })).toBe(0);

      const moves = await cityAdmin.get(`/api/org-units/${tree.schoolA.id}/moves`);
      expect(moves.status).toBe(200);
      expect(moves.body).toEqual([
        expect.objectContaining({
          fromParentId: tree.countyA.id,
          toParentId: tree.countyB.id,
          reason: '区划调整：划入甲二县',
        }),
      ]);

      const entries = await auditEntriesAfter(mark);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'move',
        entity: 'org_unit',
        entityId: tree.schoolA.id,
        actorId: cityAdminUser.id,
        requestId: response.headers['x-request-id'],
        before: { parentId: tree.countyA.id, path: oldPath },
        after: {
          parentId: tree.countyB.id,
          path: newPath,
          unitsMoved: 3,
          reason: '区划调整：划入甲二县',
        },
      });

      // The countyB admin now sees the school, its canteens and its accounts; the countyA admin does not.
      for (const unit of [tree.schoolA, tree.canteenA1, tree.canteenA2]) {
        expect((await countyBAdmin.get(`/api/org-units/${unit.id}`)).status).toBe(200);
        expect((await countyAAdmin.get(`/api/org-units/${unit.id}`)).status).toBe(404);
      }
      expect((await countyBAdmin.get(`/api/users/${principal.id}`)).status).toBe(200);
      expect((await countyAAdmin.get(`/api/users/${principal.id}`)).status).toBe(404);
      const listB = await countyBAdmin.get('/api/org-units?level=canteen');
      expect(listB.body.items.map((u: { id: string }) => u.id)).toEqual(
        expect.arrayContaining([tree.canteenA1.id, tree.canteenA2.id, tree.canteenB.id]),
      );
      const listA = await countyAAdmin.get('/api/org-units');
      expect(listA.body.items.map((u: { id: string }) => u.id)).toEqual([tree.countyA.id]);
      expect(
        (await countyBAdmin.get(`/api/audit-log?orgUnitId=${tree.schoolA.id}`)).body.items.map(
          (e: { action: string }) => e.action,
        ),
      ).toContain('move');
      expect((await countyAAdmin.get(`/api/org-units/${tree.schoolA.id}/moves`)).status).toBe(404);

      const rate = await cityAdmin.get(`/api/org-units/${tree.cityA.id}/connection-rate`);
      const byId = Object.fromEntries(
        rate.body.children.map((c: { id: string; canteens: number }) => [c.id, c.canteens]),
      );
      expect(byId).toEqual({ [tree.countyA.id]: 0, [tree.countyB.id]: 3 });
    },
  );
});
