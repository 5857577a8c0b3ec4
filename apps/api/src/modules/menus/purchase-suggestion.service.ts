import { Injectable } from '@nestjs/common';
import {
  type TPurchaseSuggestion,
  type TPurchaseSuggestionQuery,
  addDays,
  shanghaiDay,
} from '@canteen/shared';
import { AppError, badRequest } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { requireAccess } from '@/common/tenancy/scope';
import { CanteensRepository } from './canteens.repository';
import { ExecutionRepository } from './execution.repository';
import { MenuCosting } from './menu-costing';
import { planNotFound } from './menu-errors';
import { MenuFactsRepository } from './menu-facts.repository';
import { demandGrams, quantityText, roundUp, stockQuantity, valueFen } from './menu-rules';
import { entryInput } from './plans.mapper';
import { PlansRepository, toDay } from './plans.repository';

type Group = TPurchaseSuggestion['groups'][number];

/**
 * Demand to purchase: a published plan's planned headcount × recipes for a range of its days,
 * less what is on hand, as purchase order lines per contracted supplier (ready for POST /api/purchase-orders).
 */
@Injectable()
export class PurchaseSuggestionService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly canteens: CanteensRepository,
    private readonly execution: ExecutionRepository,
    private readonly costing: MenuCosting,
    private readonly facts: MenuFactsRepository,
  ) {}

  async suggest(actor: Actor, planId: string, query: TPurchaseSuggestionQuery): Promise<TPurchaseSuggestion> {
    const scope = requireAccess(actor, 'menu:read');
    const plan = await this.plans.findById(scope, planId);
    if (!plan) throw planNotFound();
    const canteen = await this.canteens.findCanteen(scope, plan.canteen.id);
    if (!canteen) throw planNotFound();
    if (plan.version.status !== 'published') throw new AppError(409, 'PLAN_NOT_PUBLISHED', '计划发布后才能生成采购建议', 'Publish the plan before asking for a purchase suggestion');
    const weekStart = toDay(plan.weekStart);
    const from = query.from < weekStart ? weekStart : query.from;
    const to = query.to > addDays(weekStart, 6) ? addDays(weekStart, 6) : query.to;
    if (from > to) throw badRequest('PERIOD_OUTSIDE_PLAN', `所选日期不在计划的这一周（${weekStart} 起）内`, `The period lies outside the plan's week (from ${weekStart})`);
    const today = shanghaiDay();
    const deliveryDate = query.deliveryDate ?? (addDays(from, -1) > today ? addDays(from, -1) : today);
    if (deliveryDate < today) throw badRequest('DELIVERY_DATE_PAST', `送货日期不能早于今天（${today}）`, `The delivery date cannot be before today (${today})`);

    const entries = (await this.plans.findEntries(scope, [plan.version.id])).map(entryInput).filter((e) => e.day >= from && e.day <= to);
    const recipes = await this.costing.recipes(scope, entries.flatMap((e) => e.dishVersionIds));
    const grams = new Map<string, number>();
    for (const entry of entries) {
      const demand = demandGrams(new Map([[entry.ageBand, entry.dishVersionIds]]), new Map([[entry.ageBand, entry.headcount]]), recipes);
      for (const [id, g] of demand) grams.set(id, (grams.get(id) ?? 0) + g);
    }
    const ids = [...grams.keys()];
    const [facts, onHandRows, contracts, lastSuppliers, prices] = await Promise.all([
      this.facts.ingredients(ids),
      this.execution.onHand(scope, canteen.id, from),
      this.canteens.contractsOn(scope, canteen, deliveryDate),
      this.facts.lastSuppliers(scope, canteen.id, ids),
      this.facts.latestPrices(scope, canteen.id, ids, deliveryDate),
    ]);
    const onHand = new Map(onHandRows.map((r) => [r.ingredient_id, Number(r.quantity)]));

    const groups = new Map<string, Group>();
    const uncovered: TPurchaseSuggestion['uncovered'] = [];
    const covered: TPurchaseSuggestion['covered'] = [];
    for (const id of ids.sort((a, b) => (facts.get(a)?.code ?? '').localeCompare(facts.get(b)?.code ?? ''))) {
      const fact = facts.get(id);
      if (!fact) continue;
      const ingredient = { id, code: fact.code, name: fact.name, category: fact.category, unit: fact.unit };
      const have = onHand.get(id) ?? 0;
      const demand = stockQuantity(grams.get(id)!, fact);
      if (demand === null) {
        uncovered.push({ ingredient, demand: null, onHand: quantityText(have), quantity: null, reason: 'no_conversion' });
        continue;
      }
      const need = demand - have;
      if (need <= 0) {
        covered.push({ ingredient, demand: quantityText(demand), onHand: quantityText(have) });
        continue;
      }
      const quantity = roundUp(need, fact.unitDecimals);
      const candidates = contracts.filter((c) => c.categories.includes(fact.category));
      const last = lastSuppliers.get(id);
      const contract = candidates.find((c) => c.supplier.id === last?.supplierId) ?? candidates[0];
      if (!contract) {
        uncovered.push({ ingredient, demand: quantityText(demand), onHand: quantityText(have), quantity: quantityText(quantity), reason: 'no_contract' });
        continue;
      }
      const unitPriceFen = last?.supplierId === contract.supplier.id ? last.unitPriceFen : (prices.get(id) ?? 0);
      const group = groups.get(contract.id) ?? {
        supplier: contract.supplier,
        contract: { id: contract.id, code: contract.code },
        lines: [],
        totalFen: 0,
        order: {
          canteenId: canteen.id,
          supplierId: contract.supplier.id,
          deliveryDate,
          note: `按 ${weekStart} 周膳食计划 ${from} 至 ${to} 的需求生成`,
          lines: [],
        },
      };
      const amountFen = valueFen(quantity, unitPriceFen);
      group.lines.push({ ingredient, demand: quantityText(demand), onHand: quantityText(have), quantity: quantityText(quantity), unitPriceFen, amountFen });
      group.order.lines.push({ ingredientId: id, quantity: quantityText(quantity), unit: fact.unit as Group['order']['lines'][number]['unit'], unitPriceFen });
      group.totalFen += amountFen;
      groups.set(contract.id, group);
    }
    return {
      plan: { id: plan.id, weekStart, version: plan.version.version },
      canteen: { id: canteen.id, name: canteen.name },
      from,
      to,
      deliveryDate,
      groups: [...groups.values()],
      uncovered,
      covered,
    };
  }
}
