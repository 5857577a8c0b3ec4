import type { Role } from '@canteen/shared';
import { hashPassword } from '@/common/auth/password';
import { testPrisma } from './prisma';
import type { TestUnit } from './tree.factory';

export const TEST_PASSWORD = 'Test@2026pw';
let passwordHash: Promise<string> | undefined;
let counter = 0;

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  password: string;
}

export async function createUser(role: Role, unit: TestUnit | null, options: { mustChangePassword?: boolean; supplierId?: string; displayName?: string } = {}): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const username = `u${Date.now().toString(36)}${(counter++).toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const row = await testPrisma().user.create({
    data: {
      username,
      displayName: options.displayName ?? `测试${role}`,
      role,
      orgUnitId: unit?.id ?? null,
      supplierId: options.supplierId ?? null,
      passwordHash: await passwordHash,
      mustChangePassword: options.mustChangePassword ?? false,
    },
  });
  return { id: row.id, username, role, password: TEST_PASSWORD };
}
