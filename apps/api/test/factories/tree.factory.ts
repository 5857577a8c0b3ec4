import { randomUUID } from 'node:crypto';
import type { OrgLevel } from '@canteen/shared';
import { testPrisma } from './prisma';

export interface TestUnit {
  id: string;
  code: string;
  name: string;
  level: OrgLevel;
  path: string;
}

let counter = 0;
const uniqueTag = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.floor(Math.random() * 1e4)}`;

export async function createUnit(parent: TestUnit | null, level: OrgLevel, name: string, kind: string, extra: { connectionStatus?: string } = {}): Promise<TestUnit> {
  const id = randomUUID();
  const row = await testPrisma().orgUnit.create({
    data: {
      id,
      code: `T${uniqueTag()}`,
      name,
      level,
      kind,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: parent ? parent.path.split('/').filter(Boolean).length : 0,
      connectionStatus: level === 'canteen' ? (extra.connectionStatus ?? 'not_connected') : null,
      // As in real data, a canteen's status is the last of its connection events.
      ...(extra.connectionStatus && extra.connectionStatus !== 'not_connected'
        ? { connectionEvents: { create: { fromStatus: 'not_connected', toStatus: extra.connectionStatus, reason: '测试数据' } } }
        : {}),
    },
  });
  return { id: row.id, code: row.code, name: row.name, level, path: row.path };
}

/**
 * A small tree of its own for each test file:
 * province > cityA > {countyA > schoolA > {canteenA1, canteenA2}, countyB > schoolB > canteenB}, cityB > countyC > schoolC > canteenC
 */
export async function createTree() {
  const province = await createUnit(null, 'province', '测试省', 'province');
  const cityA = await createUnit(province, 'city', '甲市', 'city');
  const cityB = await createUnit(province, 'city', '乙市', 'city');
  const countyA = await createUnit(cityA, 'county', '甲一区', 'district');
  const countyB = await createUnit(cityA, 'county', '甲二县', 'county');
  const countyC = await createUnit(cityB, 'county', '乙一区', 'district');
  const schoolA = await createUnit(countyA, 'school', '甲一区实验小学', 'primary');
  const schoolB = await createUnit(countyB, 'school', '甲二县第一中学', 'middle');
  const schoolC = await createUnit(countyC, 'school', '乙一区第一小学', 'primary');
  const canteenA1 = await createUnit(schoolA, 'canteen', '学生食堂', 'canteen', { connectionStatus: 'connected' });
  const canteenA2 = await createUnit(schoolA, 'canteen', '教师食堂', 'canteen');
  const canteenB = await createUnit(schoolB, 'canteen', '学生食堂', 'canteen', { connectionStatus: 'connected' });
  const canteenC = await createUnit(schoolC, 'canteen', '学生食堂', 'canteen', { connectionStatus: 'suspended' });
  return { province, cityA, cityB, countyA, countyB, countyC, schoolA, schoolB, schoolC, canteenA1, canteenA2, canteenB, canteenC };
}
export type TestTree = Awaited<ReturnType<typeof createTree>>;
