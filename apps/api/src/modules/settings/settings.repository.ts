import { Injectable } from '@nestjs/common';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';

const UNIT_SELECT = { id: true, name: true, level: true, path: true, parentId: true } as const;
export type SettingUnitRow = Prisma.OrgUnitGetPayload<{ select: typeof UNIT_SELECT }>;

const SETTING_SELECT = {
  key: true,
  value: true,
  updatedAt: true,
  orgUnit: { select: { id: true, name: true, level: true, depth: true } },
} as const;
export type SettingRow = Prisma.OrgSettingGetPayload<{ select: typeof SETTING_SELECT }>;

@Injectable()
export class SettingsRepository {
  constructor(readonly prisma: PrismaService) {}

  findUnit(scope: Scope, id: string): Promise<SettingUnitRow | null> {
    return this.prisma.orgUnit.findFirst({ where: { id, ...scopeWhere(scope) }, select: UNIT_SELECT });
  }

  /**
   * The values stored on a unit and on each of its ancestors (its path lists their ids), nearest
   * last. Inheritance reads above the asker's subtree by design; callers have read the unit in scope.
   */
  async inherited(orgUnitId: string, keys: readonly string[], tx: Tx = this.prisma): Promise<{ unit: SettingUnitRow; rows: SettingRow[] } | null> {
    const unit = await tx.orgUnit.findUnique({ where: { id: orgUnitId }, select: UNIT_SELECT });
    if (!unit) return null;
    const rows = await tx.orgSetting.findMany({
      where: { orgUnitId: { in: unit.path.split('/').filter(Boolean) }, key: { in: [...keys] } },
      select: SETTING_SELECT,
      orderBy: { orgUnit: { depth: 'asc' } },
    });
    return { unit, rows };
  }

  findOwn(tx: Tx, scope: Scope, unit: SettingUnitRow, key: string) {
    assertInScope(scope, unit.path);
    return tx.orgSetting.findUnique({ where: { orgUnitId_key: { orgUnitId: unit.id, key } }, select: { id: true, value: true, reason: true, updatedAt: true } });
  }

  upsert(tx: Tx, scope: Scope, unit: SettingUnitRow, key: string, value: Prisma.InputJsonValue, reason: string, userId: string) {
    assertInScope(scope, unit.path);
    const data = { value, reason, updatedById: userId, updatedAt: new Date() };
    return tx.orgSetting.upsert({
      where: { orgUnitId_key: { orgUnitId: unit.id, key } },
      create: { orgUnitId: unit.id, key, ...data },
      update: data,
      select: { id: true },
    });
  }

  async remove(tx: Tx, scope: Scope, unit: SettingUnitRow, key: string): Promise<void> {
    assertInScope(scope, unit.path);
    await tx.orgSetting.delete({ where: { orgUnitId_key: { orgUnitId: unit.id, key } } });
  }
}
