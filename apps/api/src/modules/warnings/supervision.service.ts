import { Injectable } from '@nestjs/common';
import { type TAlertSlas, type TSupervisionQuery, type TSupervisionReport, addDays, compactDay, shanghaiDateTime, shanghaiDayStart } from '@canteen/shared';
import { badRequest, notFound } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { requireAccess } from '@/common/tenancy/scope';
import { safeFileName } from '@/modules/trace/trace-workbook';
import { SettingsService } from '@/modules/settings/settings.service';
import { rankUnits } from './supervision-score';
import { SupervisionRepository, type SupervisionUnitRow, type SupervisionWindow } from './supervision.repository';
import { supervisionWorkbook } from './supervision-workbook';

const MAX_DAYS = 366;
export interface SupervisionExport {
  fileName: string;
  asciiName: string;
  data: Buffer;
}

/**
 * Targeted supervision (靶向监管): how the management units below a unit dealt with the alerts they
 * held in a period, worst first. A unit sees the units below it, never its own row: it is supervised
 * by the level above.
 */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly repository: SupervisionRepository,
    private readonly settings: SettingsService,
  ) {}

  async report(actor: Actor, query: TSupervisionQuery): Promise<TSupervisionReport> {
    return (await this.build(actor, query)).report;
  }

  async export(actor: Actor, query: TSupervisionQuery): Promise<SupervisionExport> {
    const { unit, report } = await this.build(actor, query);
    const period = `${compactDay(query.from)}-${compactDay(query.to)}`;
    return {
      fileName: safeFileName(`靶向监管_${unit.name}_${period}.xlsx`),
      asciiName: `supervision-${period}.xlsx`,
      data: await supervisionWorkbook(report, { unit: unit.name, generatedAt: shanghaiDateTime(), generatedBy: actor.displayName }),
    };
  }

  private async build(actor: Actor, query: TSupervisionQuery): Promise<{ unit: SupervisionUnitRow; report: TSupervisionReport }> {
    const scope = requireAccess(actor, 'alert:read');
    if (query.from > query.to) throw badRequest('PERIOD_REVERSED', '开始日期不能晚于结束日期', 'The start day may not be after the end day');
    if (query.to > addDays(query.from, MAX_DAYS - 1)) {
      throw badRequest('PERIOD_TOO_LONG', `统计期间最长 ${MAX_DAYS} 天`, `The period may span at most ${MAX_DAYS} days`);
    }
    const unit = await this.repository.findUnit(scope, query.orgUnitId);
    if (!unit) throw notFound('未找到该单位', 'Org unit not found');
    const window: SupervisionWindow = { basePath: unit.path, start: shanghaiDayStart(query.from), end: shanghaiDayStart(addDays(query.to, 1)) };
    const units = await this.repository.unitsThatHeld(scope, window);
    const slas: Record<string, TAlertSlas> = {};
    for (const held of units) slas[held.id] = (await this.settings.resolve('warnings.sla', held.id)).value;
    const figures = units.length > 0 ? await this.repository.figures(scope, window, slas) : [];
    return { unit, report: { from: query.from, to: query.to, rows: rankUnits(units, figures) } };
  }
}
