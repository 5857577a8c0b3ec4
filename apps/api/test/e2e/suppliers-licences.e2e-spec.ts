import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { addDays, shanghaiDay } from '@canteen/shared';
import { loadConfig } from '@/common/config/config';
import { JobQueues } from '@/common/queue/job-queues';
import { LicenceExpiryCheck } from '@/modules/suppliers/licence-expiry-check';
import { startWorker } from '@/worker.factory';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestSupplier, createFarmBase, createSupplier } from '@test/factories/supply.factory';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { uniqueName } from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';
import { eventually } from '@test/support/eventually';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

/** The licence events announced for one supplier, as [type, document number] pairs. */
async function eventsFor(supplierId: string) {
  const rows = await testPrisma().outboxEvent.findMany({
    where: { type: { startsWith: 'supplier.licence-' }, payload: { path: ['supplierId'], equals: supplierId } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((row) => [row.type, (row.payload as { number: string }).number]).sort();
}

describe('daily licence check', () => {
  const config = { ...loadConfig(), REDIS_PREFIX: `${process.env.REDIS_PREFIX}-licences`, OUTBOX_POLL_MS: 50 };
  const today = shanghaiDay();
  let app: NestFastifyApplication;
  let tree: TestTree;
  let operator: Session;
  let supplier: TestSupplier;

  const upload = (supplierId: string, fields: Record<string, string>) => {
    const req = operator.agent.post(`/api/suppliers/${supplierId}/documents`).set('x-csrf-token', operator.csrf);
    for (const [k, v] of Object.entries(fields)) void req.field(k, v);
    return req.attach('file', PDF, { filename: 'licence.pdf', contentType: 'application/pdf' });
  };

  beforeAll(async () => {
    app = await startApp(config);
    tree = await createTree();
    operator = await signIn(app, await createUser('operator', tree.province));
    supplier = await createSupplier({ name: uniqueName('证照检查配送') });
    const base = await createFarmBase(supplier);
    const docs: Record<string, string>[] = [
      { kind: 'food_business_licence', number: 'EXPIRING-20', expiresOn: addDays(today, 20) },
      { kind: 'business_licence', number: 'EXPIRED-1', expiresOn: addDays(today, -1) },
      { kind: 'origin_certificate', number: 'VALID-90', expiresOn: addDays(today, 90), farmBaseId: base.id },
      { kind: 'green_food_certificate', number: 'BASE-EXPIRING-30', expiresOn: addDays(today, 30), farmBaseId: base.id },
      { kind: 'other', number: 'LONG-TERM' },
      // Superseded: an expired production licence renewed by a valid one.
      { kind: 'food_production_licence', number: 'OLD-SC', expiresOn: addDays(today, -100) },
      { kind: 'food_production_licence', number: 'NEW-SC', expiresOn: addDays(today, 700) },
    ];
    for (const fields of docs) expect((await upload(supplier.id, fields)).status).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  it('emits one event per document and state: expiring within 30 days, expired', async () => {
    await app.get(LicenceExpiryCheck).run(today);
    expect(await eventsFor(supplier.id)).toEqual([
      ['supplier.licence-expired', 'EXPIRED-1'],
      ['supplier.licence-expiring', 'BASE-EXPIRING-30'],
      ['supplier.licence-expiring', 'EXPIRING-20'],
    ]);
    const event = await testPrisma().outboxEvent.findFirstOrThrow({ where: { type: 'supplier.licence-expiring', payload: { path: ['number'], equals: 'BASE-EXPIRING-30' } } });
    expect(event.payload).toMatchObject({ supplierId: supplier.id, supplierName: supplier.name, farmBaseName: expect.any(String), expiresOn: addDays(today, 30), day: today });
  });

  it('re-running the day emits nothing new', async () => {
    const check = app.get(LicenceExpiryCheck);
    await Promise.all([check.run(today), check.run(today)]);
    expect(await eventsFor(supplier.id)).toHaveLength(3);
  });

  it('a later day announces the expiry of a document that was only expiring before, once', async () => {
    const later = addDays(today, 25);
    await app.get(LicenceExpiryCheck).run(later);
    await app.get(LicenceExpiryCheck).run(later);
    expect(await eventsFor(supplier.id)).toEqual([
      ['supplier.licence-expired', 'EXPIRED-1'],
      ['supplier.licence-expired', 'EXPIRING-20'],
      ['supplier.licence-expiring', 'BASE-EXPIRING-30'],
      ['supplier.licence-expiring', 'EXPIRING-20'],
    ]);
  });

  describe('in the worker', () => {
    let worker: INestApplicationContext;
    beforeAll(async () => {
      worker = await startWorker(config);
    });
    afterAll(async () => {
      await worker.close();
    });

    it('is scheduled daily at 06:00 Asia/Shanghai', async () => {
      const schedulers = await worker.get(JobQueues).queue('maintenance').getJobSchedulers();
      expect(schedulers).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'supplier-licence-check-daily', pattern: '0 6 * * *', tz: 'Asia/Shanghai' })]));
    });

    it('runs the check as a job', async () => {
      const fresh = await createSupplier({ name: uniqueName('作业检查配送') });
      expect((await upload(fresh.id, { kind: 'food_business_licence', number: 'JOB-EXPIRING', expiresOn: addDays(today, 5) })).status).toBe(201);
      await worker.get(JobQueues).add('supplierLicenceCheck', { day: 'today' });
      const events = await eventually(() => eventsFor(fresh.id), (rows) => rows.length > 0);
      expect(events).toEqual([['supplier.licence-expiring', 'JOB-EXPIRING']]);
    });
  });
});
