import { Injectable } from '@nestjs/common';
import { type TLedgerReport, type TMealCosts, type TPeriodQuery, compactDay, shanghaiDateTime } from '@canteen/shared';
import { notFound } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { safeFileName } from '@/modules/trace/trace-workbook';
import { type LedgerExportInfo, ledgerWorkbook } from './ledger-export';
import { toLedgerReport, toMealCosts } from './ledger-reports.mapper';
import { type ChainState, LedgerReportsRepository, type ReportCanteenRow } from './ledger-reports.repository';

export interface LedgerExport {
  fileName: string;
  asciiName: string;
  data: Buffer;
}

/** This canteen's leaf in a signed digest's payload, if the payload lists it. */
export function checkpointOf(payload: string, canteenId: string): { seq: number; hash: string } | null {
  try {
    const parsed = JSON.parse(payload) as { leaves?: { canteenId?: unknown; seq?: unknown; hash?: unknown }[] };
    const leaf = parsed.leaves?.find((l) => l.canteenId === canteenId);
    return leaf && typeof leaf.seq === 'number' && typeof leaf.hash === 'string' ? { seq: leaf.seq, hash: leaf.hash } : null;
  } catch {
    return null;
  }
}

/** 台账 and 餐次成本: per canteen and period, summed by the database. */
@Injectable()
export class LedgerReportsService {
  constructor(private readonly repository: LedgerReportsRepository) {}

  async report(actor: Actor, query: TPeriodQuery): Promise<TLedgerReport> {
    const scope = requireAccess(actor, 'stock:read');
    return this.reportIn(scope, await this.canteenIn(scope, query.canteenId), query);
  }

  /** The report as an .xlsx for an auditor: summary, every movement, and how to verify the chain. */
  async exportReport(actor: Actor, query: TPeriodQuery): Promise<LedgerExport> {
    const scope = requireAccess(actor, 'stock:read');
    const canteen = await this.canteenIn(scope, query.canteenId);
    const [report, movements, chain] = await Promise.all([
      this.reportIn(scope, canteen, query),
      this.repository.periodMovements(scope, canteen.id, query.from, query.to),
      this.repository.chainState(scope, canteen.id),
    ]);
    const school = canteen.parent?.name ?? '';
    const period = `${compactDay(query.from)}-${compactDay(query.to)}`;
    return {
      fileName: safeFileName(`出入库台账_${school}${canteen.name}_${period}.xlsx`),
      asciiName: `ledger-${period}.xlsx`,
      data: await ledgerWorkbook(report, movements, this.exportInfo(canteen, query, actor, chain)),
    };
  }

  async costs(actor: Actor, query: TPeriodQuery): Promise<TMealCosts> {
    const scope = requireAccess(actor, 'stock:read');
    const canteen = await this.canteenIn(scope, query.canteenId);
    return toMealCosts(canteen, query.from, query.to, await this.repository.mealCosts(scope, canteen.id, query.from, query.to));
  }

  private async canteenIn(scope: Scope, id: string): Promise<ReportCanteenRow> {
    const canteen = await this.repository.findCanteen(scope, id);
    if (!canteen) throw notFound('未找到该食堂', 'Canteen not found');
    return canteen;
  }

  private async reportIn(scope: Scope, canteen: ReportCanteenRow, query: TPeriodQuery): Promise<TLedgerReport> {
    return toLedgerReport(canteen, query.from, query.to, await this.repository.reportCells(scope, canteen.id, query.from, query.to));
  }

  private exportInfo(canteen: ReportCanteenRow, query: TPeriodQuery, actor: Actor, chain: ChainState): LedgerExportInfo {
    return {
      school: canteen.parent?.name ?? '—',
      canteen: canteen.name,
      canteenCode: canteen.code,
      county: canteen.parent?.parent?.name ?? '—',
      from: query.from,
      to: query.to,
      generatedAt: shanghaiDateTime(),
      generatedBy: actor.displayName,
      head: chain.head,
      digest: chain.digest ? { ...chain.digest, checkpoint: checkpointOf(chain.digest.payload, canteen.id) } : null,
    };
  }
}
