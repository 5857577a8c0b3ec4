import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { addDays, shanghaiDay } from '@canteen/shared';
import { AppError } from '@/common/http/app-error';
import { PrismaService } from '@/common/prisma/prisma.service';
import { SupplyRules } from '@/modules/suppliers/supply-rules';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestSupplier, createContract, createSupplier } from '@test/factories/supply.factory';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { auditEntriesAfter, lastAuditId, uniqueName } from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';

const HAS_CHINESE = /[\u4e00-\u9fff]/;

async function counts() {
  const [row] = await testPrisma().$queryRawUnsafe<{ contracts: bigint; audit: bigint }[]>(
    'SELECT (SELECT count(*) FROM supply_contract) AS contracts, (SELECT count(*) FROM audit_log) AS audit',
  );
  return { contracts: Number(row!.contracts), audit: Number(row!.audit) };
}

describe('supply contracts', () => {
  const today = shanghaiDay();
  let app: NestFastifyApplication;
  let tree: TestTree;
  let principal: Session;
  let countyAdminA: Session;
  let countyAdminB: Session;
  let cityAdmin: Session;
  let staff: Session;
  let viewer: Session;
  let supplier: TestSupplier;
  let other: TestSupplier;
  let blacklisted: TestSupplier;
  let supplierUser: Session;
  let otherUser: Session;
  let contractId: string;
  let before: Awaited<ReturnType<typeof counts>>;

  const terms = (overrides: object = {}) => ({
    supplierId: supplier.id,
    schoolId: tree.schoolA.id,
    canteenIds: [tree.canteenA1.id],
    categories: ['vegetables', 'fruit'],
    validFrom: today,
    validTo: addDays(today, 365),
    ...overrides,
  });

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    principal = await signIn(app, await createUser('principal', tree.schoolA));
    countyAdminA = await signIn(app, await createUser('official_admin', tree.countyA));
    countyAdminB = await signIn(app, await createUser('official_admin', tree.countyB));
    cityAdmin = await signIn(app, await createUser('official_admin', tree.cityA));
    staff = await signIn(app, await createUser('canteen_manager', tree.schoolA));
    viewer = await signIn(app, await createUser('official_viewer', tree.countyA));
    supplier = await createSupplier({ name: uniqueName('合同测试配送') });
    other = await createSupplier({ name: uniqueName('其他配送') });
    blacklisted = await createSupplier({ name: uniqueName('失信配送'), blacklisted: true });
    supplierUser = await signIn(app, await createUser('supplier', null, { supplierId: supplier.id }));
    otherUser = await signIn(app, await createUser('supplier', null, { supplierId: other.id }));
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });
  const nothingWritten = async () => expect(await counts()).toEqual(before);

  it('a principal contracts a supplier for canteens and food groups of their school; audited under the school', async () => {
    const audit = await lastAuditId();
    const response = await principal.post('/api/contracts', terms());
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      code: expect.stringMatching(/^HT-/),
      supplier: { id: supplier.id, name: supplier.name, blacklisted: false },
      school: { id: tree.schoolA.id },
      canteens: [{ id: tree.canteenA1.id, name: tree.canteenA1.name }],
      categories: ['vegetables', 'fruit'],
      validFrom: today,
      validTo: addDays(today, 365),
      endedOn: null,
      state: 'active',
    });
    contractId = response.body.id;
    expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'create', entity: 'supply_contract', entityId: contractId, orgPath: tree.schoolA.path })]);
  });

  it('a county admin contracts for schools of the county only; another county\'s school answers 404', async () => {
    const ok = await countyAdminA.post('/api/contracts', terms({ canteenIds: [tree.canteenA2.id], categories: ['grains'] }));
    expect(ok.status).toBe(201);
    before = await counts();
    expect((await countyAdminB.post('/api/contracts', terms({ categories: ['oil'] }))).status).toBe(404);
    expect((await principal.post('/api/contracts', terms({ schoolId: tree.schoolB.id, canteenIds: [tree.canteenB.id] }))).status).toBe(404);
    await nothingWritten();
  });

  it('refuses bad terms with a clear 4xx, writing nothing', async () => {
    before = await counts();
    const cases: [object, number, string][] = [
      [{ canteenIds: [tree.canteenB.id] }, 400, 'CANTEEN_NOT_OF_SCHOOL'],
      // The county lies above the principal's school: outside their scope.
      [{ schoolId: tree.countyA.id }, 404, 'NOT_FOUND'],
      [{ schoolId: tree.canteenA1.id }, 400, 'NOT_A_SCHOOL'],
      [{ validFrom: addDays(today, 10), validTo: addDays(today, 9) }, 400, 'VALIDATION_FAILED'],
      [{ validTo: '2027-02-30' }, 400, 'VALIDATION_FAILED'],
      [{ validFrom: '01/03/2027' }, 400, 'VALIDATION_FAILED'],
      [{ validFrom: addDays(today, -30), validTo: addDays(today, -1) }, 400, 'CONTRACT_ALREADY_OVER'],
      [{ categories: ['sweets'] }, 400, 'VALIDATION_FAILED'],
      [{ categories: ['fruit', 'fruit'] }, 400, 'VALIDATION_FAILED'],
      [{ categories: [] }, 400, 'VALIDATION_FAILED'],
      [{ canteenIds: [] }, 400, 'VALIDATION_FAILED'],
      [{ supplierId: '00000000-0000-4000-8000-000000000000' }, 404, 'NOT_FOUND'],
      [{ supplierId: blacklisted.id, categories: ['milk'] }, 409, 'SUPPLIER_BLACKLISTED'],
      // Vegetables for canteenA1 are already under the first contract.
      [{ categories: ['vegetables'], validFrom: addDays(today, 100) }, 409, 'CONFLICT'],
    ];
    for (const [overrides, status, error] of cases) {
      const response = await principal.post('/api/contracts', terms(overrides));
      expect({ overrides, status: response.status, error: response.body.error }).toEqual({ overrides, status, error });
      expect(response.body.message).toMatch(HAS_CHINESE);
    }
    expect((await countyAdminA.post('/api/contracts', terms({ schoolId: tree.countyA.id }))).body.error).toBe('NOT_A_SCHOOL');
    const black = await principal.post('/api/contracts', terms({ supplierId: blacklisted.id, categories: ['milk'] }));
    expect(black.body.message).toContain('列入严重违法失信名单');
    await nothingWritten();
  });

  it('only contract:write holders contract', async () => {
    before = await counts();
    for (const session of [staff, viewer, supplierUser]) {
      expect((await session.post('/api/contracts', terms({ categories: ['salt'] }))).status).toBe(403);
    }
    await nothingWritten();
  });

  it('lists contracts by the school\'s place in the tree; another county answers 404', async () => {
    for (const session of [principal, countyAdminA, cityAdmin, staff, viewer]) {
      const list = await session.get(`/api/contracts?supplierId=${supplier.id}`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).toContain(contractId);
      expect((await session.get(`/api/contracts/${contractId}`)).status).toBe(200);
    }
    const outside = await countyAdminB.get(`/api/contracts?supplierId=${supplier.id}`);
    expect(outside.body).toMatchObject({ items: [], total: 0 });
    const hidden = await countyAdminB.get(`/api/contracts/${contractId}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.message).toMatch(HAS_CHINESE);
    const canteen = await staff.get(`/api/contracts?canteenId=${tree.canteenA2.id}`);
    expect(canteen.body.items.every((c: { canteens: { id: string }[] }) => c.canteens.some((x) => x.id === tree.canteenA2.id))).toBe(true);
    expect((await staff.get('/api/contracts?state=bogus')).status).toBe(400);
  });

  it('a supplier user sees its own contracts; another supplier\'s answer 404', async () => {
    const own = await supplierUser.get('/api/contracts');
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThanOrEqual(2);
    expect(own.body.items.every((c: { supplier: { id: string } }) => c.supplier.id === supplier.id)).toBe(true);
    expect((await supplierUser.get(`/api/contracts/${contractId}`)).status).toBe(200);
    expect((await otherUser.get('/api/contracts')).body.items).toEqual([]);
    expect((await otherUser.get(`/api/contracts/${contractId}`)).status).toBe(404);
  });

  it('ends a contract early with a reason; the past and the agreed end are refused', async () => {
    const created = await principal.post('/api/contracts', terms({ categories: ['eggs'] }));
    const id = created.body.id as string;
    before = await counts();
    expect((await principal.post(`/api/contracts/${id}/end`, { lastDay: addDays(today, -1), reason: '倒签终止' })).status).toBe(400);
    expect((await principal.post(`/api/contracts/${id}/end`, { lastDay: addDays(today, 365), reason: '到期终止' })).body.error).toBe('END_NOT_EARLY');
    expect((await principal.post(`/api/contracts/${id}/end`, { lastDay: addDays(today, 30) })).status).toBe(400);
    expect((await countyAdminB.post(`/api/contracts/${id}/end`, { lastDay: addDays(today, 30), reason: '越权终止' })).status).toBe(404);
    expect((await supplierUser.post(`/api/contracts/${id}/end`, { lastDay: addDays(today, 30), reason: '越权终止' })).status).toBe(403);
    await nothingWritten();

    const audit = await lastAuditId();
    const ended = await principal.post(`/api/contracts/${id}/end`, { lastDay: addDays(today, 30), reason: '供应商服务质量不达标' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ endedOn: addDays(today, 30), endReason: '供应商服务质量不达标', validTo: addDays(today, 365), state: 'active' });
    expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'end', entityId: id })]);
  });

  it('a contract ended before it starts is ended; state filters find it', async () => {
    const pending = await principal.post('/api/contracts', terms({ categories: ['milk'], validFrom: addDays(today, 20) }));
    expect(pending.body.state).toBe('pending');
    expect((await principal.get(`/api/contracts?state=pending&supplierId=${supplier.id}`)).body.items.map((c: { id: string }) => c.id)).toContain(pending.body.id);
    const cancelled = await principal.post(`/api/contracts/${pending.body.id}/end`, { lastDay: today, reason: '未开始即取消' });
    expect(cancelled.body.state).toBe('ended');
    const endedList = await principal.get(`/api/contracts?state=ended&supplierId=${supplier.id}`);
    expect(endedList.body.items.map((c: { id: string }) => c.id)).toEqual([pending.body.id]);
    expect((await principal.get(`/api/contracts?state=pending&supplierId=${supplier.id}`)).body.items).toEqual([]);
    expect((await principal.post(`/api/contracts/${pending.body.id}/end`, { lastDay: today, reason: '再次终止' })).status).toBe(409);
    const active = await principal.get(`/api/contracts?state=active&supplierId=${supplier.id}`);
    expect(active.body.items.map((c: { id: string }) => c.id)).toContain(contractId);
    expect(active.body.items.map((c: { id: string }) => c.id)).not.toContain(pending.body.id);
  });

  it('amending makes a new contract that names the old one, which ends the day before', async () => {
    const audit = await lastAuditId();
    const from = addDays(today, 10);
    const amended = await principal.post(`/api/contracts/${contractId}/amend`, {
      canteenIds: [tree.canteenA1.id],
      categories: ['vegetables', 'fruit', 'livestock'],
      validFrom: from,
      validTo: addDays(today, 400),
      reason: '增加畜禽肉类供应',
    });
    expect(amended.status).toBe(201);
    expect(amended.body).toMatchObject({ amendsId: contractId, validFrom: from, state: 'pending', categories: ['vegetables', 'fruit', 'livestock'] });
    const old = await principal.get(`/api/contracts/${contractId}`);
    expect(old.body).toMatchObject({ endedOn: addDays(from, -1), endReason: '增加畜禽肉类供应', validTo: addDays(today, 365) });
    expect((await auditEntriesAfter(audit)).map((e) => [e.action, e.entityId])).toEqual([
      ['amend', contractId],
      ['create', amended.body.id],
    ]);
    before = await counts();
    expect((await principal.post(`/api/contracts/${amended.body.id}/amend`, { ...terms(), reason: '倒签变更', validFrom: addDays(today, -1) })).status).toBe(400);
    expect((await countyAdminB.post(`/api/contracts/${amended.body.id}/amend`, { ...terms(), reason: '越权变更', validFrom: addDays(today, 50) })).status).toBe(404);
    await nothingWritten();
  });

  describe('supply rules (used by orders and deliveries)', () => {
    const rules = () => app.get(SupplyRules);
    const check = (supplierId: string, canteenId: string, day: string, category: string) =>
      app.get(PrismaService).$transaction((tx) => rules().findActiveContract(tx, supplierId, canteenId, day, category));
    const refusal = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    };

    it('finds the contract under which the supplier may deliver', async () => {
      const contract = await check(supplier.id, tree.canteenA1.id, today, 'vegetables');
      expect(contract).toMatchObject({ id: contractId, supplierId: supplier.id, schoolId: tree.schoolA.id, lastDay: addDays(today, 9) });
      // From the amendment's first day, the new contract applies, with its new food group.
      const later = await check(supplier.id, tree.canteenA1.id, addDays(today, 15), 'livestock');
      expect(later.id).not.toBe(contractId);
    });

    it('refuses an uncontracted canteen, food group or day with 422, naming the problem', async () => {
      for (const [canteen, day, category] of [
        [tree.canteenA2.id, today, 'vegetables'],
        [tree.canteenA1.id, today, 'livestock'],
        [tree.canteenA1.id, addDays(today, 401), 'vegetables'],
        [tree.canteenB.id, today, 'vegetables'],
      ] as const) {
        const error = await refusal(check(supplier.id, canteen, day, category));
        expect(error.getStatus()).toBe(422);
        expect(error.code).toBe('NO_ACTIVE_CONTRACT');
        expect(error.zh).toMatch(HAS_CHINESE);
      }
    });

    it('refuses a blacklisted supplier with 409 and the reason, even under a contract', async () => {
      const later = await createSupplier({ name: uniqueName('后失信配送') });
      await createContract(later, tree.schoolA, [tree.canteenA1], { validFrom: addDays(today, -10), validTo: addDays(today, 10) });
      expect((await check(later.id, tree.canteenA1.id, today, 'grains')).supplierId).toBe(later.id);
      await testPrisma().supplier.update({ where: { id: later.id }, data: { blacklistedAt: new Date(), blacklistReason: '食品安全严重违法' } });
      const error = await refusal(check(later.id, tree.canteenA1.id, today, 'grains'));
      expect(error.getStatus()).toBe(409);
      expect(error.code).toBe('SUPPLIER_BLACKLISTED');
      expect(error.zh).toContain('食品安全严重违法');
      expect((await refusal(check('00000000-0000-4000-8000-000000000000', tree.canteenA1.id, today, 'grains'))).getStatus()).toBe(404);
    });
  });
});
