import { randomUUID } from 'node:crypto';
import type { ColdChain, FoodGroup } from '@canteen/shared';
import { testPrisma } from './prisma';
import type { TestUnit } from './tree.factory';

let counter = 0;
const tag = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.floor(Math.random() * 1e4)}`;

export interface TestSupplier {
  id: string;
  name: string;
  creditCode: string;
}

export async function createSupplier(options: { name?: string; blacklisted?: boolean } = {}): Promise<TestSupplier> {
  const t = tag();
  return testPrisma().supplier.create({
    data: {
      name: options.name ?? `测试配送公司${t}`,
      creditCode: `91TEST${t}`.toUpperCase().slice(0, 18).padEnd(18, '0'),
      contactName: '测试联系人',
      contactPhone: '13800000000',
      ...(options.blacklisted ? { blacklistedAt: new Date(), blacklistReason: '列入严重违法失信名单' } : {}),
    },
    select: { id: true, name: true, creditCode: true },
  });
}

export async function createFarmBase(supplier: TestSupplier, name = `测试基地${tag()}`) {
  return testPrisma().farmBase.create({ data: { supplierId: supplier.id, name, region: '四川省达州市' }, select: { id: true, name: true } });
}

export interface TestIngredient {
  id: string;
  code: string;
  name: string;
  category: string;
  unit: string;
}

export async function createIngredient(
  options: { name?: string; category?: FoodGroup; unit?: string; coldChain?: ColdChain; quarantineRequired?: boolean; shelfLifeDays?: number | null } = {},
): Promise<TestIngredient> {
  const t = tag();
  return testPrisma().ingredient.create({
    data: {
      code: `ING-${t}`,
      name: options.name ?? `测试食材${t}`,
      category: options.category ?? 'vegetables',
      unit: options.unit ?? 'kg',
      coldChain: options.coldChain ?? 'ambient',
      quarantineRequired: options.quarantineRequired ?? false,
      shelfLifeDays: options.shelfLifeDays === undefined ? 7 : options.shelfLifeDays,
    },
    select: { id: true, code: true, name: true, category: true, unit: true },
  });
}

/** A contract of the supplier with a school, for some of its canteens and food groups. */
export async function createContract(
  supplier: TestSupplier,
  school: TestUnit,
  canteens: TestUnit[],
  options: { categories?: FoodGroup[]; validFrom?: string; validTo?: string } = {},
) {
  return testPrisma().supplyContract.create({
    data: {
      id: randomUUID(),
      code: `HT-${tag()}`,
      supplierId: supplier.id,
      schoolId: school.id,
      canteenIds: canteens.map((c) => c.id),
      categories: options.categories ?? ['vegetables', 'livestock', 'grains', 'eggs', 'fruit', 'fish', 'milk', 'soy_nuts', 'oil', 'salt', 'condiment'],
      validFrom: new Date(`${options.validFrom ?? '2026-01-01'}T00:00:00Z`),
      validTo: new Date(`${options.validTo ?? '2027-12-31'}T00:00:00Z`),
    },
    select: { id: true, code: true },
  });
}

/**
 * Links catalogue ingredients to new fresh-vegetable foods of the composition table (one each, with
 * codes of their own, since other suites share the table): a day's fresh vegetables are counted by
 * the foods its ingredients link to, by kind and colour.
 */
export async function linkVegetableFoods(links: { ingredientId: string; name: string; colour: 'dark' | 'light' }[]): Promise<void> {
  const t = tag();
  const code = (i: number) => `E2E-VEG-${t}-${i}`;
  await testPrisma().foodComposition.createMany({
    data: links.map((link, i) => ({
      code: code(i),
      name: link.name,
      foodGroup: 'vegetables',
      vegetableColour: link.colour,
      ediblePercent: 100,
      energyKcal: 25, proteinG: 2, fatG: 0.3, carbohydrateG: 4.5, fibreG: 1.5, calciumMg: 60, ironMg: 1, zincMg: 0.5, vitaminAUg: 100, vitaminCMg: 30, sodiumMg: 50,
      source: 'e2e',
      importedBy: 'e2e',
    })),
  });
  for (const [i, link] of links.entries()) await testPrisma().ingredient.update({ where: { id: link.ingredientId }, data: { foodCode: code(i) } });
}
