import { hash } from '@node-rs/argon2';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../apps/api/src/generated/prisma/client';
import { seedMenus } from './menus';
import { seedNutrition } from './nutrition';
import { seedLedger } from './ledger';
import { seedFeedback } from './feedback';
import { seedWarningEvents } from './warnings';
import { demoFileStore, seedSupply } from './supply';
import { ACCOUNTS, DEMO_PASSWORD, DEMO_SUPPLIER, type SeedUnit, TREE } from './tree';

const LEVELS = ['province', 'city', 'county', 'school', 'canteen'] as const;

// Deterministic variety: most canteens connected, some not yet, a few suspended.
function connectionOf(index: number): 'connected' | 'not_connected' | 'suspended' {
  if (index % 11 === 5) return 'suspended';
  if (index % 7 === 3) return 'not_connected';
  return 'connected';
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

export interface SeedResult {
  unitsCreated: number;
  accountsCreated: number;
}

/**
 * Loads the demo data. Idempotent: every row is keyed by its code or username and created only
 * when missing, so a second run changes nothing.
 */
export async function seed(databaseUrl: string): Promise<SeedResult> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('The demo seed refuses to run with NODE_ENV=production.');
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  const result: SeedResult = { unitsCreated: 0, accountsCreated: 0 };
  let canteenIndex = 0;
  try {
    const ids = new Map<string, string>();
    const visit = async (unit: SeedUnit, parent: { id: string; path: string; depth: number } | null) => {
      const depth = parent ? parent.depth + 1 : 0;
      const level = LEVELS[depth]!;
      let row = await prisma.orgUnit.findUnique({ where: { code: unit.code }, select: { id: true, path: true } });
      if (!row) {
        const id = crypto.randomUUID();
        const status = level === 'canteen' ? connectionOf(canteenIndex) : null;
        // Connection dates spread over the last ~10 weeks, so the 接入率 trend has a history to show.
        const connectedAt = status === 'not_connected' ? null : daysAgo(5 + ((canteenIndex * 7) % 70));
        row = await prisma.orgUnit.create({
          data: {
            id,
            code: unit.code,
            name: unit.name,
            kind: unit.kind,
            level,
            parentId: parent?.id ?? null,
            path: `${parent?.path ?? '/'}${id}/`,
            depth,
            address: unit.address ?? null,
            enrolment: unit.enrolment ?? null,
            connectionStatus: status,
            connectedAt,
            ...(status && status !== 'not_connected'
              ? {
                  connectionEvents: {
                    create: [
                      { fromStatus: 'not_connected', toStatus: 'connected', reason: '完成明厨亮灶设备安装与平台对接', occurredAt: connectedAt! },
                      ...(status === 'suspended'
                        ? [{ fromStatus: 'connected', toStatus: 'suspended', reason: '食堂改造施工，暂停接入', occurredAt: daysAgo(3) }]
                        : []),
                    ],
                  },
                }
              : {}),
          },
          select: { id: true, path: true },
        });
        result.unitsCreated++;
      }
      if (level === 'canteen') canteenIndex++;
      ids.set(unit.code, row.id);
      for (const child of unit.children ?? []) await visit(child, { id: row.id, path: row.path, depth });
    };
    await visit(TREE, null);

    const supplier = await prisma.supplier.upsert({
      where: { creditCode: DEMO_SUPPLIER.creditCode },
      create: DEMO_SUPPLIER,
      update: {},
      select: { id: true },
    });

    const passwordHash = await hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    for (const account of ACCOUNTS) {
      const exists = await prisma.user.findUnique({ where: { username: account.username }, select: { id: true } });
      if (exists) continue;
      await prisma.user.create({
        data: {
          username: account.username,
          displayName: account.displayName,
          phone: account.phone ?? null,
          role: account.role,
          orgUnitId: account.unitCode ? ids.get(account.unitCode)! : null,
          supplierId: account.role === 'supplier' ? supplier.id : null,
          passwordHash,
          mustChangePassword: false,
        },
      });
      result.accountsCreated++;
    }

    await seedSupply(prisma);
    await seedNutrition(prisma);
    // After the catalogue's nutrition links: recipes convert edible grams with them.
    const menus = await seedMenus(prisma);
    // Last: the month's stock-outs follow the menus' recipes and served headcounts.
    await seedLedger(prisma, { storeFile: demoFileStore(prisma), planIssues: menus.planIssues });
    await seedFeedback(prisma, { storeFile: demoFileStore(prisma) });
    // After the ledger: the events its history implies, for the rule engine to raise the demo alerts.
    await seedWarningEvents(prisma);
    return result;
  } finally {
    await prisma.$disconnect();
  }
}
