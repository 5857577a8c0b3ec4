import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, createTree, createUnit } from '@test/factories/tree.factory';
import { TEST_PASSWORD, type TestUser, createUser } from '@test/factories/user.factory';
import { auditEntriesAfter, lastAuditId, tableCounts, uniqueName } from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';

const LOCAL_IP = /^(::ffff:)?127\.0\.0\.1$|^::1$/;
const asText = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

describe('audit log', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let countyAdminUser: TestUser;
  let countyAdmin: Session;
  let cityAdminUser: TestUser;
  let cityAdmin: Session;

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    countyAdminUser = await createUser('official_admin', tree.countyA);
    countyAdmin = await signIn(app, countyAdminUser);
    cityAdminUser = await createUser('official_admin', tree.cityA);
    cityAdmin = await signIn(app, cityAdminUser);
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  /** Runs one write and returns the single audit entry it left (failing if it left none or several). */
  async function onlyEntry(write: () => Promise<request.Response>, expectedStatus: number) {
    const mark = await lastAuditId();
    const response = await write();
    expect(response.status).toBe(expectedStatus);
    const entries = await auditEntriesAfter(mark);
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry.ip).toMatch(LOCAL_IP);
    expect(entry.requestId).toBe(response.headers['x-request-id']);
    expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.now() - entry.at.getTime()).toBeLessThan(60_000);
    return { entry, response };
  }

  describe('every write leaves exactly one entry', () => {
    it('creating an org unit: actor, entity and the unit as created', async () => {
      const code = uniqueName('AUD');
      const { entry, response } = await onlyEntry(
        () =>
          countyAdmin.post('/api/org-units', {
            parentId: tree.countyA.id,
            code,
            name: '审计测试小学',
            kind: 'primary',
            enrolment: 600,
          }),
        201,
      );
      expect(entry).toMatchObject({
        actorId: countyAdminUser.id,
        actorName: '测试official_admin',
        action: 'create',
        entity: 'org_unit',
        entityId: response.body.id,
        orgPath: `${tree.countyA.path}${response.body.id}/`,
        before: null,
        after: {
          id: response.body.id,
          code,
          name: '审计测试小学',
          kind: 'primary',
          level: 'school',
          enrolment: 600,
          parentId: tree.countyA.id,
        },
      });
    });

    it('editing an org unit: the unit before and after', async () => {
      const { entry } = await onlyEntry(
        () =>
          countyAdmin.patch(`/api/org-units/${tree.schoolA.id}`, {
            name: '甲一区实验小学（新校区）',
            contactName: '张老师',
          }),
        200,
      );
      expect(entry).toMatchObject({
        actorId: countyAdminUser.id,
        action: 'update',
        entity: 'org_unit',
        entityId: tree.schoolA.id,
        orgPath: tree.schoolA.path,
        before: { name: '甲一区实验小学', contactName: null },
        after: { name: '甲一区实验小学（新校区）', contactName: '张老师' },
      });
    });

    it(
      'moving an org unit: the old and new parent and path',
      async () => {
        const schoolA2 = await createUnit(tree.countyA, 'school', '甲一区第三小学', 'primary');
        const path = schoolA2.path;
        const canteen = await createUnit(tree.schoolA, 'canteen', '审计食堂', 'canteen');
        const { entry } = await onlyEntry(
          () =>
            countyAdmin.post(`/api/org-units/${canteen.id}/move`, {
              newParentId: schoolA2.id,
              reason: '食堂划归新校区',
            }),
          201,
        );
        expect(entry).toMatchObject({
          actorId: countyAdminUser.id,
          action: 'move',
          entity: 'org_unit',
          entityId: canteen.id,
          orgPath: `${path}${canteen.id}/`,
          before: { parentId: tree.schoolA.id, path: `${tree.schoolA.path}${canteen.id}/` },
          after: {
            parentId: schoolA2.id,
            path: `${path}${canteen.id}/`,
            unitsMoved: 1,
            reason: '食堂划归新校区',
          },
        });
      },
    );

    it('changing a canteen connection: the status before and after, with the reason', async () => {
      const { entry } = await onlyEntry(
        () =>
          countyAdmin.post(`/api/org-units/${tree.canteenA2.id}/connection`, {
            status: 'connected',
            reason: '设备安装调试完成',
          }),
        201,
      );
      expect(entry).toMatchObject({
        actorId: countyAdminUser.id,
        action: 'connection.change',
        entity: 'org_unit',
        entityId: tree.canteenA2.id,
        orgPath: tree.canteenA2.path,
        before: { connectionStatus: 'not_connected' },
        after: { connectionStatus: 'connected', reason: '设备安装调试完成' },
      });
    });

    it('creating an account: the account, without any password', async () => {
      const username = uniqueName('aud');
      const { entry, response } = await onlyEntry(
        () =>
          countyAdmin.post('/api/users', {
            username,
            displayName: '审计账号',
            role: 'canteen_manager',
            orgUnitId: tree.schoolA.id,
            initialPassword: 'Audit#Init2026',
          }),
        201,
      );
      expect(entry).toMatchObject({
        actorId: countyAdminUser.id,
        action: 'create',
        entity: 'user',
        entityId: response.body.id,
        orgPath: tree.schoolA.path,
        before: null,
        after: {
          id: response.body.id,
          username,
          role: 'canteen_manager',
          orgUnit: tree.schoolA.id,
          mustChangePassword: true,
        },
      });
      expect(JSON.stringify(entry.after)).not.toMatch(/Audit#Init2026|passwordHash|argon2/);
    });

    it('editing an account: the account before and after', async () => {
      const user = await createUser('canteen_staff', tree.schoolA);
      const { entry } = await onlyEntry(
        () =>
          countyAdmin.patch(`/api/users/${user.id}`, {
            displayName: '改过名的员工',
            phone: '13912345678',
          }),
        200,
      );
      expect(entry).toMatchObject({
        action: 'update',
        entity: 'user',
        entityId: user.id,
        before: { displayName: '测试canteen_staff', phone: null },
        after: { displayName: '改过名的员工', phone: '13912345678' },
      });
    });

    it('resetting a password: who reset whose, and no password', async () => {
      const user = await createUser('canteen_staff', tree.schoolA);
      const { entry } = await onlyEntry(
        () =>
          countyAdmin.post(`/api/users/${user.id}/reset-password`, {
            newPassword: 'Reset#Audit26',
          }),
        200,
      );
      expect(entry).toMatchObject({
        actorId: countyAdminUser.id,
        action: 'password.reset',
        entity: 'user',
        entityId: user.id,
        orgPath: tree.schoolA.path,
      });
      expect(asText(entry)).not.toMatch(/Reset#Audit26|argon2/);
    });

    it('unlocking an account', async () => {
      const user = await createUser('canteen_staff', tree.schoolA);
      await testPrisma().user.update({
        where: { id: user.id },
        data: { lockedUntil: new Date(Date.now() + 600_000) },
      });
      const { entry } = await onlyEntry(
        () => countyAdmin.post(`/api/users/${user.id}/unlock`),
        200,
      );
      expect(entry).toMatchObject({
        actorId: countyAdminUser.id,
        action: 'unlock',
        entity: 'user',
        entityId: user.id,
        orgPath: tree.schoolA.path,
      });
    });

    it('signing in: the account itself is the actor', async () => {
      const user = await createUser('principal', tree.schoolA);
      const { entry } = await onlyEntry(
        () =>
          request(app.getHttpServer())
            .post('/api/auth/login')
            .send({ username: user.username, password: user.password }),
        200,
      );
      expect(entry).toMatchObject({
        actorId: user.id,
        actorName: '测试principal',
        action: 'login',
        entity: 'user',
        entityId: user.id,
        orgPath: tree.schoolA.path,
      });
    });

    it('a failed sign-in is recorded too, once', async () => {
      const user = await createUser('principal', tree.schoolA);
      const { entry } = await onlyEntry(
        () =>
          request(app.getHttpServer())
            .post('/api/auth/login')
            .send({ username: user.username, password: 'Wrong#Pass1' }),
        401,
      );
      expect(entry).toMatchObject({
        actorId: user.id,
        action: 'login.failed',
        entity: 'user',
        entityId: user.id,
      });
      expect(asText(entry)).not.toContain('Wrong#Pass1');
    });

    it('changing one’s own password', async () => {
      const user = await createUser('canteen_manager', tree.schoolA);
      const session = await signIn(app, user);
      const { entry } = await onlyEntry(
        () =>
          session.post('/api/auth/password', {
            currentPassword: TEST_PASSWORD,
            newPassword: 'Changed#Pw2026',
          }),
        200,
      );
      expect(entry).toMatchObject({
        actorId: user.id,
        action: 'password.change',
        entity: 'user',
        entityId: user.id,
        orgPath: tree.schoolA.path,
      });
      expect(asText(entry)).not.toContain('Changed#Pw2026');
    });

    it('a refused write leaves no entry', async () => {
      const mark = await lastAuditId();
      const viewer = await signIn(app, await createUser('official_viewer', tree.countyA));
      const afterLogin = await lastAuditId();
      expect(afterLogin).toBeGreaterThan(mark);
      expect(
        (await viewer.patch(`/api/org-units/${tree.schoolA.id}`, { name: '观察员改名' })).status,
      ).toBe(403);
      expect(
        (await countyAdmin.patch(`/api/org-units/${tree.schoolB.id}`, { name: '越权改名' })).status,
      ).toBe(404);
      expect(
        (
          await countyAdmin.post(`/api/org-units/${tree.canteenA1.id}/connection`, {
            status: 'connected',
            reason: '重复接入',
          })
        ).status,
      ).toBe(400);
      expect(await auditEntriesAfter(afterLogin)).toEqual([]);
    });

    it('no entry anywhere holds a password hash', async () => {
      const rows = await testPrisma().auditLog.findMany();
      const hashes = (await testPrisma().user.findMany({ select: { passwordHash: true } })).map(
        (u) => u.passwordHash,
      );
      const text = asText(rows);
      expect(rows.length).toBeGreaterThan(10);
      expect(text).not.toMatch(/\$argon2/);
      expect(text).not.toMatch(/passwordHash|password_hash/);
      for (const hash of hashes) expect(text).not.toContain(hash);
    });
  });

  describe('who reads which entries', () => {
    let countyBEntryId: string;
    let countyAEntryId: string;

    beforeAll(async () => {
      const b = await cityAdmin.patch(`/api/org-units/${tree.schoolB.id}`, {
        address: '甲二县人民路 8 号',
      });
      expect(b.status).toBe(200);
      countyBEntryId = (
        await testPrisma().auditLog.findFirstOrThrow({
          where: { entityId: tree.schoolB.id, action: 'update' },
          orderBy: { id: 'desc' },
        })
      ).id.toString();
      const a = await cityAdmin.patch(`/api/org-units/${tree.canteenA1.id}`, {
        contactName: '李师傅',
      });
      expect(a.status).toBe(200);
      countyAEntryId = (
        await testPrisma().auditLog.findFirstOrThrow({
          where: { entityId: tree.canteenA1.id, action: 'update' },
          orderBy: { id: 'desc' },
        })
      ).id.toString();
    });

    async function readAll(session: Session, query = '') {
      const response = await session.get(`/api/audit-log?pageSize=200${query}`);
      expect(response.status).toBe(200);
      return response.body as { items: { id: string; entityId: string }[]; total: number };
    }

    it('a county admin reads the entries of its subtree only', async () => {
      const page = await readAll(countyAdmin);
      const expected = await testPrisma().auditLog.count({
        where: { orgPath: { startsWith: tree.countyA.path } },
      });
      expect(page.total).toBe(expected);
      const ids = page.items.map((e) => e.id);
      expect(ids).toContain(countyAEntryId);
      expect(ids).not.toContain(countyBEntryId);
      const rows = await testPrisma().auditLog.findMany({
        where: { id: { in: ids.map(BigInt) } },
        select: { orgPath: true },
      });
      expect(rows).toHaveLength(ids.length);
      for (const row of rows) expect(row.orgPath!.startsWith(tree.countyA.path)).toBe(true);
      expect((await readAll(countyAdmin, `&entityId=${tree.schoolB.id}`)).total).toBe(0);
    });

    it('answers 404 for another county, or a unit above, as orgUnitId', async () => {
      for (const unit of [tree.countyB, tree.schoolB, tree.canteenC, tree.cityA, tree.province]) {
        const response = await countyAdmin.get(`/api/audit-log?orgUnitId=${unit.id}`);
        expect({ unit: unit.name, status: response.status, error: response.body.error }).toEqual({
          unit: unit.name,
          status: 404,
          error: 'NOT_FOUND',
        });
      }
      const own = await readAll(countyAdmin, `&orgUnitId=${tree.canteenA1.id}`);
      expect(own.items.map((e) => e.id)).toContain(countyAEntryId);
      expect(own.items.every((e) => e.entityId === tree.canteenA1.id)).toBe(true);
    });

    it('a city admin reads both counties', async () => {
      const ids = (await readAll(cityAdmin)).items.map((e) => e.id);
      expect(ids).toEqual(expect.arrayContaining([countyAEntryId, countyBEntryId]));
      const b = await readAll(cityAdmin, `&orgUnitId=${tree.countyB.id}`);
      expect(b.items.map((e) => e.id)).toContain(countyBEntryId);
      expect(b.items.map((e) => e.id)).not.toContain(countyAEntryId);
    });

    it('viewers with audit:read see the same entries; a principal sees its school', async () => {
      const viewer = await signIn(app, await createUser('official_viewer', tree.countyA));
      const admin = await readAll(countyAdmin);
      const seen = await readAll(viewer);
      expect(seen.total).toBe(admin.total);
      expect(seen.items.map((e) => e.id)).toContain(countyAEntryId);
      expect(seen.items.map((e) => e.id)).not.toContain(countyBEntryId);

      const principal = await signIn(app, await createUser('principal', tree.schoolA));
      const school = await readAll(principal);
      expect(school.total).toBe(
        await testPrisma().auditLog.count({
          where: { orgPath: { startsWith: tree.schoolA.path } },
        }),
      );
      expect(school.items.map((e) => e.id)).toContain(countyAEntryId);
    });

    it('canteen staff, canteen managers and suppliers get 403', async () => {
      for (const user of [
        await createUser('canteen_staff', tree.schoolA),
        await createUser('canteen_manager', tree.schoolA),
        await createUser('supplier', null),
      ]) {
        const session = await signIn(app, user);
        const response = await session.get('/api/audit-log');
        expect({ role: user.role, status: response.status, error: response.body.error }).toEqual({
          role: user.role,
          status: 403,
          error: 'FORBIDDEN',
        });
      }
    });

    it('an entry carries what the contract promises, and no org path', async () => {
      const page = await readAll(countyAdmin, `&entityId=${tree.canteenA1.id}`);
      const entry = page.items.find((e) => e.id === countyAEntryId)!;
      expect(Object.keys(entry).sort()).toEqual([
        'action',
        'actorId',
        'actorName',
        'after',
        'at',
        'before',
        'entity',
        'entityId',
        'id',
        'ip',
        'requestId',
      ]);
      expect(entry).toMatchObject({
        actorId: cityAdminUser.id,
        action: 'update',
        entity: 'org_unit',
        before: { contactName: null },
        after: { contactName: '李师傅' },
      });
    });
  });

  describe('the database keeps the log append-only', () => {
    it('refuses UPDATE, DELETE and TRUNCATE even through raw SQL, and the rows stay', async () => {
      const db = testPrisma();
      const target = await db.auditLog.findFirstOrThrow({
        where: { orgPath: { startsWith: tree.province.path } },
        orderBy: { id: 'asc' },
      });
      const before = await db.auditLog.count();
      const statements = [
        `UPDATE audit_log SET action = 'tampered' WHERE id = ${target.id}`,
        `UPDATE audit_log SET actor_id = NULL`,
        `DELETE FROM audit_log WHERE id = ${target.id}`,
        `DELETE FROM audit_log`,
        `TRUNCATE audit_log`,
        `TRUNCATE TABLE audit_log RESTART IDENTITY CASCADE`,
      ];
      for (const sql of statements) {
        await expect(db.$executeRawUnsafe(sql)).rejects.toThrow(/append-only|not allowed/);
      }
      await expect(
        db.auditLog.update({ where: { id: target.id }, data: { action: 'tampered' } }),
      ).rejects.toThrow();
      await expect(db.auditLog.deleteMany({})).rejects.toThrow();
      expect(await db.auditLog.count()).toBe(before);
      expect(await db.auditLog.findUniqueOrThrow({ where: { id: target.id } })).toEqual(target);
      // Inserting, which is how the log grows, still works.
      const counts = await tableCounts();
      await db.auditLog.create({
        data: { action: 'test.append', entity: 'test', entityId: 'append-only' },
      });
      expect((await tableCounts()).audit_log).toBe(counts.audit_log + 1);
    });
  });
});
