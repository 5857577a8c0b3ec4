import { Injectable } from '@nestjs/common';
import {
  type AgeBand,
  MEALS,
  type Meal,
  type TExecution,
  type TExecutionMeal,
  type TExecutionTolerance,
  type TMassBalanceDay,
  type TMenuCosts,
  type TMenuPeriodQuery,
  addDays,
  weekStartOf,
} from '@canteen/shared';
import type { Tx } from '@/common/prisma/prisma.service';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { SettingsService } from '@/modules/settings/settings.service';
import { CanteensRepository } from './canteens.repository';
import { type JudgedMeal, judgeMeal } from './execution-judge';
import { type DayQuantityRow, ExecutionRepository } from './execution.repository';
import { MenuCosting } from './menu-costing';
import { canteenNotFound } from './menu-errors';
import { type IngredientFacts, MenuFactsRepository } from './menu-facts.repository';
import { MEAL_ORDER, type PlannedEntry, type RecipeLine, edibleGrams, quantityText } from './menu-rules';
import { entryInput } from './plans.mapper';
import { PlansRepository, toDay } from './plans.repository';
import { ProductionRepository, type RecordRow } from './production.repository';

interface MealContext {
  day: string;
  meal: Meal;
  plan: { id: string; version: number } | null;
  entries: PlannedEntry[];
  record: RecordRow | null;
  headcountByBand: Map<AgeBand, number>;
}

interface Period {
  meals: MealContext[];
  judged: JudgedMeal[];
  recipes: RecipeLine[];
  facts: Map<string, IngredientFacts>;
  tolerance: TExecutionTolerance;
}

/** 执行真实性: recipes × headcount against the ledger's issues, the day's mass balance, and cost per student. */
@Injectable()
export class ExecutionService {
  constructor(
    private readonly repository: ExecutionRepository,
    private readonly plans: PlansRepository,
    private readonly production: ProductionRepository,
    private readonly canteens: CanteensRepository,
    private readonly costing: MenuCosting,
    private readonly facts: MenuFactsRepository,
    private readonly settings: SettingsService,
  ) {}

  async execution(actor: Actor, query: TMenuPeriodQuery): Promise<TExecution> {
    const scope = requireAccess(actor, 'menu:read');
    const canteen = await this.canteens.findCanteen(scope, query.canteenId);
    if (!canteen) throw canteenNotFound();
    const period = await this.period(scope, canteen.id, query.from, query.to);
    const meals: TExecutionMeal[] = period.meals.map((meal, i) => {
      const judged = period.judged[i]!;
      return {
        day: meal.day,
        meal: meal.meal,
        plan: meal.plan,
        headcountSource: meal.record ? 'served' : 'planned',
        headcount: [...meal.headcountByBand.values()].reduce((a, b) => a + b, 0),
        record: meal.record ? { id: meal.record.id, version: meal.record.version } : null,
        lines: judged.lines,
        expectedFen: judged.expectedFen,
        issuedFen: judged.issuedFen,
        deviation: judged.deviation,
        // Only a served meal is judged: a plan's headcount is not yet what happened.
        outOfTolerance: meal.record !== null && judged.outOfTolerance,
      };
    });
    return {
      canteen: { id: canteen.id, name: canteen.name },
      from: query.from,
      to: query.to,
      tolerance: period.tolerance,
      meals,
      massBalance: await this.massBalance(scope, canteen.id, query.from, query.to, period),
    };
  }

  /** Actual cost per student per meal (stock-outs net of reversals ÷ served headcount) beside the planned cost and the fund standard. */
  async costs(actor: Actor, query: TMenuPeriodQuery): Promise<TMenuCosts> {
    const scope = requireAccess(actor, 'menu:read');
    const canteen = await this.canteens.findCanteen(scope, query.canteenId);
    if (!canteen) throw canteenNotFound();
    const period = await this.period(scope, canteen.id, query.from, query.to);
    const planned = await this.costing.priceEntries(scope, canteen.id, period.meals.flatMap((m) => m.entries));
    const plannedBy = new Map(planned.meals.map((m) => [`${m.day}/${m.meal}`, m]));
    const fund = await this.costing.fundStandard(canteen.id);
    let servedMeals = 0;
    let servedFen = 0;
    const meals = period.meals.map((meal, i) => {
      const issuedFen = period.judged[i]!.issuedFen;
      const served = meal.record?.servedTotal ?? null;
      if (served !== null && served > 0) {
        servedMeals += served;
        servedFen += issuedFen;
      }
      return {
        day: meal.day,
        meal: meal.meal,
        issuedFen,
        servedHeadcount: served,
        actualPerStudentFen: served !== null && served > 0 ? Math.round(issuedFen / served) : null,
        plannedPerStudentFen: plannedBy.get(`${meal.day}/${meal.meal}`)?.plannedPerStudentFen ?? null,
        fundStandardFen: fund.value.perMealFen[meal.meal],
      };
    });
    return {
      canteen: { id: canteen.id, name: canteen.name },
      from: query.from,
      to: query.to,
      fundStandardSource: fund.source,
      meals,
      totals: {
        issuedFen: meals.reduce((sum, m) => sum + m.issuedFen, 0),
        servedMeals,
        actualPerStudentFen: servedMeals > 0 ? Math.round(servedFen / servedMeals) : null,
      },
    };
  }

  /** The check a production record gets when it is saved (read in its transaction). */
  async judgeRecord(
    scope: Scope,
    canteenId: string,
    day: string,
    entries: PlannedEntry[],
    served: { ageBand: AgeBand; headcount: number }[],
    meal: Meal,
    tx: Tx,
  ): Promise<JudgedMeal & { tolerance: TExecutionTolerance }> {
    const [issuedRows, recipes, tolerance] = await Promise.all([
      this.repository.issued(scope, canteenId, day, day, tx),
      this.costing.recipes(scope, entries.flatMap((e) => e.dishVersionIds)),
      this.tolerance(canteenId),
    ]);
    const issued = issuedRows.filter((r) => r.meal === meal).map((r) => ({ ingredientId: r.ingredient_id, quantity: Number(r.quantity), costFen: r.cost_fen }));
    const ids = [...new Set([...recipes.map((r) => r.ingredientId), ...issued.map((r) => r.ingredientId)])];
    const [facts, prices] = await Promise.all([this.facts.ingredients(ids), this.facts.latestPrices(scope, canteenId, ids, day)]);
    const judged = judgeMeal({ entries, headcountByBand: new Map(served.map((s) => [s.ageBand, s.headcount])), recipes, facts, issued, prices, tolerance });
    return { ...judged, tolerance };
  }

  private async tolerance(canteenId: string): Promise<TExecutionTolerance> {
    return (await this.settings.resolve('menus.executionTolerance', canteenId)).value;
  }

  /** Every meal of the period that was planned, recorded or issued, judged. */
  private async period(scope: Scope, canteenId: string, from: string, to: string): Promise<Period> {
    const [records, published, issuedRows, tolerance] = await Promise.all([
      this.production.latestInPeriod(scope, [{ canteenId, from, to }]),
      this.plans.findPublishedCovering(scope, [{ canteenId, from, to }]),
      this.repository.issued(scope, canteenId, from, to),
      this.tolerance(canteenId),
    ]);
    const versionIds = [...new Set([...records.map((r) => r.planVersionId), ...published.map((p) => p.id)])];
    const entries = (await this.plans.findEntries(scope, versionIds)).map((e) => ({ versionId: e.versionId, ...entryInput(e) }));
    const publishedByWeek = new Map(published.map((p) => [toDay(p.plan.weekStart), p]));
    const recordBy = new Map(records.map((r) => [`${toDay(r.day)}/${r.meal}`, r]));
    const issuedBy = new Map<string, typeof issuedRows>();
    for (const row of issuedRows) issuedBy.set(`${row.day}/${row.meal}`, [...(issuedBy.get(`${row.day}/${row.meal}`) ?? []), row]);

    const meals: MealContext[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) {
      for (const meal of MEALS) {
        const record = recordBy.get(`${day}/${meal}`) ?? null;
        const version = record ? { id: record.planVersion.id, planId: record.planVersion.planId, version: record.planVersion.version } : (publishedByWeek.get(weekStartOf(day)) ?? null);
        const mealEntries = version ? entries.filter((e) => e.versionId === version.id && e.day === day && e.meal === meal) : [];
        if (!record && mealEntries.length === 0 && !issuedBy.has(`${day}/${meal}`)) continue;
        const headcountByBand = new Map<AgeBand, number>(
          record ? record.served.map((s) => [s.ageBand as AgeBand, s.headcount]) : mealEntries.map((e) => [e.ageBand, e.headcount]),
        );
        meals.push({ day, meal, plan: version ? { id: version.planId, version: version.version } : null, entries: mealEntries, record, headcountByBand });
      }
    }

    const recipes = await this.costing.recipes(scope, entries.flatMap((e) => e.dishVersionIds));
    const ids = [...new Set([...recipes.map((r) => r.ingredientId), ...issuedRows.map((r) => r.ingredient_id)])];
    const [facts, prices] = await Promise.all([this.facts.ingredients(ids), this.facts.latestPrices(scope, canteenId, ids, to)]);
    const judged = meals.map((meal) =>
      judgeMeal({
        entries: meal.entries,
        headcountByBand: meal.headcountByBand,
        recipes,
        facts,
        issued: (issuedBy.get(`${meal.day}/${meal.meal}`) ?? []).map((r) => ({ ingredientId: r.ingredient_id, quantity: Number(r.quantity), costFen: r.cost_fen })),
        prices,
        tolerance,
      }),
    );
    meals.sort((a, b) => a.day.localeCompare(b.day) || MEAL_ORDER[a.meal] - MEAL_ORDER[b.meal]);
    return { meals, judged, recipes, facts, tolerance };
  }

  /** Per day: delivered → stocked in → issued → served (recipe grams × headcount) → leftover. */
  private async massBalance(scope: Scope, canteenId: string, from: string, to: string, period: Period): Promise<TMassBalanceDay[]> {
    const [delivered, stockedIn] = await Promise.all([this.repository.delivered(scope, canteenId, from, to), this.repository.stockedIn(scope, canteenId, from, to)]);
    const missing = [...new Set([...delivered, ...stockedIn].map((r) => r.ingredient_id))].filter((id) => !period.facts.has(id));
    const facts = new Map([...period.facts, ...(await this.facts.ingredients(missing))]);
    const days: TMassBalanceDay[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) {
      const meals = period.meals.map((meal, i) => ({ meal, judged: period.judged[i]! })).filter(({ meal }) => meal.day === day);
      const byIngredient = new Map<string, { delivered: number; stockedIn: number; issued: number; expected: number | null }>();
      const row = (id: string) => {
        const existing = byIngredient.get(id) ?? { delivered: 0, stockedIn: 0, issued: 0, expected: 0 };
        byIngredient.set(id, existing);
        return existing;
      };
      const add = (rows: DayQuantityRow[], field: 'delivered' | 'stockedIn') => {
        for (const r of rows.filter((r) => r.day === day)) row(r.ingredient_id)[field] += Number(r.quantity);
      };
      add(delivered, 'delivered');
      add(stockedIn, 'stockedIn');
      let servedGrams = 0;
      let issuedGrams = 0;
      let leftoverGrams = 0;
      let headcount = 0;
      for (const { meal, judged } of meals) {
        // A meal not yet recorded adds only what was issued for it: its plan is not what was served.
        for (const line of judged.lines.filter((l) => meal.record || Number(l.issued) > 0)) {
          const r = row(line.ingredient.id);
          r.issued += Number(line.issued);
          if (meal.record) {
            r.expected = r.expected === null || line.expected === null ? null : r.expected + Number(line.expected);
            servedGrams += line.expectedEdibleGrams;
          }
          const edible = edibleGrams(Number(line.issued), facts.get(line.ingredient.id)!);
          if (edible !== null) issuedGrams += edible;
        }
        if (meal.record) {
          headcount += meal.record.servedTotal;
          leftoverGrams += meal.record.leftovers.reduce((sum, l) => sum + l.grams, 0);
        }
      }
      if (byIngredient.size === 0 && headcount === 0) continue;
      const valueOf = (rows: DayQuantityRow[]) => rows.filter((r) => r.day === day).reduce((sum, r) => sum + r.value_fen, 0);
      days.push({
        day,
        deliveredFen: valueOf(delivered),
        stockedInFen: valueOf(stockedIn),
        issuedFen: meals.reduce((sum, m) => sum + m.judged.issuedFen, 0),
        servedKg: Math.round(servedGrams) / 1000,
        issuedEdibleKg: Math.round(issuedGrams) / 1000,
        leftoverKg: Math.round(leftoverGrams) / 1000,
        headcount,
        ingredients: [...byIngredient.entries()]
          .filter(([id]) => facts.has(id))
          .map(([id, r]) => {
            const fact = facts.get(id)!;
            return {
              ingredient: { id, code: fact.code, name: fact.name, category: fact.category, unit: fact.unit },
              delivered: quantityText(r.delivered),
              stockedIn: quantityText(r.stockedIn),
              issued: quantityText(r.issued),
              expected: r.expected === null ? null : quantityText(r.expected),
            };
          })
          .sort((a, b) => a.ingredient.code.localeCompare(b.ingredient.code)),
      });
    }
    return days;
  }
}
