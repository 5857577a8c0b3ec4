import { Injectable } from '@nestjs/common';
import { isUuid } from '@/common/ids';
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
    return this.prisma.orgUnit.findFirst({
      where: { id, ...scopeWhere(scope) },
      select: UNIT_SELECT,
    });
  }

  /**
   * The values stored on a unit and on each of its ancestors (its path lists their ids), nearest
   * last. Inheritance reads above the asker's subtree by design; callers have read the unit in scope.
   */
  async inherited(
    orgUnitId: string,
    keys: readonly string[],
    tx: Tx = this.prisma,
  ): Promise<{ unit: SettingUnitRow; rows: SettingRow[] } | null> {
    return (await this.inheritedMany([orgUnitId], keys, tx)).get(orgUnitId) ?? null;
  }

  /** `inherited` for many units at once, in two queries; units that do not exist are left out. */
  async inheritedMany(
    orgUnitIds: string[],
    keys: readonly string[],
    tx: Tx = this.prisma,
  ): Promise<Map<string, { unit: SettingUnitRow; rows: SettingRow[] }>> {
    const units = await tx.orgUnit.findMany({
      where: { id: { in: orgUnitIds.filter((id) => isUuid(id)) } },
      select: UNIT_SELECT,
    });
    const onPaths = new Set(units.flatMap((unit) => unit.path.split('/').filter(Boolean)));
    const rows =
      units.length === 0
        ? []
        : await tx.orgSetting.findMany({
            where: { orgUnitId: { in: [...onPaths] }, key: { in: [...keys] } },
            select: SETTING_SELECT,
            orderBy: { orgUnit: { depth: 'asc' } },
          });
    return new Map(
      units.map((unit) => [
        unit.id,
        { unit, rows: rows.filter((row) => unit.path.includes(`/${row.orgUnit.id}/`)) },
      ]),
    );
  }

  findOwn(tx: Tx, scope: Scope, unit: SettingUnitRow, key: string) {
    assertInScope(scope, unit.path);
    return tx.orgSetting.findUnique({
      where: { orgUnitId_key: { orgUnitId: unit.id, key } },
      select: { id: true, value: true, reason: true, updatedAt: true },
    });
  }

  upsert(
    tx: Tx,
    scope: Scope,
    unit: SettingUnitRow,
    key: string,
    value: Prisma.InputJsonValue,
    reason: string,
    userId: string,
  ) {
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
