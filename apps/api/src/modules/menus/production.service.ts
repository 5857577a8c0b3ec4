import { Injectable } from '@nestjs/common';
import {
  type AgeBand,
  PRODUCTION_DAYS_BACK,
  type TExecutionDeviationEvent,
  type TProductionHistoryQuery,
  type TProductionQuery,
  type TProductionRecord,
  type TProductionResult,
  type TRecordProduction,
  addDays,
  shanghaiDay,
  weekStartOf,
} from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { AppError, badRequest } from '@/common/http/app-error';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import type { Actor } from '@/common/tenancy/actor';
import { requireAccess } from '@/common/tenancy/scope';
import { OrgUnitsRepository } from '@/modules/org-units/org-units.repository';
import { CanteensRepository } from './canteens.repository';
import { ExecutionService } from './execution.service';
import { type Issue, canteenNotFound, refuse } from './menu-errors';
import { entryInput } from './plans.mapper';
import { PlansRepository, toDay } from './plans.repository';
import { ProductionRepository, type RecordRow } from './production.repository';

/** 生产记录: what a meal served and left over; corrections are new versions with a reason. */
@Injectable()
export class ProductionService {
  constructor(
    private readonly repository: ProductionRepository,
    private readonly plans: PlansRepository,
    private readonly canteens: CanteensRepository,
    private readonly execution: ExecutionService,
    private readonly orgUnits: OrgUnitsRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Saves a record (or its correction) and checks the meal's execution in the same transaction; a
   * meal whose issue differs from the recipes emits `menus.execution-deviation` once for this
   * version, with every ingredient that differs. Sending the current version's content again
   * changes nothing and emits nothing.
   */
  async record(actor: Actor, body: TRecordProduction): Promise<TProductionResult> {
    const scope = requireAccess(actor, 'production:write');
    const canteen = await this.canteens.findCanteen(scope, body.canteenId);
    if (!canteen) throw canteenNotFound();
    const today = shanghaiDay();
    if (body.day > today) throw badRequest('PRODUCTION_DAY_FUTURE', `不能为未来的日期（${body.day}）登记生产记录`, `A production record cannot be for a future day (${body.day})`);
    if (body.day < addDays(today, -PRODUCTION_DAYS_BACK)) {
      throw badRequest('PRODUCTION_DAY_TOO_OLD', `生产记录最多补录 ${PRODUCTION_DAYS_BACK} 天内的`, `Production records go back at most ${PRODUCTION_DAYS_BACK} days`);
    }
    const plan = (await this.plans.findPublishedCovering(scope, [{ canteenId: canteen.id, from: body.day, to: body.day }])).find((p) => toDay(p.plan.weekStart) === weekStartOf(body.day));
    if (!plan) {
      throw new AppError(409, 'NO_PUBLISHED_PLAN', `${body.day} 所在的一周没有已发布的膳食计划，请先发布计划`, `No meal plan is published for the week of ${body.day}; publish one first`);
    }
    const mealRows = (await this.plans.findEntries(scope, [plan.id])).filter((e) => toDay(e.day) === body.day && e.meal === body.meal);
    const entries = mealRows.map(entryInput);
    if (entries.length === 0) throw badRequest('MEAL_NOT_PLANNED', `计划中 ${body.day} 没有安排该餐次`, `The plan has no such meal on ${body.day}`);

    const issues: Issue[] = [];
    const planned = new Set(entries.map((e) => e.ageBand));
    body.served.forEach((row, i) => {
      if (!planned.has(row.ageBand)) issues.push({ path: `served.${i}.ageBand`, message: `该餐次没有为 ${row.ageBand} 岁安排菜品`, messageEn: `The meal has no dishes planned for ages ${row.ageBand}` });
    });
    const servedTotal = body.served.reduce((sum, s) => sum + s.headcount, 0);
    if (canteen.school.enrolment !== null && servedTotal > canteen.school.enrolment) {
      issues.push({ path: 'served', message: `就餐人数合计 ${servedTotal} 超过在校生人数 ${canteen.school.enrolment}`, messageEn: `${servedTotal} served is above the enrolment of ${canteen.school.enrolment}` });
    }
    const versionOf = new Map(mealRows.flatMap((row) => row.dishes.map((d) => [d.dishVersion.dishId, d.dishVersionId] as const)));
    body.leftovers.forEach((row, i) => {
      if (!versionOf.has(row.dishId)) issues.push({ path: `leftovers.${i}.dishId`, message: '该菜品不在这一餐的计划中', messageEn: 'The dish is not on the plan of this meal' });
    });
    if (issues.length > 0) throw refuse(issues[0]!.path.startsWith('served') ? 'PRODUCTION_INVALID' : 'DISH_NOT_IN_MEAL', { zh: '生产记录', en: 'production record' }, issues);

    const served = [...body.served].sort((a, b) => a.ageBand.localeCompare(b.ageBand));
    const leftovers = body.leftovers.map((l) => ({ dishVersionId: versionOf.get(l.dishId)!, grams: l.grams })).sort((a, b) => a.dishVersionId.localeCompare(b.dishVersionId));
    const previous = await this.repository.findLatest(scope, canteen.id, body.day, body.meal);
    if (previous && sameRecord(previous, plan.id, served, leftovers, body.note ?? null)) {
      const judged = await this.repository.prisma.$transaction((tx) => this.execution.judgeRecord(scope, canteen.id, body.day, entries, served, body.meal, tx));
      return { ...(await this.toRecord(previous)), execution: { lines: judged.lines, deviation: judged.deviation, outOfTolerance: judged.outOfTolerance } };
    }
    if (previous && !body.reason) {
      throw badRequest('REASON_REQUIRED', '该餐次已有生产记录，更正须说明原因（原记录保留）', 'This meal is already recorded: a correction needs a reason (the earlier record is kept)');
    }

    const { row, judged } = await this.repository.prisma.$transaction(async (tx) => {
      const created = await this.repository.create(tx, scope, canteen.path, {
        canteenId: canteen.id,
        day: body.day,
        meal: body.meal,
        version: (previous?.version ?? 0) + 1,
        planVersionId: plan.id,
        served,
        leftovers,
        note: body.note ?? null,
        reason: previous ? body.reason! : (body.reason ?? null),
        createdById: actor.userId,
      });
      const check = await this.execution.judgeRecord(scope, canteen.id, body.day, entries, served, body.meal, tx);
      await this.audit.record(tx, actor, {
        action: previous ? 'correct' : 'create',
        entity: 'production_record',
        entityId: created.id,
        orgPath: canteen.path,
        before: previous ? { version: previous.version, served: previous.served, leftovers: previous.leftovers.map((l) => ({ dishVersionId: l.dishVersionId, grams: l.grams })) } : undefined,
        after: { version: created.version, day: body.day, meal: body.meal, served, leftovers, reason: created.reason },
      });
      // Not only what is outside the menus' tolerance: the warnings rule judges by thresholds of its own, which a county may set tighter.
      const deviating = check.lines.filter((line) => line.status === 'unplanned' || (line.deviation !== null && line.deviation !== 0));
      if (deviating.length > 0) {
        const event: TExecutionDeviationEvent = {
          canteenId: canteen.id,
          day: body.day,
          meal: body.meal,
          recordId: created.id,
          recordVersion: created.version,
          tolerance: check.tolerance,
          deviation: check.deviation,
          lines: deviating.map((line) => ({ ingredientId: line.ingredient.id, ingredientName: line.ingredient.name, unit: line.ingredient.unit, expected: line.expected, issued: line.issued, deviation: line.deviation, status: line.status })),
        };
        await this.outbox.emit(tx, 'menus.execution-deviation', event, canteen.path);
      }
      return { row: created, judged: check };
    });
    return { ...(await this.toRecord(row)), execution: { lines: judged.lines, deviation: judged.deviation, outOfTolerance: judged.outOfTolerance } };
  }

  async list(actor: Actor, query: TProductionQuery): Promise<TProductionRecord[]> {
    const scope = requireAccess(actor, 'menu:read');
    if (!(await this.canteens.findCanteen(scope, query.canteenId))) throw canteenNotFound();
    const rows = await this.repository.latestInPeriod(scope, [{ canteenId: query.canteenId, from: query.from, to: query.to }]);
    return this.toRecords(rows);
  }

  /** Every version of one meal's record, newest first. */
  async history(actor: Actor, query: TProductionHistoryQuery): Promise<TProductionRecord[]> {
    const scope = requireAccess(actor, 'menu:read');
    if (!(await this.canteens.findCanteen(scope, query.canteenId))) throw canteenNotFound();
    return this.toRecords(await this.repository.history(scope, query.canteenId, query.day, query.meal));
  }

  private async toRecord(row: RecordRow): Promise<TProductionRecord> {
    return (await this.toRecords([row]))[0]!;
  }

  private async toRecords(rows: RecordRow[]): Promise<TProductionRecord[]> {
    const users = await this.orgUnits.findActorNames([...new Set(rows.map((r) => r.createdById))]);
    return rows.map((row) => ({
      id: row.id,
      canteen: row.canteen,
      day: toDay(row.day),
      meal: row.meal as TProductionRecord['meal'],
      version: row.version,
      reason: row.reason,
      plan: { id: row.planVersion.planId, version: row.planVersion.version, versionId: row.planVersion.id },
      served: row.served.map((s) => ({ ageBand: s.ageBand as AgeBand, headcount: s.headcount })).sort((a, b) => a.ageBand.localeCompare(b.ageBand)),
      servedTotal: row.servedTotal,
      leftovers: row.leftovers.map((l) => ({ dish: { id: l.dishVersion.dishId, versionId: l.dishVersionId, name: l.dishVersion.name }, grams: l.grams })),
      note: row.note,
      createdBy: { id: row.createdById, name: users.get(row.createdById) ?? '—' },
      createdAt: row.createdAt.toISOString(),
    }));
  }
}

function sameRecord(row: RecordRow, planVersionId: string, served: { ageBand: string; headcount: number }[], leftovers: { dishVersionId: string; grams: number }[], note: string | null): boolean {
  const key = (s: { ageBand: string; headcount: number }[]) => JSON.stringify([...s].map((x) => [x.ageBand, x.headcount]).sort());
  const leftKey = (l: { dishVersionId: string; grams: number }[]) => JSON.stringify([...l].map((x) => [x.dishVersionId, x.grams]).sort());
  return row.planVersionId === planVersionId && key(row.served) === key(served) && leftKey(row.leftovers) === leftKey(leftovers) && (row.note ?? null) === note;
}
