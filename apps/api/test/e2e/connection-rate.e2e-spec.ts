import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestTree, type TestUnit, createTree, createUnit } from '@test/factories/tree.factory';
import { type TestUser, createUser } from '@test/factories/user.factory';
import { auditEntriesAfter, lastAuditId, tableCounts } from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';

interface Counts {
  canteens: number;
  connected: number;
  suspended: number;
  notConnected: number;
  rate: number | null;
}

/** The counts the rate should report, computed from the rows themselves. */
async function countsFromDb(unit: TestUnit): Promise<Counts> {
  const canteens = await testPrisma().orgUnit.findMany({
    where: { level: 'canteen', path: { startsWith: unit.path } },
    select: { connectionStatus: true },
  });
  const connected = canteens.filter((c) => c.connectionStatus === 'connected').length;
  const suspended = canteens.filter((c) => c.connectionStatus === 'suspended').length;
  return {
    canteens: canteens.length,
    connected,
    suspended,
    notConnected: canteens.length - connected - suspended,
    rate: canteens.length ? connected / canteens.length : null,
  };
}

describe('connection rate', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let cityAdminUser: TestUser;
  let cityAdmin: Session;
  let countyAdmin: Session;

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    cityAdminUser = await createUser('official_admin', tree.cityA);
    cityAdmin = await signIn(app, cityAdminUser);
    countyAdmin = await signIn(app, await createUser('official_admin', tree.countyA));
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  it('for cityA equals the factory tree: canteens A1 and B connected, A2 not yet', async () => {
    const response = await cityAdmin.get(`/api/org-units/${tree.cityA.id}/connection-rate`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      unit: { id: tree.cityA.id, name: '甲市', level: 'city' },
      total: { canteens: 3, connected: 2, suspended: 0, notConnected: 1, rate: 2 / 3 },
      children: expect.any(Array),
    });
    const children = Object.fromEntries(
      response.body.children.map((c: { id: string }) => [c.id, c]),
    );
    expect(Object.keys(children).sort()).toEqual([tree.countyA.id, tree.countyB.id].sort());
    expect(children[tree.countyA.id]).toEqual({
      id: tree.countyA.id,
      name: '甲一区',
      level: 'county',
      canteens: 2,
      connected: 1,
      suspended: 0,
      notConnected: 1,
      rate: 0.5,
    });
    expect(children[tree.countyB.id]).toEqual({
      id: tree.countyB.id,
      name: '甲二县',
      level: 'county',
      canteens: 1,
      connected: 1,
      suspended: 0,
      notConnected: 0,
      rate: 1,
    });
    expect(response.body.total).toEqual(await countsFromDb(tree.cityA));
  });

  it('for the province adds cityB and its suspended canteen (read by an operator)', async () => {
    const operator = await signIn(app, await createUser('operator', tree.province));
    const response = await operator.get(`/api/org-units/${tree.province.id}/connection-rate`);
    expect(response.status).toBe(200);
    expect(response.body.total).toEqual({
      canteens: 4,
      connected: 2,
      suspended: 1,
      notConnected: 1,
      rate: 0.5,
    });
    const cityB = response.body.children.find((c: { id: string }) => c.id === tree.cityB.id);
    expect(cityB).toMatchObject({
      canteens: 1,
      connected: 0,
      suspended: 1,
      notConnected: 0,
      rate: 0,
    });
  });

  it('is null for a unit without canteens, and counts a canteen as itself', async () => {
    const empty = await createUnit(tree.countyA, 'school', '甲一区无食堂小学', 'primary');
    const none = await countyAdmin.get(`/api/org-units/${empty.id}/connection-rate`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({
      unit: { id: empty.id, name: '甲一区无食堂小学', level: 'school' },
      total: { canteens: 0, connected: 0, suspended: 0, notConnected: 0, rate: null },
      children: [],
    });
    const canteen = await countyAdmin.get(`/api/org-units/${tree.canteenA1.id}/connection-rate`);
    expect(canteen.body).toEqual({
      unit: { id: tree.canteenA1.id, name: '学生食堂', level: 'canteen' },
      total: { canteens: 1, connected: 1, suspended: 0, notConnected: 0, rate: 1 },
      children: [],
    });
    // The empty school now shows as a child of countyA with no canteens.
    const county = await countyAdmin.get(`/api/org-units/${tree.countyA.id}/connection-rate`);
    expect(county.body.children.find((c: { id: string }) => c.id === empty.id)).toMatchObject({
      canteens: 0,
      rate: null,
    });
  });

  it('answers 404 outside the subtree, for units above and beside', async () => {
    for (const unit of [tree.cityA, tree.province, tree.countyB, tree.canteenB, tree.canteenC]) {
      const response = await countyAdmin.get(`/api/org-units/${unit.id}/connection-rate`);
      expect({ unit: unit.name, status: response.status }).toEqual({
        unit: unit.name,
        status: 404,
      });
    }
  });

  it('a status change records an event with its reason and shows in the rate', async () => {
    const before = await tableCounts();
    const mark = await lastAuditId();
    const response = await cityAdmin.post(`/api/org-units/${tree.canteenA2.id}/connection`, {
      status: 'connected',
      reason: '  明厨亮灶设备安装调试完成  ',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      id: tree.canteenA2.id,
      connectionStatus: 'connected',
      connectedAt: expect.any(String),
    });

    const events = await cityAdmin.get(`/api/org-units/${tree.canteenA2.id}/connection-events`);
    expect(events.status).toBe(200);
    expect(events.body).toHaveLength(1);
    expect(events.body[0]).toMatchObject({
      fromStatus: 'not_connected',
      toStatus: 'connected',
      reason: '明厨亮灶设备安装调试完成',
    });
    const row = await testPrisma().connectionEvent.findFirstOrThrow({
      where: { canteenId: tree.canteenA2.id },
    });
    expect(row).toMatchObject({ actorId: cityAdminUser.id, reason: '明厨亮灶设备安装调试完成' });
    expect(response.body.connectedAt).toBe(row.occurredAt.toISOString());

    const after = await tableCounts();
    expect(after).toEqual({
      ...before,
      connection_event: before.connection_event + 1,
      audit_log: before.audit_log + 1,
      outbox_event: before.outbox_event + 1,
    });
    expect(await auditEntriesAfter(mark)).toEqual([
      expect.objectContaining({ action: 'connection.change', entityId: tree.canteenA2.id }),
    ]);
    const outbox = await testPrisma().outboxEvent.findFirstOrThrow({
      where: { type: 'org.connection-changed' },
      orderBy: { createdAt: 'desc' },
    });
    expect(outbox.payload).toMatchObject({
      canteenId: tree.canteenA2.id,
      eventId: row.id,
      status: 'connected',
    });

    const city = await cityAdmin.get(`/api/org-units/${tree.cityA.id}/connection-rate`);
    expect(city.body.total).toEqual({
      canteens: 3,
      connected: 3,
      suspended: 0,
      notConnected: 0,
      rate: 1,
    });
    expect(city.body.children.find((c: { id: string }) => c.id === tree.countyA.id)).toMatchObject({
      canteens: 2,
      connected: 2,
      rate: 1,
    });
    expect(city.body.total).toEqual(await countsFromDb(tree.cityA));

    // Suspending counts as suspended, not as connected.
    const suspend = await cityAdmin.post(`/api/org-units/${tree.canteenB.id}/connection`, {
      status: 'suspended',
      reason: '食堂改造施工',
    });
    expect(suspend.status).toBe(201);
    const suspended = await cityAdmin.get(`/api/org-units/${tree.cityA.id}/connection-rate`);
    expect(suspended.body.total).toEqual({
      canteens: 3,
      connected: 2,
      suspended: 1,
      notConnected: 0,
      rate: 2 / 3,
    });
    const history = await cityAdmin.get(`/api/org-units/${tree.canteenB.id}/connection-events`);
    expect(history.body[0]).toMatchObject({
      fromStatus: 'connected',
      toStatus: 'suspended',
      reason: '食堂改造施工',
    });
  });

  it('refuses the same status twice with 400 and records nothing', async () => {
    const first = await countyAdmin.post(`/api/org-units/${tree.canteenA1.id}/connection`, {
      status: 'suspended',
      reason: '暂停整改',
    });
    expect(first.status).toBe(201);
    const before = await tableCounts();
    const again = await countyAdmin.post(`/api/org-units/${tree.canteenA1.id}/connection`, {
      status: 'suspended',
      reason: '再次暂停',
    });
    expect({ status: again.status, error: again.body.error }).toEqual({
      status: 400,
      error: 'STATUS_UNCHANGED',
    });
    expect(again.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await tableCounts()).toEqual(before);
    expect(
      (await testPrisma().orgUnit.findUniqueOrThrow({ where: { id: tree.canteenA1.id } }))
        .connectionStatus,
    ).toBe('suspended');
  });

  it('refuses a unit that is not a canteen with 400 and records nothing', async () => {
    for (const unit of [tree.schoolA, tree.countyA]) {
      const before = await tableCounts();
      const response = await cityAdmin.post(`/api/org-units/${unit.id}/connection`, {
        status: 'connected',
        reason: '误操作',
      });
      expect({ unit: unit.name, status: response.status, error: response.body.error }).toEqual({
        unit: unit.name,
        status: 400,
        error: 'NOT_A_CANTEEN',
      });
      expect(await tableCounts()).toEqual(before);
      expect(
        (await testPrisma().orgUnit.findUniqueOrThrow({ where: { id: unit.id } })).connectionStatus,
      ).toBeNull();
    }
  });

  it('refuses a missing or short reason and an unknown status with 400, before looking at the canteen', async () => {
    const before = await tableCounts();
    const cases: [object, string][] = [
      [{ status: 'connected' }, 'reason'],
      [{ status: 'connected', reason: ' 好 ' }, 'reason'],
      [{ status: 'online', reason: '接入平台' }, 'status'],
      [{ reason: '接入平台' }, 'status'],
    ];
    for (const canteen of [tree.canteenA2, tree.canteenC]) {
      for (const [body, path] of cases) {
        const response = await cityAdmin.post(`/api/org-units/${canteen.id}/connection`, body);
        expect({
          body,
          status: response.status,
          paths: response.body.issues?.map((i: { path: string }) => i.path),
        }).toEqual({ body, status: 400, paths: [path] });
      }
    }
    expect(await tableCounts()).toEqual(before);
    // A valid change of a canteen in cityB, outside the cityA admin's subtree, is 404.
    const outside = await cityAdmin.post(`/api/org-units/${tree.canteenC.id}/connection`, {
      status: 'connected',
      reason: '恢复接入',
    });
    expect(outside.status).toBe(404);
    expect(await tableCounts()).toEqual(before);
  });
});
