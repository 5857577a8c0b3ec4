import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AgeBand, type TPlanQuery, addDays } from '@canteen/shared';
import { type Prisma, PrismaService, type Tx } from '@/common/prisma/prisma.service';
import { type Scope, assertInScope, scopeWhere } from '@/common/tenancy/scope';
import type { PlannedEntry } from './menu-rules';

export const fromDay = (day: string) => new Date(`${day}T00:00:00Z`);
export const toDay = (date: Date) => date.toISOString().slice(0, 10);

const VERSION_SUMMARY_SELECT = {
  id: true,
  version: true,
  status: true,
  ageBands: true,
  reason: true,
  createdById: true,
  createdAt: true,
  publishedById: true,
  publishedAt: true,
} as const;

const ENTRY_SELECT = {
  id: true,
  day: true,
  meal: true,
  ageBand: true,
  headcount: true,
  dishes: {
    orderBy: { position: 'asc' },
    select: {
      dishVersionId: true,
      dishVersion: { select: { id: true, dishId: true, version: true, name: true, cookingMethod: true, allergens: true, photoFileId: true } },
    },
  },
} as const;
export type EntryRow = Prisma.MealPlanEntryGetPayload<{ select: typeof ENTRY_SELECT }>;

export const PLAN_SELECT = {
  id: true,
  weekStart: true,
  status: true,
  currentVersion: true,
  createdAt: true,
  canteen: { select: { id: true, name: true, path: true, parent: { select: { id: true, name: true, kind: true, enrolment: true, path: true } } } },
} as const;
export type PlanHeadRow = Prisma.MealPlanGetPayload<{ select: typeof PLAN_SELECT }>;
export type PlanVersionRow = Prisma.MealPlanVersionGetPayload<{ select: typeof VERSION_SUMMARY_SELECT }>;
export type PlanRow = PlanHeadRow & { version: PlanVersionRow };

/** A canteen and the days (inclusive) a read covers for it. */
export interface CanteenPeriod {
  canteenId: string;
  from: string;
  to: string;
}

export interface PlanContent {
  ageBands: { ageBand: AgeBand; headcount: number }[];
  reason: string | null;
  entries: PlannedEntry[];
}

/** Weekly meal plans of canteens, read by the canteen's path. */
@Injectable()
export class PlansRepository {
  constructor(readonly prisma: PrismaService) {}

  async findById(scope: Scope, id: string, tx: Tx = this.prisma): Promise<PlanRow | null> {
    const head = await tx.mealPlan.findFirst({ where: { id, canteen: scopeWhere(scope) }, select: PLAN_SELECT });
    if (!head) return null;
    const version = await tx.mealPlanVersion.findFirst({ where: { planId: id, version: head.currentVersion, plan: { canteen: scopeWhere(scope) } }, select: VERSION_SUMMARY_SELECT });
    return version ? { ...head, version } : null;
  }

  findByWeek(scope: Scope, canteenId: string, weekStart: string) {
    return this.prisma.mealPlan.findFirst({ where: { canteenId, weekStart: fromDay(weekStart), canteen: scopeWhere(scope) }, select: { id: true } });
  }

  findVersion(scope: Scope, planId: string, version: number) {
    return this.prisma.mealPlanVersion.findFirst({ where: { planId, version, plan: { canteen: scopeWhere(scope) } }, select: VERSION_SUMMARY_SELECT });
  }

  listVersions(scope: Scope, planId: string) {
    return this.prisma.mealPlanVersion.findMany({ where: { planId, plan: { canteen: scopeWhere(scope) } }, select: VERSION_SUMMARY_SELECT, orderBy: { version: 'desc' } });
  }

  findEntries(scope: Scope, versionIds: string[], tx: Tx = this.prisma): Promise<(EntryRow & { versionId: string })[]> {
    return tx.mealPlanEntry.findMany({
      where: { versionId: { in: versionIds }, version: { plan: { canteen: scopeWhere(scope) } } },
      select: { ...ENTRY_SELECT, versionId: true },
      orderBy: [{ day: 'asc' }, { meal: 'asc' }, { ageBand: 'asc' }],
    });
  }

  async list(scope: Scope, query: TPlanQuery): Promise<{ rows: PlanRow[]; total: number }> {
    const where: Prisma.MealPlanWhereInput = {
      canteen: { ...scopeWhere(scope), ...(query.canteenId ? { id: query.canteenId } : {}) },
      ...(query.status ? { status: query.status } : {}),
      ...(query.from || query.to ? { weekStart: { ...(query.from ? { gte: fromDay(query.from) } : {}), ...(query.to ? { lte: fromDay(query.to) } : {}) } } : {}),
    };
    const [heads, total] = await Promise.all([
      this.prisma.mealPlan.findMany({ where, select: PLAN_SELECT, orderBy: [{ weekStart: 'desc' }, { id: 'asc' }], skip: (query.page - 1) * query.pageSize, take: query.pageSize }),
      this.prisma.mealPlan.count({ where }),
    ]);
    const versions = heads.length
      ? await this.prisma.mealPlanVersion.findMany({
          where: { OR: heads.map((h) => ({ planId: h.id, version: h.currentVersion })), plan: { canteen: scopeWhere(scope) } },
          select: { ...VERSION_SUMMARY_SELECT, planId: true },
        })
      : [];
    const byPlan = new Map(versions.map((v) => [v.planId, v]));
    return { rows: heads.flatMap((head) => (byPlan.has(head.id) ? [{ ...head, version: byPlan.get(head.id)! }] : [])), total };
  }

  /** The published plans of each canteen whose weeks touch its period (the newest version of each), read at once for all the canteens. */
  async findPublishedCovering(scope: Scope, periods: CanteenPeriod[], tx: Tx = this.prisma) {
    if (periods.length === 0) return [];
    const heads = await tx.mealPlan.findMany({
      where: {
        OR: periods.map(({ canteenId, from, to }) => ({ canteenId, weekStart: { gte: fromDay(addDays(from, -6)), lte: fromDay(to) } })),
        status: 'published',
        canteen: scopeWhere(scope),
      },
      select: { id: true, weekStart: true, currentVersion: true },
    });
    if (heads.length === 0) return [];
    return tx.mealPlanVersion.findMany({
      where: { OR: heads.map((h) => ({ planId: h.id, version: h.currentVersion })), plan: { canteen: scopeWhere(scope) } },
      select: { id: true, planId: true, version: true, plan: { select: { weekStart: true, canteenId: true } } },
    });
  }

  /** Plan versions by id (what production records point at). */
  findVersionsByIds(scope: Scope, ids: string[]) {
    return this.prisma.mealPlanVersion.findMany({ where: { id: { in: ids }, plan: { canteen: scopeWhere(scope) } }, select: { id: true, planId: true, version: true } });
  }

  async create(tx: Tx, scope: Scope, canteen: { id: string; path: string }, weekStart: string, createdById: string, content: PlanContent): Promise<string> {
    assertInScope(scope, canteen.path);
    const plan = await tx.mealPlan.create({ data: { canteenId: canteen.id, weekStart: fromDay(weekStart), createdById, status: 'draft', currentVersion: 1 }, select: { id: true } });
    const version = await tx.mealPlanVersion.create({
      data: { planId: plan.id, version: 1, status: 'draft', ageBands: content.ageBands, reason: content.reason, createdById },
      select: { id: true },
    });
    await this.insertEntries(tx, version.id, content.entries);
    return plan.id;
  }

  /** A draft is changed in place: its entries are replaced (the database refuses this once published). */
  async replaceDraft(tx: Tx, scope: Scope, versionId: string, content: PlanContent): Promise<boolean> {
    const { count } = await tx.mealPlanVersion.updateMany({
      where: { id: versionId, status: 'draft', plan: { canteen: scopeWhere(scope) } },
      data: { ageBands: content.ageBands, reason: content.reason },
    });
    if (count === 0) return false;
    const entries = await tx.mealPlanEntry.findMany({ where: { versionId, version: { plan: { canteen: scopeWhere(scope) } } }, select: { id: true } });
    await tx.mealPlanEntryDish.deleteMany({ where: { entryId: { in: entries.map((e) => e.id) } } });
    await tx.mealPlanEntry.deleteMany({ where: { versionId } });
    await this.insertEntries(tx, versionId, content.entries);
    return true;
  }

  async publishDraft(tx: Tx, scope: Scope, planId: string, versionId: string, publishedById: string): Promise<boolean> {
    const { count } = await tx.mealPlanVersion.updateMany({
      where: { id: versionId, status: 'draft', plan: { id: planId, canteen: scopeWhere(scope) } },
      data: { status: 'published', publishedById, publishedAt: new Date() },
    });
    if (count === 0) return false;
    await tx.mealPlan.updateMany({ where: { id: planId, canteen: scopeWhere(scope) }, data: { status: 'published' } });
    return true;
  }

  /** A published plan's next version, published at once; null when another change got there first. */
  async addPublishedVersion(tx: Tx, scope: Scope, planId: string, expectedVersion: number, createdById: string, content: PlanContent): Promise<string | null> {
    const { count } = await tx.mealPlan.updateMany({
      where: { id: planId, currentVersion: expectedVersion, status: 'published', canteen: scopeWhere(scope) },
      data: { currentVersion: expectedVersion + 1 },
    });
    if (count === 0) return null;
    const now = new Date();
    const version = await tx.mealPlanVersion.create({
      data: { planId, version: expectedVersion + 1, status: 'published', ageBands: content.ageBands, reason: content.reason, createdById, publishedById: createdById, publishedAt: now },
      select: { id: true },
    });
    await this.insertEntries(tx, version.id, content.entries);
    return version.id;
  }

  private async insertEntries(tx: Tx, versionId: string, entries: PlanContent['entries']): Promise<void> {
    const rows = entries.map((entry) => ({ id: randomUUID(), ...entry }));
    await tx.mealPlanEntry.createMany({
      data: rows.map((row) => ({ id: row.id, versionId, day: fromDay(row.day), meal: row.meal, ageBand: row.ageBand, headcount: row.headcount })),
    });
    await tx.mealPlanEntryDish.createMany({
      data: rows.flatMap((row) => row.dishVersionIds.map((dishVersionId, position) => ({ entryId: row.id, dishVersionId, position }))),
    });
  }
}
