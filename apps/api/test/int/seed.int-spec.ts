import { ORG_KINDS, type OrgLevel, ROLE_LEVELS, type Role } from '@canteen/shared';
import { verifyPassword } from '@/common/auth/password';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { seed } from '../../../../prisma/seed/seed';
import { ACCOUNTS } from '../../../../prisma/seed/tree';

/**
 * The demo seed against the run's throw-away database. Other test files share that database, so
 * nothing here counts rows globally except before and after a run of the seed itself.
 */

/** Row count and a digest of every row, for each table of the schema. */
async function fingerprint(): Promise<Record<string, { rows: number; digest: string }>> {
  const db = testPrisma();
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const result: Record<string, { rows: number; digest: string }> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ rows: bigint; digest: string | null }[]>(
      `SELECT count(*) AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM "${name}" t`,
    );
    result[name] = { rows: Number(row!.rows), digest: row!.digest ?? '' };
  }
  return result;
}

describe('demo seed', () => {
  const databaseUrl = process.env.DATABASE_URL!;
  let first: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    first = await seed(databaseUrl);
  }, 180_000);
  afterAll(() => closeTestPrisma());

  it('creates the tree and the accounts on its first run', () => {
    expect(first.unitsCreated).toBeGreaterThan(90);
    expect(first.accountsCreated).toBe(ACCOUNTS.length);
  });

  it('creates and changes nothing on a second run', async () => {
    const before = await fingerprint();
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(['org_unit', 'app_user', 'supplier', 'connection_event', 'audit_log']),
    );
    const second = await seed(databaseUrl);
    expect(second).toEqual({ unitsCreated: 0, accountsCreated: 0 });
    const after = await fingerprint();
    for (const table of Object.keys(before)) {
      expect({ table, rows: after[table]!.rows }).toEqual({ table, rows: before[table]!.rows });
    }
    expect(after).toEqual(before);
  }, 180_000);

  it('refuses to run with NODE_ENV=production, touching nothing', async () => {
    const before = await fingerprint();
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(seed(databaseUrl)).rejects.toThrow(/NODE_ENV=production/);
    } finally {
      process.env.NODE_ENV = saved;
    }
    expect(process.env.NODE_ENV).toBe(saved);
    expect(await fingerprint()).toEqual(before);
  });

  describe('shape', () => {
    const unitByCode = (code: string) =>
      testPrisma().orgUnit.findUniqueOrThrow({ where: { code } });
    const children = (parentId: string) =>
      testPrisma().orgUnit.findMany({ where: { parentId }, orderBy: { code: 'asc' } });

    it('is 四川省 > 达州市 with its nine county-level units, including the two zones', async () => {
      const province = await unitByCode('510000');
      expect(province).toMatchObject({
        name: '四川省',
        level: 'province',
        parentId: null,
        depth: 0,
        path: `/${province.id}/`,
      });
      const dazhou = await unitByCode('511700');
      expect(dazhou).toMatchObject({ name: '达州市', level: 'city', parentId: province.id });
      const counties = await children(dazhou.id);
      expect(counties).toHaveLength(9);
      expect(counties.map((c) => c.name)).toEqual(
        expect.arrayContaining([
          '通川区',
          '达川区',
          '万源市',
          '宣汉县',
          '开江县',
          '大竹县',
          '渠县',
          '达州高新区',
          '达州东部经开区',
        ]),
      );
      for (const county of counties) {
        expect(county.level).toBe('county');
        expect(ORG_KINDS.county as readonly string[]).toContain(county.kind);
      }
      expect(
        counties
          .filter((c) => c.kind === 'zone')
          .map((c) => c.name)
          .sort(),
      ).toEqual(['达州东部经开区', '达州高新区'].sort());
      expect(counties.find((c) => c.name === '万源市')!.kind).toBe('county_city');
    });

    it('has 巴中市 with at least one county', async () => {
      const province = await unitByCode('510000');
      const bazhong = await unitByCode('511900');
      expect(bazhong).toMatchObject({ name: '巴中市', level: 'city', parentId: province.id });
      const counties = await children(bazhong.id);
      expect(counties.length).toBeGreaterThanOrEqual(1);
      expect(counties.every((c) => c.level === 'county')).toBe(true);
    });

    it('has at least 40 schools, each with at least one canteen', async () => {
      const province = await unitByCode('510000');
      const schools = await testPrisma().orgUnit.findMany({
        where: { level: 'school', path: { startsWith: province.path } },
        select: { name: true, kind: true, children: { select: { level: true } } },
      });
      expect(schools.length).toBeGreaterThanOrEqual(40);
      for (const school of schools) {
        expect(ORG_KINDS.school as readonly string[]).toContain(school.kind);
        expect({
          school: school.name,
          canteens: school.children.filter((c) => c.level === 'canteen').length >= 1,
        }).toEqual({ school: school.name, canteens: true });
        expect(school.children.every((c) => c.level === 'canteen')).toBe(true);
      }
    });

    it('keeps every path, depth and level consistent with its parent', async () => {
      const province = await unitByCode('510000');
      const units = await testPrisma().orgUnit.findMany({
        where: { path: { startsWith: province.path } },
      });
      const byId = new Map(units.map((u) => [u.id, u]));
      const levels: OrgLevel[] = ['province', 'city', 'county', 'school', 'canteen'];
      for (const unit of units) {
        expect(unit.level).toBe(levels[unit.depth]);
        if (unit.parentId === null) continue;
        const parent = byId.get(unit.parentId)!;
        expect(unit.path).toBe(`${parent.path}${unit.id}/`);
        expect(unit.depth).toBe(parent.depth + 1);
      }
    });

    it('gives each canteen the status of its last connection event, and no one else a status', async () => {
      const province = await unitByCode('510000');
      const units = await testPrisma().orgUnit.findMany({
        where: { path: { startsWith: province.path } },
        select: {
          level: true,
          connectionStatus: true,
          connectedAt: true,
          connectionEvents: {
            orderBy: { occurredAt: 'desc' },
            take: 1,
            select: { toStatus: true },
          },
        },
      });
      const canteens = units.filter((u) => u.level === 'canteen');
      expect(new Set(canteens.map((c) => c.connectionStatus))).toEqual(
        new Set(['connected', 'not_connected', 'suspended']),
      );
      for (const canteen of canteens) {
        expect(canteen.connectionStatus).toBe(
          canteen.connectionEvents[0]?.toStatus ?? 'not_connected',
        );
        if (canteen.connectionStatus === 'not_connected') expect(canteen.connectedAt).toBeNull();
      }
      expect(units.filter((u) => u.level !== 'canteen' && u.connectionStatus !== null)).toEqual([]);
    });

    it('lets every demo account sign in with Demo@2026, at a unit its role belongs to', async () => {
      expect(ACCOUNTS.map((a) => a.role).sort()).toEqual(
        expect.arrayContaining([
          'operator',
          'official_admin',
          'official_viewer',
          'principal',
          'canteen_manager',
          'canteen_staff',
          'supplier',
        ]),
      );
      for (const account of ACCOUNTS) {
        const user = await testPrisma().user.findUniqueOrThrow({
          where: { username: account.username },
          select: {
            role: true,
            passwordHash: true,
            mustChangePassword: true,
            disabledAt: true,
            lockedUntil: true,
            supplierId: true,
            orgUnit: { select: { code: true, level: true } },
          },
        });
        expect({
          username: account.username,
          role: user.role,
          unit: user.orgUnit?.code ?? null,
        }).toEqual({
          username: account.username,
          role: account.role,
          unit: account.unitCode ?? null,
        });
        expect(user).toMatchObject({
          mustChangePassword: false,
          disabledAt: null,
          lockedUntil: null,
        });
        expect({
          username: account.username,
          verified: await verifyPassword(user.passwordHash, 'Demo@2026'),
        }).toEqual({ username: account.username, verified: true });
        expect(await verifyPassword(user.passwordHash, 'demo@2026')).toBe(false);
        const levels = ROLE_LEVELS[account.role as Role];
        if (account.role === 'supplier') {
          expect(user.orgUnit).toBeNull();
          expect(user.supplierId).not.toBeNull();
        } else {
          expect(levels).toContain(user.orgUnit!.level);
        }
      }
    });
  });
});
