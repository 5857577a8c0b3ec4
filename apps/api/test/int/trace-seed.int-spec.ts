import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import {
  COLD_CHAIN,
  type ColdChain,
  FOOD_GROUPS,
  INGREDIENT_UNITS,
  NO_SHELF_LIFE_EXPIRY,
  type OrgLevel,
  ROLE_PERMISSIONS,
  type Role,
  addDays,
  expiryState,
  forbiddenReason,
  shanghaiDay,
  temperatureInRange,
  ZBackwardTrace,
  ZForwardTrace,
  ZRecall,
} from '@canteen/shared';
import type { AppConfig } from '@/common/config/config';
import { PrismaService } from '@/common/prisma/prisma.service';
import { LocalDiskStorage } from '@/common/storage/file-storage';
import { sniffKind } from '@/common/storage/uploads';
import type { Actor } from '@/common/tenancy/actor';
import { PrismaClient } from '@/generated/prisma/client';
import { statusAfterCheck } from '@/modules/deliveries/delivery-rules';
import { PlansRepository } from '@/modules/menus/plans.repository';
import { ProductionRepository } from '@/modules/menus/production.repository';
import { TraceRepository } from '@/modules/trace/trace.repository';
import { TraceService } from '@/modules/trace/trace.service';
import { migrate } from '../../../../prisma/migrate';
import { seed } from '../../../../prisma/seed/seed';

/**
 * The traceability part of the demo seed, in a database of its own (the shared test database has
 * other suites' rows, and the foundation's seed spec counts its first run): the catalogue,
 * suppliers, licences with real files, contracts and a month of accepted deliveries, consistent
 * with what the deliveries module stores; both traces on it; and a second run changes nothing.
 */

const run = process.env.TEST_RUN_ID ?? `${Date.now().toString(36)}`;
const dbName = `canteen_test_${run}_trace_seed`;
const serverUrl = new URL(process.env.DATABASE_URL!);
const adminUrl = Object.assign(new URL(serverUrl.href), { pathname: '/postgres' }).href;
const databaseUrl = Object.assign(new URL(serverUrl.href), { pathname: `/${dbName}` }).href;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function fingerprint(db: PrismaClient) {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const result: Record<string, { rows: number; digest: string }> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ rows: bigint; digest: string | null }[]>(
      `SELECT count(*) AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM "${name}" t`,
    );
    result[name] = { rows: Number(row!.rows), digest: row!.digest ?? '' };
  }
  return result;
}

describe('demo seed: traceability data', () => {
  const storageDir = mkdtempSync(path.join(os.tmpdir(), 'canteen-trace-seed-'));
  const savedStorageDir = process.env.STORAGE_DIR;
  let db: PrismaClient;
  let prismaService: PrismaService;
  let trace: TraceService;
  const today = shanghaiDay();

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${dbName}"`);
    await migrate(databaseUrl);
    process.env.STORAGE_DIR = storageDir;
    await seed(databaseUrl);
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    prismaService = new PrismaService({ DATABASE_URL: databaseUrl } as AppConfig);
    trace = new TraceService(new TraceRepository(prismaService), new ProductionRepository(prismaService), new PlansRepository(prismaService));
  }, 180_000);

  afterAll(async () => {
    process.env.STORAGE_DIR = savedStorageDir;
    await db?.$disconnect();
    await prismaService?.$disconnect();
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    rmSync(storageDir, { recursive: true, force: true });
  });

  async function actorOf(username: string): Promise<Actor> {
    const user = await db.user.findUniqueOrThrow({ where: { username }, include: { orgUnit: true } });
    const role = user.role as Role;
    return {
      userId: user.id,
      username,
      displayName: user.displayName,
      role,
      permissions: ROLE_PERMISSIONS[role],
      mustChangePassword: false,
      orgUnit: user.orgUnit ? { id: user.orgUnit.id, name: user.orgUnit.name, level: user.orgUnit.level as OrgLevel, path: user.orgUnit.path } : null,
      supplier: null,
      sessionId: 's',
      ip: '127.0.0.1',
      requestId: 'r',
    };
  }

  it('has an ingredient catalogue of about 80 items, in the WS/T 554 groups, none forbidden', async () => {
    const items = await db.ingredient.findMany();
    expect(items.length).toBeGreaterThanOrEqual(80);
    for (const item of items) {
      expect({ name: item.name, forbidden: forbiddenReason(item.name) ?? null }).toEqual({ name: item.name, forbidden: null });
      expect(FOOD_GROUPS).toContain(item.category);
      expect(INGREDIENT_UNITS).toContain(item.unit);
      expect(COLD_CHAIN).toContain(item.coldChain);
      if (item.category === 'livestock') expect({ name: item.name, quarantine: item.quarantineRequired }).toEqual({ name: item.name, quarantine: true });
    }
    expect(new Set(items.map((i) => i.category))).toEqual(new Set(FOOD_GROUPS));
    expect(items.some((i) => i.shelfLifeDays === null)).toBe(true);
    expect(items.filter((i) => i.coldChain === 'frozen').length).toBeGreaterThan(3);
  });

  it('has five suppliers in 达州: one blacklisted with a reason, one whose food licence expires within 30 days', async () => {
    const suppliers = await db.supplier.findMany({ include: { documents: true, farmBases: true, contracts: true } });
    expect(suppliers).toHaveLength(5);
    const blacklisted = suppliers.filter((s) => s.blacklistedAt);
    expect(blacklisted).toHaveLength(1);
    expect(blacklisted[0]!.blacklistReason).toMatch(/严重违法失信/);
    expect(blacklisted[0]!.contracts).toEqual([]);
    const licenceState = (s: (typeof suppliers)[number]) => {
      const licence = s.documents.find((d) => d.kind === 'food_business_licence')!;
      return expiryState(licence.expiresOn?.toISOString().slice(0, 10) ?? null, today);
    };
    expect(suppliers.map(licenceState).sort()).toEqual(['expiring', 'valid', 'valid', 'valid', 'valid']);
    for (const s of suppliers) {
      expect(s.name).toMatch(/达州/);
      expect(s.documents.map((d) => d.kind)).toEqual(expect.arrayContaining(['business_licence', 'food_business_licence']));
    }
    const demo = suppliers.find((s) => s.name === '达州市鲜达农产品配送有限公司')!;
    expect(await db.user.findUnique({ where: { username: 'supplier_demo' }, select: { supplierId: true } })).toEqual({ supplierId: demo.id });
    expect(demo.contactName).toBe('孙德胜');
    const bases = suppliers.flatMap((s) => s.farmBases.map((b) => b.region));
    expect(bases).toEqual(expect.arrayContaining(['四川省达州市宣汉县', '四川省达州市大竹县']));
  });

  it('keeps every licence and certificate as a real PDF or PNG in the storage, matching its record', async () => {
    const storage = new LocalDiskStorage(storageDir);
    const files = await db.storedFile.findMany();
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const data = await storage.get(file.storageKey);
      const kind = sniffKind(data);
      expect({ key: file.storageKey, kind, size: data.length }).toEqual({ key: file.storageKey, kind: file.contentType === 'image/png' ? 'png' : 'pdf', size: file.sizeBytes });
      expect(createHash('sha256').update(data).digest('hex')).toBe(file.sha256);
    }
    const documents = await db.supplierDocument.findMany({ select: { fileId: true } });
    const ids = new Set(files.map((f) => f.id));
    expect(documents.every((d) => ids.has(d.fileId))).toBe(true);
  });

  it('contracts every school of 通川区 and 达川区, the demo school for both its canteens', async () => {
    const schools = await db.orgUnit.findMany({
      where: { level: 'school', OR: [{ code: { startsWith: '511702-S' } }, { code: { startsWith: '511703-S' } }] },
      include: { contracts: true, children: true },
    });
    expect(schools.length).toBe(14);
    for (const school of schools) expect({ school: school.code, contracts: school.contracts.length }).toEqual({ school: school.code, contracts: 4 });
    const demo = schools.find((s) => s.code === '511702-S01')!;
    for (const contract of demo.contracts) expect([...contract.canteenIds].sort()).toEqual(demo.children.map((c) => c.id).sort());
    expect(await db.supplyContract.count({ where: { school: { code: { startsWith: '511724' } } } })).toBe(0);
  });

  it('holds about a month of school days of deliveries, checked by two people of the school, as the deliveries module stores them', async () => {
    const manifests = await db.deliveryManifest.findMany({
      include: { lines: { include: { acceptanceLine: true, batch: true } }, acceptance: true, canteen: { include: { parent: true } } },
    });
    const days = new Set(manifests.map((m) => m.deliveryDate.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(20);
    expect([...days].every((d) => d >= addDays(today, -30) && d <= today)).toBe(true);
    expect(manifests.filter((m) => m.status === 'submitted')).toHaveLength(1);

    const inspectors = new Map((await db.user.findMany({ select: { id: true, username: true, role: true, orgUnitId: true } })).map((u) => [u.id, u]));
    const ingredients = new Map((await db.ingredient.findMany()).map((i) => [i.id, i]));
    let lines = 0;
    for (const manifest of manifests) {
      if (manifest.status === 'submitted') {
        expect(manifest.acceptance).toBeNull();
        continue;
      }
      const acceptance = manifest.acceptance!;
      expect(new Set(acceptance.inspectorIds).size).toBe(2);
      for (const id of acceptance.inspectorIds) {
        const user = inspectors.get(id)!;
        expect(user.orgUnitId).toBe(manifest.canteen.parentId);
        expect(['canteen_manager', 'canteen_staff']).toContain(user.role);
      }
      if (manifest.canteen.parent!.code === '511702-S01') {
        expect(acceptance.inspectorIds.map((id) => inspectors.get(id)!.username).sort()).toEqual(['canteen_manager_demo', 'canteen_staff_demo']);
      }
      const checked = manifest.lines.map((l) => ({ decision: l.acceptanceLine!.decision as 'accept' | 'reject', acceptedQuantity: l.acceptanceLine!.acceptedQuantity.toString(), quantity: l.quantity.toString() }));
      expect(manifest.status).toBe(statusAfterCheck(checked));
      expect(manifest.retainUntil).not.toBeNull();
      for (const line of manifest.lines) {
        lines++;
        const ingredient = ingredients.get(line.ingredientId)!;
        const accepted = line.acceptanceLine!;
        expect(line.unit).toBe(ingredient.unit);
        expect(line.expiryDate >= line.productionDate).toBe(true);
        const expiry = line.expiryDate.toISOString().slice(0, 10);
        if (ingredient.shelfLifeDays === null) expect(expiry).toBe(NO_SHELF_LIFE_EXPIRY);
        if (ingredient.quarantineRequired) expect(line.certificateIds.length).toBeGreaterThan(0);
        if (ingredient.coldChain !== 'ambient') expect(temperatureInRange(ingredient.coldChain as ColdChain, Number(accepted.temperatureC))).toBe(true);
        else expect(accepted.temperatureC).toBeNull();
        if (accepted.decision === 'accept') {
          expect(line.batch).toMatchObject({ canteenId: manifest.canteenId, lotCode: line.lotCode, supplierId: manifest.supplierId, receivedAt: acceptance.acceptedAt });
          expect(line.batch!.quantity.toString()).toBe(accepted.acceptedQuantity.toString());
        } else {
          expect(line.batch).toBeNull();
          expect(accepted.reason).toBeTruthy();
        }
      }
    }
    expect(lines).toBeGreaterThan(2000);
    // A supplier lot names one product, and distributors' lots reach several canteens.
    const lots = await db.$queryRawUnsafe<{ ingredients: bigint; canteens: bigint }[]>(
      `SELECT count(DISTINCT dl.ingredient_id) AS ingredients, count(DISTINCT dm.canteen_id) AS canteens
         FROM delivery_line dl JOIN delivery_manifest dm ON dm.id = dl.manifest_id GROUP BY dm.supplier_id, dl.lot_code`,
    );
    expect(lots.every((l) => Number(l.ingredients) === 1)).toBe(true);
    expect(Math.max(...lots.map((l) => Number(l.canteens)))).toBeGreaterThanOrEqual(10);
    const registered = await db.supplierLot.count();
    expect(registered).toBe(lots.length);
  });

  it('traces a seeded rice lot forward: a county official sees the county, the city official both counties', async () => {
    const rice = await db.ingredient.findUniqueOrThrow({ where: { code: 'G001' } });
    const line = await db.deliveryLine.findFirstOrThrow({ where: { ingredientId: rice.id }, include: { manifest: true } });
    const query = { supplierId: line.manifest.supplierId, lotCode: line.lotCode };
    const city = await trace.forward(await actorOf('city_admin'), query);
    const county = await trace.forward(await actorOf('county_admin_tongchuan'), query);
    ZForwardTrace.parse(city);
    const tongchuan = await db.orgUnit.findUniqueOrThrow({ where: { code: '511702' } });
    expect(city.canteens.length).toBeGreaterThan(county.canteens.length);
    expect(county.canteens.length).toBeGreaterThan(0);
    expect(county.canteens.every((c) => c.canteen.county.id === tongchuan.id)).toBe(true);
    expect(new Set(city.canteens.map((c) => c.canteen.county.name))).toEqual(new Set(['通川区', '达川区']));
    expect(city.lot).toMatchObject({ ingredient: { code: 'G001' }, supplier: { name: '达州市通川区粮油贸易有限公司' } });
    expect(city.lot.farmBases.map((f) => f.name)).toEqual(['渠县有庆镇优质稻种植基地']);
    expect(city.lot.supplier.documents.find((d) => d.kind === 'food_business_licence')).toMatchObject({ valid: true, file: { contentType: 'application/pdf' } });

    const recall = ZRecall.parse(await trace.recall(await actorOf('county_admin_tongchuan'), query));
    const demo = recall.canteens.find((c) => c.school.name === '达州市通川区第一小学');
    expect(demo?.contacts).toEqual(
      expect.arrayContaining([
        { role: 'principal', displayName: '周文斌', phone: '13508184005' },
        { role: 'canteen_manager', displayName: '吴秀兰', phone: '13508184006' },
      ]),
    );
    expect(recall.canteens.filter((c) => c.school.name !== '达州市通川区第一小学').every((c) => c.contacts.some((k) => k.role === 'canteen_manager'))).toBe(true);
  });

  it("traces the demo canteen's last school day backward to suppliers, farm bases and quarantine certificates", async () => {
    const canteen = await db.orgUnit.findUniqueOrThrow({ where: { code: '511702-S01-C1' } });
    const last = await db.deliveryManifest.findFirstOrThrow({ where: { canteenId: canteen.id, status: { not: 'submitted' } }, orderBy: { deliveryDate: 'desc' } });
    const day = last.deliveryDate.toISOString().slice(0, 10);
    const result = ZBackwardTrace.parse(await trace.backward(await actorOf('canteen_manager_demo'), { canteenId: canteen.id, date: day }));
    const received = result.rows.filter((r) => r.relation === 'received');
    expect(received.length).toBeGreaterThan(5);
    expect(received.every((r) => r.delivery.acceptance!.inspectors.map((i) => i.displayName).sort().join() === ['吴秀兰', '郑小军'].sort().join())).toBe(true);
    const meat = received.filter((r) => r.ingredient.category === 'livestock');
    expect(meat.length).toBeGreaterThan(0);
    expect(meat.every((r) => r.delivery.certificates.some((c) => c.name.startsWith('动物检疫合格证明')) && r.farmBase !== null)).toBe(true);
    expect(received.every((r) => r.delivery.purchaseOrderCode?.startsWith('PO-'))).toBe(true);
    expect(result.suppliers.map((s) => s.name)).toEqual(expect.arrayContaining(['达州市鲜达农产品配送有限公司', '达州市川东肉类食品有限公司']));
    expect(result.graph.nodes.filter((n) => n.kind === 'farm_base').map((n) => n.label)).toEqual(expect.arrayContaining(['宣汉县峰城镇蔬菜种植基地']));
  });

  it("follows the demo canteen's batches through the ledger into the meal of its latest production record", async () => {
    const canteen = await db.orgUnit.findUniqueOrThrow({ where: { code: '511702-S01-C1' } });
    const record = await db.productionRecord.findFirstOrThrow({ where: { canteenId: canteen.id }, orderBy: [{ day: 'desc' }, { version: 'desc' }] });
    const day = record.day.toISOString().slice(0, 10);
    const result = ZBackwardTrace.parse(await trace.backward(await actorOf('county_admin_tongchuan'), { canteenId: canteen.id, date: day }));
    const meal = result.meals.find((m) => m.meal === record.meal)!;
    expect(meal).toMatchObject({ day, servedTotal: record.servedTotal });
    expect(meal.dishes.length).toBeGreaterThan(0);
    // Every batch the meal names was issued to it that day, as its row's movements show.
    for (const batchId of meal.batchIds) {
      const row = result.rows.find((r) => r.batch.id === batchId)!;
      expect(row.stockMovements.some((m) => m.kind === 'stock_out' && m.meal === record.meal && m.occurredOn === day)).toBe(true);
    }
    // Every seeded batch is booked in: what is in stock is the ledger's balance.
    expect(result.rows.every((r) => r.batch.booked)).toBe(true);
  });

  it('changes nothing on a second run', async () => {
    const before = await fingerprint(db);
    expect(before.delivery_line!.rows).toBeGreaterThan(0);
    await seed(databaseUrl);
    expect(await fingerprint(db)).toEqual(before);
  }, 120_000);
});
