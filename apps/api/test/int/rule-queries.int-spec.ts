import { randomUUID } from 'node:crypto';
import { loadConfig } from '@/common/config/config';
import { PrismaService } from '@/common/prisma/prisma.service';
import { systemScope } from '@/common/tenancy/scope';
import { RuleQueriesRepository } from '@/modules/warnings/rule-queries.repository';
import { createDelivery } from '@test/e2e/trace-fixtures';
import { createAcceptedBatches, createStockedBatches, insertMovement, ledgerDay } from '@test/factories/ledger.factory';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createContract, createIngredient, createSupplier } from '@test/factories/supply.factory';
import { type TestUnit, createUnit } from '@test/factories/tree.factory';

/** The look-ups the warning rules make, against the real schema. */

jest.setTimeout(60_000);

const prisma = new PrismaService(loadConfig());
const queries = new RuleQueriesRepository(prisma);
const DAY_MS = 86_400_000;

async function tree() {
  const province = await createUnit(null, 'province', '规则省', 'province');
  const city = await createUnit(province, 'city', '规则市', 'city');
  const otherCity = await createUnit(province, 'city', '邻市', 'city');
  const county = await createUnit(city, 'county', '甲区', 'district');
  const county2 = await createUnit(city, 'county', '乙县', 'county');
  const otherCounty = await createUnit(otherCity, 'county', '丙区', 'district');
  const school = await createUnit(county, 'school', '一小', 'primary');
  const school2 = await createUnit(county2, 'school', '二小', 'primary');
  const otherSchool = await createUnit(otherCounty, 'school', '三小', 'primary');
  const canteen = (school: TestUnit, name: string, connectionStatus = 'connected') => createUnit(school, 'canteen', name, 'canteen', { connectionStatus });
  return {
    province,
    city,
    school,
    school2,
    otherSchool,
    canteenA: await canteen(school, '一小食堂'),
    canteenB: await canteen(school2, '二小食堂'),
    canteenC: await canteen(otherSchool, '三小食堂'),
    idle: await canteen(school2, '二小二食堂', 'not_connected'),
  };
}
let world: Awaited<ReturnType<typeof tree>>;

beforeAll(async () => {
  world = await tree();
});
afterAll(async () => {
  await prisma.$disconnect();
  await closeTestPrisma();
});

describe('ancestorAt', () => {
  it('finds the city above a canteen, and nothing outside the scope', async () => {
    expect(await queries.ancestorAt(systemScope(), world.canteenA.path, 'city')).toEqual({ id: world.city.id, name: '规则市', path: world.city.path });
    expect(await queries.ancestorAt(systemScope(world.canteenC.path), world.canteenA.path, 'city')).toBeNull();
  });
});

describe('referencePrices', () => {
  it('is the median of accepted lines in the city over the window, leaving out the manifest judged, rejected lines and other cities', async () => {
    const pork = await createIngredient({ category: 'livestock', unit: 'kg' });
    const now = Date.now();
    const accept = (canteen: TestUnit, unitPriceFen: number, daysAgo: number) =>
      createAcceptedBatches(canteen, [{ ingredient: pork, quantity: '10', unitPriceFen }], { acceptedAt: new Date(now - daysAgo * DAY_MS) });
    await accept(world.canteenA, 1000, 3);
    await accept(world.canteenB, 1400, 10);
    await accept(world.canteenA, 1200, 29);
    await accept(world.canteenA, 5000, 31);
    await accept(world.canteenC, 100, 2);
    const judged = await accept(world.canteenA, 9000, 0);
    // A rejected line of the same ingredient is no price paid.
    const supplier = await createSupplier();
    const contract = await createContract(supplier, world.school2, [world.canteenB]);
    await createDelivery({
      supplier,
      canteen: world.canteenB,
      contractId: contract.id,
      deliveryDate: ledgerDay(-1),
      acceptedAt: new Date(now - DAY_MS),
      lines: [{ ingredient: pork, lotCode: `REJ-${randomUUID()}`, quantity: '5', decision: 'reject', unitPriceFen: 8000, expiryDate: ledgerDay(3) }],
    });

    const prices = await queries.referencePrices(systemScope(world.city.path), [pork.id], new Date(now - 30 * DAY_MS), new Date(now + 1000), judged.manifestId);
    expect(prices).toEqual([{ ingredientId: pork.id, medianFen: 1200, samples: 3 }]);
    expect(await queries.referencePrices(systemScope(world.city.path), [], new Date(0), new Date(), judged.manifestId)).toEqual([]);
  });
});

describe('writeOffTotals', () => {
  it('sums the standing write-offs of the day up to a ledger sequence, and of the days before within the window', async () => {
    const fish = await createIngredient({ category: 'fish', unit: 'kg' });
    const canteen = await createUnit(world.school, 'canteen', '一小二食堂', 'canteen', { connectionStatus: 'connected' });
    const { batchIds } = await createStockedBatches(canteen, [{ ingredient: fish, quantity: '100', unitPriceFen: 1000, expiryDate: ledgerDay(60) }], { occurredOn: ledgerDay(-7) });
    const writeOff = (quantity: string, daysAgo: number) => insertMovement({ batchId: batchIds[0]!, kind: 'write_off', quantity: `-${quantity}`, occurredOn: ledgerDay(-daysAgo), reason: '变质' });
    await writeOff('1', 6);
    await writeOff('2', 3);
    const reversed = await writeOff('4', 2);
    await insertMovement({ batchId: batchIds[0]!, kind: 'reversal', quantity: '4', occurredOn: ledgerDay(-2), reversesId: reversed.id, reason: '误录' });
    await writeOff('3', 0);
    const judged = await writeOff('5', 0);
    await writeOff('7', 0);
    await insertMovement({ batchId: batchIds[0]!, kind: 'stock_out', quantity: '-10', occurredOn: ledgerDay(0), meal: 'lunch' });

    const scope = systemScope(canteen.path);
    expect(await queries.writeOffTotals(scope, canteen.id, ledgerDay(0), 30, judged.seq)).toEqual({ dayFen: 8000, previousFen: 3000 });
    expect(await queries.writeOffTotals(scope, canteen.id, ledgerDay(0), 4, judged.seq)).toEqual({ dayFen: 8000, previousFen: 2000 });
    expect(await queries.writeOffTotals(systemScope(world.canteenC.path), canteen.id, ledgerDay(0), 30, judged.seq)).toEqual({ dayFen: 0, previousFen: 0 });
  });
});

describe('canteensWithoutPublishedPlan', () => {
  it('lists connected canteens of the scope without a published plan for the week', async () => {
    const weekStart = '2026-12-07';
    const plan = (canteen: TestUnit, status: string) =>
      testPrisma().mealPlan.create({ data: { canteenId: canteen.id, weekStart: new Date(`${weekStart}T00:00:00Z`), status, createdById: randomUUID() } });
    await plan(world.canteenA, 'published');
    await plan(world.canteenB, 'draft');
    const missing = await queries.canteensWithoutPublishedPlan(systemScope(world.city.path), weekStart);
    const ids = missing.map((canteen) => canteen.id);
    expect(ids).toContain(world.canteenB.id);
    expect(ids).not.toContain(world.canteenA.id);
    expect(ids).not.toContain(world.idle.id);
    expect(ids).not.toContain(world.canteenC.id);
    expect(missing.find((canteen) => canteen.id === world.canteenB.id)).toEqual({ id: world.canteenB.id, name: '二小食堂', path: world.canteenB.path });
    expect((await queries.canteensWithoutPublishedPlan(systemScope(world.city.path), '2026-12-14')).map((canteen) => canteen.id)).toContain(world.canteenA.id);
  });
});

describe('contractedSchools', () => {
  it('lists the schools of the scope with a contract in force on the day, once each', async () => {
    const supplier = await createSupplier();
    await createContract(supplier, world.school, [world.canteenA], { validFrom: '2026-01-01', validTo: '2026-12-31' });
    await createContract(supplier, world.school, [world.canteenA], { validFrom: '2026-06-01', validTo: '2027-05-31' });
    const ended = await createContract(supplier, world.school2, [world.canteenB], { validFrom: '2026-01-01', validTo: '2026-12-31' });
    await testPrisma().supplyContract.update({ where: { id: ended.id }, data: { endedOn: new Date('2026-10-31T00:00:00Z'), endReason: '提前终止' } });
    await createContract(supplier, world.otherSchool, [world.canteenC], { validFrom: '2026-01-01', validTo: '2026-12-31' });

    const onDay = (day: string, scope = systemScope(world.city.path)) => queries.contractedSchools(scope, supplier.id, day).then((rows) => rows.map((row) => row.id));
    expect(await onDay('2026-11-27')).toEqual([world.school.id]);
    expect(await onDay('2026-10-31')).toEqual(expect.arrayContaining([world.school.id, world.school2.id]));
    expect(await onDay('2027-06-01')).toEqual([]);
    expect(await onDay('2026-11-27', systemScope(world.province.path))).toHaveLength(2);
    expect(await queries.contractedSchools(systemScope(world.city.path), (await createSupplier()).id, '2026-11-27')).toEqual([]);
  });
});
