import { Controller, Get, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { type TPeriodQuery, ZLedgerReport, ZMealCosts, ZPeriodQuery } from '@canteen/shared';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '@/common/auth/public.decorator';
import { ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { sendFile } from '@/modules/deliveries/http-files';
import { XLSX_CONTENT_TYPE } from '@/modules/trace/trace-workbook';
import { LedgerReportsService } from './ledger-reports.service';

@ApiTags('ledger')
@Controller('ledger')
export class LedgerReportsController {
  constructor(private readonly service: LedgerReportsService) {}

  /** 台账: opening, movements by kind and closing per ingredient for a period. */
  @Get('report')
  @ZodResponse(ZLedgerReport)
  report(@CurrentActor() actor: Actor, @ValidQuery(ZPeriodQuery) query: TPeriodQuery) {
    return this.service.report(actor, query);
  }

  /** 台账导出 for an auditor: the summary, every movement, and how to verify the chain. */
  @Get('report.xlsx')
  @ApiProduces(XLSX_CONTENT_TYPE)
  async exportReport(@CurrentActor() actor: Actor, @ValidQuery(ZPeriodQuery) query: TPeriodQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.service.exportReport(actor, query);
    sendFile(reply, XLSX_CONTENT_TYPE, file.fileName, file.asciiName);
    return file.data;
  }

  /** 餐次成本: what was issued to the kitchen per day and meal. */
  @Get('costs')
  @ZodResponse(ZMealCosts)
  costs(@CurrentActor() actor: Actor, @ValidQuery(ZPeriodQuery) query: TPeriodQuery) {
    return this.service.costs(actor, query);
  }
}
