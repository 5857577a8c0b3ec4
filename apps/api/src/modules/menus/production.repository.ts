import { Injectable } from '@nestjs/common';
import type { AgeBand, Meal } from '@canteen/shared';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';
import { type CanteenPeriod, fromDay } from './plans.repository';

export const RECORD_SELECT = {
  id: true,
  day: true,
  meal: true,
  version: true,
  planVersionId: true,
  servedTotal: true,
  note: true,
  reason: true,
  createdById: true,
  createdAt: true,
  canteen: { select: { id: true, name: true } },
  planVersion: { select: { id: true, planId: true, version: true } },
  served: { select: { ageBand: true, headcount: true } },
  leftovers: { select: { dishVersionId: true, grams: true, dishVersion: { select: { dishId: true, name: true } } } },
} as const;
export type RecordRow = Prisma.ProductionRecordGetPayload<{ select: typeof RECORD_SELECT }>;

export interface NewRecord {
  canteenId: string;
  day: string;
  meal: Meal;
  version: number;
  planVersionId: string;
  served: { ageBand: AgeBand; headcount: number }[];
  leftovers: { dishVersionId: string; grams: number }[];
  note: string | null;
  reason: string | null;
  createdById: string;
}

/** 生产记录: append-only versions per canteen, day and meal. */
@Injectable()
export class ProductionRepository {
  constructor(readonly prisma: PrismaService) {}

  findLatest(scope: Scope, canteenId: string, day: string, meal: Meal, tx: Tx = this.prisma): Promise<RecordRow | null> {
    return tx.productionRecord.findFirst({
      where: { canteenId, day: fromDay(day), meal, canteen: scopeWhere(scope) },
      orderBy: { version: 'desc' },
      select: RECORD_SELECT,
    });
  }

  history(scope: Scope, canteenId: string, day: string, meal: Meal): Promise<RecordRow[]> {
    return this.prisma.productionRecord.findMany({
      where: { canteenId, day: fromDay(day), meal, canteen: scopeWhere(scope) },
      orderBy: { version: 'desc' },
      select: RECORD_SELECT,
    });
  }

  /** The newest version of each meal's record in each canteen's period, read at once for all the canteens. */
  async latestInPeriod(scope: Scope, periods: CanteenPeriod[]): Promise<RecordRow[]> {
    if (periods.length === 0) return [];
    const rows = await this.prisma.productionRecord.findMany({
      where: { OR: periods.map(({ canteenId, from, to }) => ({ canteenId, day: { gte: fromDay(from), lte: fromDay(to) } })), canteen: scopeWhere(scope) },
      orderBy: [{ canteenId: 'asc' }, { day: 'asc' }, { meal: 'asc' }, { version: 'desc' }],
      select: RECORD_SELECT,
    });
    const seen = new Set<string>();
    return rows.filter((row) => {
      const key = `${row.canteen.id}/${row.day.toISOString()}/${row.meal}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  async create(tx: Tx, scope: Scope, canteenPath: string, record: NewRecord): Promise<RecordRow> {
    assertInScope(scope, canteenPath);
    const { served, leftovers, day, ...data } = record;
    return tx.productionRecord.create({
      data: {
        ...data,
        day: fromDay(day),
        servedTotal: served.reduce((sum, s) => sum + s.headcount, 0),
        served: { createMany: { data: served } },
        leftovers: { createMany: { data: leftovers } },
      },
      select: RECORD_SELECT,
    });
  }
}
