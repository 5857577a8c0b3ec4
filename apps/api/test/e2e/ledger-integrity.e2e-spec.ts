import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadConfig } from '@/common/config/config';
import { JobQueues } from '@/common/queue/job-queues';
import { systemScope } from '@/common/tenancy/scope';
import { digestExportPath } from '@/modules/ledger/ledger-digest';
import { LedgerSealService } from '@/modules/ledger/ledger-seal.service';
import { startWorker } from '@/worker.factory';
import { createStockedBatches, insertMovement, ledgerDay } from '@test/factories/ledger.factory';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createIngredient } from '@test/factories/supply.factory';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { auditEntriesAfter, lastAuditId } from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';

jest.setTimeout(60_000);

describe('ledger integrity API', () => {
  const config = loadConfig();
  let app: NestFastifyApplication;
  let tree: TestTree;
  let countyOfficial: Session;
  let cityOfficial: Session;
  let principal: Session;
  let staff: Session;
  const days = [ledgerDay(-3), ledgerDay(-2), ledgerDay(-1)];

  /** A stock-in three days ago and a stock-out on each day since. */
  async function bookHistory(canteenId: string) {
    const canteen = Object.values(tree).find((unit) => unit.id === canteenId)!;
    const { batchIds } = await createStockedBatches(
      canteen,
      [{ ingredient: await createIngredient(), quantity: '50' }],
      { occurredOn: days[0] },
    );
    for (const day of [...days, ledgerDay(0)])
      await insertMovement({
        batchId: batchIds[0]!,
        kind: 'stock_out',
        quantity: '-2',
        occurredOn: day,
        meal: 'lunch',
      });
  }

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    await bookHistory(tree.canteenA1.id);
    await bookHistory(tree.canteenB.id);
    const sealer = app.get(LedgerSealService);
    await sealer.sealThrough(systemScope(tree.cityA.path), ledgerDay(-1));
    countyOfficial = await signIn(app, await createUser('official_admin', tree.countyA));
    cityOfficial = await signIn(app, await createUser('official_viewer', tree.cityA));
    principal = await signIn(app, await createUser('principal', tree.schoolA));
    staff = await signIn(app, await createUser('canteen_staff', tree.schoolA));
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  it('publishes the signing key without a login, so that anyone can check an exported digest', async () => {
    const response = await request(app.getHttpServer()).get('/api/ledger/public-key');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
      publicKey: expect.any(String),
      algorithm: 'Ed25519',
    });

    const file = JSON.parse(
      await readFile(
        digestExportPath(config.LEDGER_DIGEST_DIR, tree.countyA.code, days[2]!),
        'utf8',
      ),
    );
    expect(file.keyId).toBe(response.body.keyId);
    const key = createPublicKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        x: Buffer.from(response.body.publicKey, 'base64').toString('base64url'),
      },
      format: 'jwk',
    });
    expect(
      verifySignature(null, Buffer.from(file.payload), key, Buffer.from(file.signature, 'base64')),
    ).toBe(true);
  });

  it('verifies a canteen for a county official: chain, head, checkpoints and digests hold; the run is audited', async () => {
    const mark = await lastAuditId();
    const response = await countyOfficial.post('/api/ledger/verify', {
      orgUnitId: tree.canteenA1.id,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, digestsChecked: 3, digestFailures: [] });
    expect(response.body.chains).toEqual([
      {
        canteen: { id: tree.canteenA1.id, code: tree.canteenA1.code, name: tree.canteenA1.name },
        movements: 5,
        headSeq: 5,
        checkpoints: 3,
        ok: true,
        firstBroken: null,
      },
    ]);
    const entries = await auditEntriesAfter(mark);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'ledger.verify',
      entity: 'org_unit',
      entityId: tree.canteenA1.id,
      orgPath: tree.canteenA1.path,
      after: { ok: true, canteens: 1, movements: 5 },
    });
  });

  it("verifies the actor's own subtree by default, and a principal's school against its county's digests", async () => {
    const county = await countyOfficial.agent
      .post('/api/ledger/verify')
      .set('x-csrf-token', countyOfficial.csrf);
    expect(county.status).toBe(200);
    expect(county.body.chains.map((c: { canteen: { id: string } }) => c.canteen.id).sort()).toEqual(
      [tree.canteenA1.id, tree.canteenA2.id].sort(),
    );
    expect(county.body.ok).toBe(true);

    const school = await principal.post('/api/ledger/verify', {});
    expect(school.status).toBe(200);
    expect(school.body).toMatchObject({ ok: true, digestsChecked: 3 });
    expect(
      school.body.chains.find(
        (c: { canteen: { id: string } }) => c.canteen.id === tree.canteenA1.id,
      ),
    ).toMatchObject({ checkpoints: 3, ok: true });
  });

  it('answers 404 for a unit of another county or city, 403 without the permission, 400 for a bad id', async () => {
    expect(
      (await countyOfficial.post('/api/ledger/verify', { orgUnitId: tree.canteenB.id })).status,
    ).toBe(404);
    expect(
      (await countyOfficial.post('/api/ledger/verify', { orgUnitId: tree.countyB.id })).status,
    ).toBe(404);
    expect(
      (await cityOfficial.post('/api/ledger/verify', { orgUnitId: tree.canteenC.id })).status,
    ).toBe(404);
    expect(
      (await principal.post('/api/ledger/verify', { orgUnitId: tree.canteenB.id })).status,
    ).toBe(404);
    expect((await staff.post('/api/ledger/verify', { orgUnitId: tree.canteenA1.id })).status).toBe(
      403,
    );
    expect((await countyOfficial.post('/api/ledger/verify', { orgUnitId: 'abc' })).status).toBe(
      400,
    );
    expect(
      (await countyOfficial.get(`/api/ledger/digests?orgUnitId=${tree.countyB.id}`)).status,
    ).toBe(404);
    expect((await staff.get('/api/ledger/digests')).status).toBe(403);
  });

  it('lists the signed digests that concern the actor, newest first', async () => {
    const county = await countyOfficial.get('/api/ledger/digests');
    expect(county.status).toBe(200);
    expect(county.body.total).toBe(3);
    expect(county.body.items.map((d: { day: string }) => d.day)).toEqual([...days].reverse());
    expect(county.body.items[0]).toMatchObject({
      county: { id: tree.countyA.id, code: tree.countyA.code },
      canteens: 2,
      keyId: expect.any(String),
    });
    expect(JSON.parse(county.body.items[0].payload)).toMatchObject({
      day: days[2],
      root: county.body.items[0].root,
    });

    const city = await cityOfficial.get(
      `/api/ledger/digests?from=${days[1]}&to=${days[1]}&pageSize=10`,
    );
    expect(city.status).toBe(200);
    expect(city.body.items.map((d: { county: { id: string } }) => d.county.id).sort()).toEqual(
      [tree.countyA.id, tree.countyB.id].sort(),
    );

    const school = await principal.get('/api/ledger/digests?pageSize=1&page=2');
    expect(school.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(school.body.items.map((d: { day: string }) => d.day)).toEqual([days[1]]);
  });

  it('the worker seals yesterday when it starts and schedules the daily seal at 00:10 Asia/Shanghai', async () => {
    const worker = await startWorker({
      ...config,
      REDIS_PREFIX: `${process.env.REDIS_PREFIX}-ledger-worker`,
    });
    try {
      // countyC has no movements and was not sealed by hand: only the start-up job seals it.
      const deadline = Date.now() + 20_000;
      let digest = null;
      while (!digest && Date.now() < deadline) {
        digest = await testPrisma().ledgerDigest.findFirst({
          where: { countyId: tree.countyC.id },
        });
        if (!digest) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(digest?.day.toISOString().slice(0, 10)).toBe(ledgerDay(-1));
      const schedulers = await worker.get(JobQueues).queue('maintenance').getJobSchedulers();
      expect(schedulers).toContainEqual(
        expect.objectContaining({
          key: 'ledger-seal-daily',
          pattern: '10 0 * * *',
          tz: 'Asia/Shanghai',
        }),
      );
    } finally {
      await worker.close();
    }
  });

  it('names the first broken movement of a tampered canteen and announces it', async () => {
    const su = testPrisma();
    await su.$transaction([
      su.$executeRawUnsafe('ALTER TABLE stock_movement DISABLE TRIGGER stock_movement_append_only'),
      su.$executeRaw`UPDATE stock_movement SET quantity = -20 WHERE canteen_id = ${tree.canteenB.id}::uuid AND seq = 3`,
      su.$executeRawUnsafe('ALTER TABLE stock_movement ENABLE TRIGGER stock_movement_append_only'),
    ]);
    const movement = await su.stockMovement.findFirstOrThrow({
      where: { canteenId: tree.canteenB.id, seq: 3 },
    });
    const official = await signIn(app, await createUser('official_admin', tree.countyB));
    const response = await official.post('/api/ledger/verify', {});
    expect(response.status).toBe(200);
    expect(response.body.ok).toBe(false);
    expect(response.body.chains[0].firstBroken).toMatchObject({
      seq: 3,
      movementId: movement.id,
      problem: 'hash_mismatch',
    });
    const events = await su.outboxEvent.findMany({
      where: {
        type: 'ledger.verification-failed',
        payload: { path: ['canteenId'], equals: tree.canteenB.id },
      },
    });
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events[0]).toMatchObject({
      orgPath: tree.canteenB.path,
      payload: { subject: 'chain', seq: 3, problem: 'hash_mismatch' },
    });

    // countyA is untouched.
    expect((await countyOfficial.post('/api/ledger/verify', {})).body.ok).toBe(true);
  });
});
