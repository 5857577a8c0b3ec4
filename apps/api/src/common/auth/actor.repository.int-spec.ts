import { randomUUID } from 'node:crypto';
import { ROLE_PERMISSIONS } from '@canteen/shared';
import { loadConfig } from '@/common/config/config';
import { PrismaService } from '@/common/prisma/prisma.service';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createSupplier } from '@test/factories/supply.factory';
import { createUnit } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { ActorRepository, toActorIdentity } from './actor.repository';

/** The auth guard's one look-up per request, against the real schema. */

const prisma = new PrismaService(loadConfig());
const actors = new ActorRepository(prisma);

afterAll(async () => {
  await prisma.$disconnect();
  await closeTestPrisma();
});

describe('ActorRepository.findActiveUser', () => {
  it('loads a user of the tree with its unit, and an actor with the role’s permissions', async () => {
    const province = await createUnit(null, 'province', '身份省', 'province');
    const county = await createUnit(province, 'county', '身份区', 'district');
    const user = await createUser('official_admin', county, { mustChangePassword: true });
    const found = await actors.findActiveUser(user.id);
    expect(found).toEqual({
      id: user.id,
      username: user.username,
      displayName: '测试official_admin',
      role: 'official_admin',
      mustChangePassword: true,
      orgUnit: { id: county.id, name: '身份区', level: 'county', path: county.path },
      supplier: null,
    });
    expect(toActorIdentity(found!)).toMatchObject({ userId: user.id, permissions: ROLE_PERMISSIONS.official_admin, orgUnit: { level: 'county' } });
  });

  it('loads a supplier user with its supplier and no unit', async () => {
    const supplier = await createSupplier();
    const user = await createUser('supplier', null, { supplierId: supplier.id });
    expect(await actors.findActiveUser(user.id)).toMatchObject({ orgUnit: null, supplier: { id: supplier.id, name: supplier.name } });
  });

  it('sees a disabled account and a moved unit on the very next look-up, and nothing for an unknown id', async () => {
    const province = await createUnit(null, 'province', '调整省', 'province');
    const school = await createUnit(province, 'school', '调整小学', 'primary');
    const user = await createUser('canteen_staff', school);
    const movedPath = `/${randomUUID()}${school.path}`;
    await testPrisma().orgUnit.update({ where: { id: school.id }, data: { path: movedPath } });
    expect((await actors.findActiveUser(user.id))?.orgUnit?.path).toBe(movedPath);

    await testPrisma().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await actors.findActiveUser(user.id)).toBeNull();
    expect(await actors.findActiveUser(randomUUID())).toBeNull();
  });
});
