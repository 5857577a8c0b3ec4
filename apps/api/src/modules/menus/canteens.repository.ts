import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, scopeWhere } from '@/common/tenancy/scope';

export interface MenuCanteen {
  id: string;
  name: string;
  path: string;
  school: { id: string; name: string; kind: string; enrolment: number | null; path: string };
}

/** The canteen a plan, record or report is for, with the school whose enrolment and kind bound it. */
@Injectable()
export class CanteensRepository {
  constructor(readonly prisma: PrismaService) {}

  async findCanteen(scope: Scope, id: string, tx: Tx = this.prisma): Promise<MenuCanteen | null> {
    const row = await tx.orgUnit.findFirst({
      where: { id, level: 'canteen', ...scopeWhere(scope) },
      select: { id: true, name: true, path: true, parent: { select: { id: true, name: true, kind: true, enrolment: true, path: true } } },
    });
    if (!row?.parent) return null;
    return { id: row.id, name: row.name, path: row.path, school: row.parent };
  }

  /** Contracts of the canteen's school that cover the canteen on `day`, with their supplier's standing. */
  contractsOn(scope: Scope, canteen: MenuCanteen, day: string) {
    const date = new Date(`${day}T00:00:00Z`);
    return this.prisma.supplyContract.findMany({
      where: {
        schoolId: canteen.school.id,
        school: scopeWhere(scope),
        canteenIds: { has: canteen.id },
        validFrom: { lte: date },
        validTo: { gte: date },
        OR: [{ endedOn: null }, { endedOn: { gte: date } }],
        supplier: { blacklistedAt: null },
      },
      select: { id: true, code: true, categories: true, supplier: { select: { id: true, name: true } } },
      orderBy: { code: 'asc' },
    });
  }
}
