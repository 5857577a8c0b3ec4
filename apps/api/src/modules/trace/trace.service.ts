import { Injectable } from '@nestjs/common';
import { type TBackwardTrace, type TBackwardTraceQuery, type TForwardTrace, type TLotTraceQuery, type TRecall, type TTraceMeal, compactDay, shanghaiDateTime, shanghaiDay } from '@canteen/shared';
import { notFound } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { PlansRepository } from '@/modules/menus/plans.repository';
import { ProductionRepository } from '@/modules/menus/production.repository';
import { type PlannedMeal, groupBy, issuedMeals, planMeals, referenceIds, toBackwardTrace, toForwardTrace, toRecall, toTraceMeals } from './trace.mapper';
import { type ForwardRow, type SupplierRow, type TraceLineRow, type TraceMovementRow, TraceRepository } from './trace.repository';
import { backwardWorkbook, forwardWorkbook, safeFileName } from './trace-workbook';

export interface TraceExport {
  fileName: string;
  asciiName: string;
  data: Buffer;
}

@Injectable()
export class TraceService {
  constructor(
    private readonly repository: TraceRepository,
    private readonly production: ProductionRepository,
    private readonly plans: PlansRepository,
  ) {}

  /** From a canteen and a day back to the batches, deliveries, suppliers, farm bases and certificates, and the meals they fed. */
  async backward(actor: Actor, query: TBackwardTraceQuery): Promise<TBackwardTrace> {
    const scope = requireAccess(actor, 'trace:read');
    return this.backwardIn(scope, query);
  }

  /** From a supplier lot to every canteen in the actor's subtree that received it, its stock movements and meals; the rest are left out unseen. */
  async forward(actor: Actor, query: TLotTraceQuery): Promise<TForwardTrace> {
    const scope = requireAccess(actor, 'trace:read');
    return this.forwardIn(scope, query);
  }

  /** The canteens to call about a lot, with their contacts and what they still hold. */
  async recall(actor: Actor, query: TLotTraceQuery): Promise<TRecall> {
    const scope = requireAccess(actor, 'trace:read');
    const { supplier, rows } = await this.lotRows(scope, query);
    const [refs, contacts] = await Promise.all([
      this.loadReferences(scope, rows, supplier),
      this.repository.findSchoolContacts(scope, [...new Set(rows.map((r) => r.school_id))]),
    ]);
    return toRecall(supplier, query.lotCode, rows, contacts, refs, shanghaiDay());
  }

  async exportBackward(actor: Actor, query: TBackwardTraceQuery): Promise<TraceExport> {
    const scope = requireAccess(actor, 'trace:read');
    const trace = await this.backwardIn(scope, query);
    const place = `${trace.canteen.school.name}${trace.canteen.name}`;
    return {
      fileName: safeFileName(`反向追溯_${place}_${compactDay(query.date)}.xlsx`),
      asciiName: `trace-backward-${compactDay(query.date)}.xlsx`,
      data: await backwardWorkbook(trace, shanghaiDateTime()),
    };
  }

  async exportForward(actor: Actor, query: TLotTraceQuery): Promise<TraceExport> {
    const scope = requireAccess(actor, 'trace:read');
    const trace = await this.forwardIn(scope, query);
    const today = compactDay(shanghaiDay());
    return {
      fileName: safeFileName(`正向追溯_${trace.lot.supplier.name}_${query.lotCode}_${today}.xlsx`),
      asciiName: `trace-forward-${today}.xlsx`,
      data: await forwardWorkbook(trace, shanghaiDateTime()),
    };
  }

  private async backwardIn(scope: Scope, query: TBackwardTraceQuery): Promise<TBackwardTrace> {
    const canteen = await this.repository.findCanteen(scope, query.canteenId);
    if (!canteen) throw notFound('未找到该食堂', 'Canteen not found');
    const rows = await this.repository.backwardRows(scope, canteen.id, query.date);
    const [refs, movements] = await Promise.all([this.loadReferences(scope, rows), this.repository.movements(scope, rows.map((r) => r.batch_id), query.date)]);
    const meals = await this.meals(scope, movements);
    return toBackwardTrace(canteen, query.date, rows, refs, movements, meals.get(canteen.id) ?? []);
  }

  private async forwardIn(scope: Scope, query: TLotTraceQuery): Promise<TForwardTrace> {
    const { supplier, rows } = await this.lotRows(scope, query);
    const [refs, movements] = await Promise.all([
      this.loadReferences(scope, rows, supplier),
      this.repository.movements(scope, rows.flatMap((r) => (r.batch_id ? [r.batch_id] : []))),
    ]);
    return toForwardTrace(supplier, query.lotCode, rows, refs, shanghaiDay(), movements, await this.meals(scope, movements));
  }

  /**
   * The meals each canteen's movements issued to, with the dishes and headcount the menus module
   * holds for them: its records and published plans are read at once for all the canteens, each
   * over its own period, then the plans' entries once for all.
   */
  private async meals(scope: Scope, movements: TraceMovementRow[]): Promise<Map<string, TTraceMeal[]>> {
    const issuedBy = new Map([...groupBy(movements, (m) => m.canteen_id)].map(([canteenId, rows]) => [canteenId, issuedMeals(rows)]));
    const periods = [...issuedBy].flatMap(([canteenId, issued]) => (issued.length > 0 ? [{ canteenId, from: issued[0]!.day, to: issued.at(-1)!.day }] : []));
    const [records, published] = periods.length > 0 ? await Promise.all([this.production.latestInPeriod(scope, periods), this.plans.findPublishedCovering(scope, periods)]) : [[], []];
    const recordsBy = groupBy(records, (r) => r.canteen.id);
    const publishedBy = groupBy(published, (p) => p.plan.canteenId);
    const planned = [...issuedBy].map(([canteenId, issued]): [string, PlannedMeal[]] => [canteenId, planMeals(issued, recordsBy.get(canteenId) ?? [], publishedBy.get(canteenId) ?? [])]);
    // Only the versions of the issued meals: a lot used now and then over months reads a few weeks' plans, not every one.
    const versionIds = [...new Set(planned.flatMap(([, meals]) => meals.flatMap((m) => (m.versionId ? [m.versionId] : []))))];
    const entries = versionIds.length > 0 ? await this.plans.findEntries(scope, versionIds) : [];
    return new Map(planned.map(([canteenId, meals]) => [canteenId, toTraceMeals(meals, entries)]));
  }

  private async lotRows(scope: Scope, query: TLotTraceQuery): Promise<{ supplier: SupplierRow; rows: ForwardRow[] }> {
    const supplier = await this.repository.findSupplier(query.supplierId);
    if (!supplier) throw notFound('未找到该供应商', 'Supplier not found');
    return { supplier, rows: await this.repository.forwardRows(scope, supplier.id, query.lotCode) };
  }

  private loadReferences(scope: Scope, rows: TraceLineRow[], supplier?: SupplierRow) {
    return this.repository.references(scope, referenceIds(rows, supplier ? [supplier.id] : []));
  }
}
