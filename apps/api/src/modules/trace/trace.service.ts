import { Injectable } from '@nestjs/common';
import { type TBackwardTrace, type TBackwardTraceQuery, type TForwardTrace, type TLotTraceQuery, type TRecall, shanghaiDay } from '@canteen/shared';
import { notFound } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { referenceIds, toBackwardTrace, toForwardTrace, toRecall } from './trace.mapper';
import { type ForwardRow, type SupplierRow, type TraceLineRow, TraceRepository } from './trace.repository';
import { backwardWorkbook, forwardWorkbook, safeFileName } from './trace-workbook';

export interface TraceExport {
  fileName: string;
  asciiName: string;
  data: Buffer;
}

const compactDay = (day: string) => day.replaceAll('-', '');
const shanghaiTime = (instant = new Date()) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23' }).format(instant);

@Injectable()
export class TraceService {
  constructor(private readonly repository: TraceRepository) {}

  /** From a canteen and a day back to the batches, deliveries, suppliers, farm bases and certificates. */
  async backward(actor: Actor, query: TBackwardTraceQuery): Promise<TBackwardTrace> {
    const scope = requireAccess(actor, 'trace:read');
    return this.backwardIn(scope, query);
  }

  /** From a supplier lot to every canteen in the actor's subtree that received it; the rest are left out unseen. */
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
      data: await backwardWorkbook(trace, shanghaiTime()),
    };
  }

  async exportForward(actor: Actor, query: TLotTraceQuery): Promise<TraceExport> {
    const scope = requireAccess(actor, 'trace:read');
    const trace = await this.forwardIn(scope, query);
    const today = compactDay(shanghaiDay());
    return {
      fileName: safeFileName(`正向追溯_${trace.lot.supplier.name}_${query.lotCode}_${today}.xlsx`),
      asciiName: `trace-forward-${today}.xlsx`,
      data: await forwardWorkbook(trace, shanghaiTime()),
    };
  }

  private async backwardIn(scope: Scope, query: TBackwardTraceQuery): Promise<TBackwardTrace> {
    const canteen = await this.repository.findCanteen(scope, query.canteenId);
    if (!canteen) throw notFound('未找到该食堂', 'Canteen not found');
    const rows = await this.repository.backwardRows(scope, canteen.id, query.date);
    const refs = await this.loadReferences(scope, rows);
    return toBackwardTrace(canteen, query.date, rows, refs);
  }

  private async forwardIn(scope: Scope, query: TLotTraceQuery): Promise<TForwardTrace> {
    const { supplier, rows } = await this.lotRows(scope, query);
    const refs = await this.loadReferences(scope, rows, supplier);
    return toForwardTrace(supplier, query.lotCode, rows, refs, shanghaiDay());
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
