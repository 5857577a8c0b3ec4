import { Injectable } from '@nestjs/common';
import {
  AGE_BANDS,
  type AgeBand,
  type Allergen,
  type CookingMethod,
  type Meal,
  type TCreatePlan,
  type TPage,
  type TPlan,
  type TPlanEntryInput,
  type TPlanQuery,
  type TPlanSummary,
  type TPlanPublishedEvent,
  type TPlanVersionSummary,
  type TRevisePlan,
  addDays,
  isMonday,
  servedAgeBands,
  shanghaiDay,
} from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { AppError, badRequest, conflict } from '@/common/http/app-error';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import type { Tx } from '@/common/prisma/prisma.service';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { OrgUnitsRepository } from '@/modules/org-units/org-units.repository';
import { CanteensRepository, type MenuCanteen } from './canteens.repository';
import { DishesRepository } from './dishes.repository';
import { type Issue, canteenNotFound, planNotFound, refuse } from './menu-errors';
import { MenuCosting } from './menu-costing';
import { MEAL_ORDER, type PlannedEntry } from './menu-rules';
import { type PlanAgeBands, entryInput, summary } from './plans.mapper';
import { type EntryRow, type PlanContent, type PlanRow, type PlanVersionRow, PlansRepository, toDay } from './plans.repository';

type CodedIssue = Issue & { code: string };

const weekPast = (weekStart: string, today: string) =>
  badRequest('PLAN_WEEK_PAST', `${weekStart} 这一周已经过去，不能再制定或修改计划（今天是 ${today}）`, `The week of ${weekStart} is over; its plan can no longer be made or changed (today is ${today})`);

/** 膳食计划: a canteen's week of meals per age band, drafted, published, then revised only with a reason. */
@Injectable()
export class PlansService {
  constructor(
    private readonly repository: PlansRepository,
    private readonly dishes: DishesRepository,
    private readonly canteens: CanteensRepository,
    private readonly orgUnits: OrgUnitsRepository,
    private readonly costing: MenuCosting,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(actor: Actor, body: TCreatePlan): Promise<TPlan> {
    const scope = requireAccess(actor, 'menu:write');
    const canteen = await this.canteens.findCanteen(scope, body.canteenId);
    if (!canteen) throw canteenNotFound();
    const today = shanghaiDay();
    if (!isMonday(body.weekStart)) {
      throw badRequest('PLAN_WEEK_NOT_MONDAY', `计划按周制定，开始日期须为星期一（${body.weekStart} 不是）`, `A plan covers an ISO week: its start must be a Monday (${body.weekStart} is not)`);
    }
    if (addDays(body.weekStart, 6) < today) throw weekPast(body.weekStart, today);
    const existing = await this.repository.findByWeek(scope, canteen.id, body.weekStart);
    if (existing) throw new AppError(409, 'PLAN_EXISTS', '该食堂这一周已有膳食计划，请修改已有计划', 'The canteen already has a plan for this week; change that one');
    const content = await this.checkedContent(scope, canteen, body.weekStart, body, null, null, today);
    const id = await this.repository.prisma.$transaction(async (tx) => {
      const planId = await this.repository.create(tx, scope, canteen, body.weekStart, actor.userId, content);
      await this.audit.record(tx, actor, { action: 'create', entity: 'meal_plan', entityId: planId, orgPath: canteen.path, after: { weekStart: body.weekStart, version: 1, ...content } });
      return planId;
    });
    return this.get(actor, id);
  }

  /** A draft changes in place; a published plan gets a new, published version that names its reason. */
  async revise(actor: Actor, id: string, body: TRevisePlan): Promise<TPlan> {
    const scope = requireAccess(actor, 'menu:write');
    const plan = await this.findOrThrow(scope, id);
    const canteen = await this.canteens.findCanteen(scope, plan.canteen.id);
    if (!canteen) throw planNotFound();
    const weekStart = toDay(plan.weekStart);
    const today = shanghaiDay();
    if (addDays(weekStart, 6) < today) throw weekPast(weekStart, today);
    const published = plan.version.status === 'published';
    if (published && !body.reason) {
      throw badRequest('REASON_REQUIRED', '计划已发布，修改须说明原因（将生成新版本，原版本保留）', 'The plan is published: a change needs a reason (it becomes a new version; the old one is kept)');
    }
    const previous = await this.repository.findEntries(scope, [plan.version.id]);
    const content = await this.checkedContent(scope, canteen, weekStart, body, published ? previous : null, previous, today);
    content.reason = body.reason ?? null;
    if (published && sameContent(content, plan.version.ageBands as PlanAgeBands, previous)) {
      throw badRequest('PLAN_UNCHANGED', '与当前版本相同，没有需要保存的修改', 'Nothing differs from the current version');
    }
    const verdicts = published ? await this.verdicts(scope, plan.canteen.id, content.entries) : [];
    await this.repository.prisma.$transaction(async (tx) => {
      if (!published) {
        if (!(await this.repository.replaceDraft(tx, scope, plan.version.id, content))) throw changedMeanwhile();
        await this.audit.record(tx, actor, { action: 'update', entity: 'meal_plan', entityId: id, orgPath: plan.canteen.path, after: { version: plan.version.version, ...content } });
        return;
      }
      const versionId = await this.repository.addPublishedVersion(tx, scope, id, plan.version.version, actor.userId, content);
      if (!versionId) throw changedMeanwhile();
      const version = plan.version.version + 1;
      await this.audit.record(tx, actor, {
        action: 'revise',
        entity: 'meal_plan',
        entityId: id,
        orgPath: plan.canteen.path,
        before: { version: plan.version.version },
        after: { version, ...content },
      });
      await this.announce(tx, plan, versionId, version, content.reason, verdicts);
    });
    return this.get(actor, id);
  }

  async publish(actor: Actor, id: string): Promise<TPlan> {
    const scope = requireAccess(actor, 'menu:write');
    const plan = await this.findOrThrow(scope, id);
    if (plan.version.status === 'published') throw conflict('该计划已发布；如需修改请提交新版本并说明原因', 'The plan is already published; submit a new version with a reason to change it');
    const weekStart = toDay(plan.weekStart);
    const today = shanghaiDay();
    if (addDays(weekStart, 6) < today) throw weekPast(weekStart, today);
    const entries = await this.repository.findEntries(scope, [plan.version.id]);
    if (entries.length === 0) throw badRequest('PLAN_EMPTY', '计划还没有安排任何餐次，不能发布', 'The plan has no meals yet and cannot be published');
    const verdicts = await this.verdicts(scope, plan.canteen.id, entries.map(entryInput));
    await this.repository.prisma.$transaction(async (tx) => {
      if (!(await this.repository.publishDraft(tx, scope, id, plan.version.id, actor.userId))) throw changedMeanwhile();
      await this.audit.record(tx, actor, { action: 'publish', entity: 'meal_plan', entityId: id, orgPath: plan.canteen.path, before: { status: 'draft' }, after: { status: 'published', version: plan.version.version } });
      await this.announce(tx, plan, plan.version.id, plan.version.version, null, verdicts);
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<TPlan> {
    const scope = requireAccess(actor, 'menu:read');
    const plan = await this.findOrThrow(scope, id);
    return this.detail(scope, plan, plan.version);
  }

  async getVersion(actor: Actor, id: string, version: number): Promise<TPlan> {
    const scope = requireAccess(actor, 'menu:read');
    const plan = await this.findOrThrow(scope, id);
    const row = await this.repository.findVersion(scope, id, version);
    if (!row) throw planNotFound();
    return this.detail(scope, plan, row);
  }

  async versions(actor: Actor, id: string): Promise<TPlanVersionSummary[]> {
    const scope = requireAccess(actor, 'menu:read');
    await this.findOrThrow(scope, id);
    const rows = await this.repository.listVersions(scope, id);
    const users = await this.orgUnits.findActorNames([...new Set(rows.map((r) => r.createdById))]);
    return rows.map((row) => ({
      versionId: row.id,
      version: row.version,
      status: row.status as TPlanVersionSummary['status'],
      reason: row.reason,
      createdBy: { id: row.createdById, name: users.get(row.createdById) ?? '—' },
      createdAt: row.createdAt.toISOString(),
      publishedAt: row.publishedAt?.toISOString() ?? null,
    }));
  }

  async list(actor: Actor, query: TPlanQuery): Promise<TPage<TPlanSummary>> {
    const scope = requireAccess(actor, 'menu:read');
    if (query.canteenId && !(await this.canteens.findCanteen(scope, query.canteenId))) throw canteenNotFound();
    const { rows, total } = await this.repository.list(scope, query);
    const users = await this.orgUnits.findActorNames([...new Set(rows.flatMap((r) => [r.version.createdById, r.version.publishedById ?? r.version.createdById]))]);
    return { items: rows.map((row) => summary(row, row.version, users)), total, page: query.page, pageSize: query.pageSize };
  }

  private async findOrThrow(scope: Scope, id: string): Promise<PlanRow> {
    const plan = await this.repository.findById(scope, id);
    if (!plan) throw planNotFound();
    return plan;
  }

  private async detail(scope: Scope, plan: PlanRow, version: PlanVersionRow): Promise<TPlan> {
    const entries = await this.repository.findEntries(scope, [version.id]);
    const users = await this.orgUnits.findActorNames([version.createdById, ...(version.publishedById ? [version.publishedById] : [])]);
    const priced = await this.costing.priceEntries(scope, plan.canteen.id, entries.map(entryInput));
    const nutrition = await this.costing.assess(scope, plan.canteen.id, entries.map(entryInput));
    return {
      ...summary(plan, version, users),
      entries: entries.map((entry, i) => ({
        day: toDay(entry.day),
        meal: entry.meal as Meal,
        ageBand: entry.ageBand as AgeBand,
        headcount: entry.headcount,
        dishes: entry.dishes.map(({ dishVersion: d }) => ({
          id: d.dishId,
          versionId: d.id,
          version: d.version,
          name: d.name,
          cookingMethod: d.cookingMethod as CookingMethod,
          allergens: d.allergens as Allergen[],
          photoFileId: d.photoFileId,
        })),
        costPerStudentFen: priced.entries[i]!,
      })),
      costs: priced.meals,
      fundStandardSource: priced.fundStandardSource,
      nutrition,
    };
  }

  /** The nutrition verdict of each day and age band, for `menus.plan-published`. */
  private async verdicts(scope: Scope, canteenId: string, entries: PlannedEntry[]) {
    return (await this.costing.assess(scope, canteenId, entries)).map((a) => ({ day: a.day, ageBand: a.ageBand, verdict: a.assessment.verdict }));
  }

  private async announce(tx: Tx, plan: PlanRow, versionId: string, version: number, reason: string | null, verdicts: TPlanPublishedEvent['verdicts']) {
    const event: TPlanPublishedEvent = { planId: plan.id, versionId, canteenId: plan.canteen.id, weekStart: toDay(plan.weekStart), version, reason, verdicts };
    await this.outbox.emit(tx, 'menus.plan-published', event, plan.canteen.path);
  }

  /**
   * Every refusal at once: age bands the school does not serve, headcounts above its enrolment,
   * days outside the week, dishes the canteen may not use or not for that age band, and (for a
   * published plan) changes to days already past.
   */
  private async checkedContent(
    scope: Scope,
    canteen: MenuCanteen,
    weekStart: string,
    body: { ageBands: PlanAgeBands; entries: TPlanEntryInput[] },
    lockedPast: (EntryRow & { versionId: string })[] | null,
    previous: (EntryRow & { versionId: string })[] | null,
    today: string,
  ): Promise<PlanContent> {
    const issues: CodedIssue[] = [];
    const add = (code: string, path: string, message: string, messageEn: string) => issues.push({ code, path, message, messageEn });
    const served = servedAgeBands(canteen.school.kind);
    const enrolment = canteen.school.enrolment;
    const bands = new Map(body.ageBands.map((b) => [b.ageBand, b.headcount]));
    body.ageBands.forEach((band, i) => {
      if (!served.includes(band.ageBand)) {
        add('AGE_BAND_NOT_SERVED', `ageBands.${i}.ageBand`, `「${canteen.school.name}」不招收 ${band.ageBand} 岁学生（可选：${served.join('、')}）`, `${canteen.school.name} does not serve ages ${band.ageBand} (it serves ${served.join(', ')})`);
      }
    });
    const totalDiners = body.ageBands.reduce((sum, b) => sum + b.headcount, 0);
    if (enrolment !== null && totalDiners > enrolment) {
      add('HEADCOUNT_ABOVE_ENROLMENT', 'ageBands', `各年龄段就餐人数合计 ${totalDiners} 超过学校在校生人数 ${enrolment}`, `The age bands' diners (${totalDiners}) exceed the school's enrolment (${enrolment})`);
    }

    const lastDay = addDays(weekStart, 6);
    const perMeal = new Map<string, number>();
    body.entries.forEach((entry, i) => {
      if (entry.day < weekStart || entry.day > lastDay) {
        add('ENTRY_OUTSIDE_WEEK', `entries.${i}.day`, `${entry.day} 不在本周（${weekStart} 至 ${lastDay}）内`, `${entry.day} is not in the week ${weekStart} to ${lastDay}`);
      }
      const diners = bands.get(entry.ageBand);
      if (diners === undefined) {
        add('AGE_BAND_NOT_SERVED', `entries.${i}.ageBand`, `计划未包含 ${entry.ageBand} 岁年龄段`, `The plan does not serve ages ${entry.ageBand}`);
      } else if (entry.headcount > diners) {
        add('HEADCOUNT_ABOVE_ENROLMENT', `entries.${i}.headcount`, `计划人数 ${entry.headcount} 超过该年龄段就餐人数 ${diners}`, `The headcount ${entry.headcount} exceeds the age band's diners (${diners})`);
      }
      const key = `${entry.day}/${entry.meal}`;
      perMeal.set(key, (perMeal.get(key) ?? 0) + entry.headcount);
    });
    if (enrolment !== null) {
      for (const [key, headcount] of perMeal) {
        if (headcount > enrolment) {
          add('HEADCOUNT_ABOVE_ENROLMENT', 'entries', `${key.replace('/', ' ')} 计划人数合计 ${headcount} 超过在校生人数 ${enrolment}`, `${key.replace('/', ' ')}: ${headcount} planned, above the enrolment of ${enrolment}`);
        }
      }
    }

    // Dishes: the canteen's own, its school's, or a standard dish from above; active, made for the band.
    const wanted = [...new Set(body.entries.flatMap((e) => e.dishIds))];
    const dishes = new Map((await this.dishes.findPlannable(scope, canteen.path, wanted)).map((d) => [d.id, d]));
    const alreadyUsed = new Set((previous ?? []).flatMap((e) => e.dishes.map((d) => d.dishVersion.dishId)));
    const resolved = body.entries.map((entry, i) =>
      entry.dishIds.flatMap((dishId, j) => {
        const dish = dishes.get(dishId);
        const path = `entries.${i}.dishIds.${j}`;
        if (!dish) {
          add('DISH_NOT_AVAILABLE', path, '该菜品不存在或本食堂不能使用', 'No such dish, or not one this canteen may use');
          return [];
        }
        const current = dish.versions.find((v) => v.version === dish.currentVersion)!;
        if (!dish.active && !alreadyUsed.has(dishId)) add('DISH_INACTIVE', path, `菜品「${current.name}」已停用`, `The dish "${current.name}" is retired`);
        if (!current.ageBands.includes(entry.ageBand)) {
          add('DISH_AGE_BAND', path, `菜品「${current.name}」没有 ${entry.ageBand} 岁的带量标准`, `The dish "${current.name}" has no quantities for ages ${entry.ageBand}`);
        }
        return [current.id];
      }),
    );

    // A published week's past days are history: a revision may not change them.
    if (lockedPast) {
      const before = new Map(lockedPast.map((e) => [`${toDay(e.day)}/${e.meal}/${e.ageBand}`, `${e.headcount}:${e.dishes.map((d) => d.dishVersionId).join(',')}`]));
      const after = new Map(body.entries.map((e, i) => [`${e.day}/${e.meal}/${e.ageBand}`, `${e.headcount}:${resolved[i]!.join(',')}`]));
      for (const key of new Set([...before.keys(), ...after.keys()])) {
        const day = key.slice(0, 10);
        if (day < today && before.get(key) !== after.get(key)) {
          add('PAST_DAY_LOCKED', 'entries', `${day} 已经过去，已发布计划中这一天的安排不能再改`, `${day} is past: a published plan's past days cannot change`);
          break;
        }
      }
    }

    if (issues.length > 0) throw refuse(issues[0]!.code, { zh: '膳食计划', en: 'meal plan' }, issues.map(({ code: _code, ...issue }) => issue));
    return {
      ageBands: [...body.ageBands].sort((a, b) => AGE_BANDS.indexOf(a.ageBand) - AGE_BANDS.indexOf(b.ageBand)),
      reason: null,
      entries: body.entries
        .map((entry, i) => ({ day: entry.day, meal: entry.meal, ageBand: entry.ageBand, headcount: entry.headcount, dishVersionIds: resolved[i]! }))
        .sort((a, b) => a.day.localeCompare(b.day) || MEAL_ORDER[a.meal] - MEAL_ORDER[b.meal] || AGE_BANDS.indexOf(a.ageBand) - AGE_BANDS.indexOf(b.ageBand)),
    };
  }
}

const changedMeanwhile = () => conflict('该计划刚被他人修改，请刷新后重试', 'The plan was changed meanwhile; reload and try again');

function sameContent(content: PlanContent, ageBands: PlanAgeBands, entries: EntryRow[]): boolean {
  const bandsKey = (bands: { ageBand: string; headcount: number }[]) => JSON.stringify([...bands].sort((a, b) => a.ageBand.localeCompare(b.ageBand)));
  const entriesKey = (rows: { day: string; meal: string; ageBand: string; headcount: number; dishVersionIds: string[] }[]) =>
    JSON.stringify(rows.map((r) => `${r.day}/${r.meal}/${r.ageBand}/${r.headcount}/${r.dishVersionIds.join(',')}`).sort());
  return bandsKey(content.ageBands) === bandsKey(ageBands) && entriesKey(content.entries) === entriesKey(entries.map(entryInput));
}

