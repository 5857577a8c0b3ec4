import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { type TBackwardTraceQuery, type TLotTraceQuery, ZBackwardTrace, ZBackwardTraceQuery, ZForwardTrace, ZLotTraceQuery, ZRecall } from '@canteen/shared';
import { CurrentActor } from '@/common/auth/public.decorator';
import { ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { TraceService, type TraceExport } from './trace.service';
import { attachmentDisposition } from '@/common/http/content-disposition';
import { XLSX_CONTENT_TYPE } from './trace-workbook';

const download = (file: TraceExport) =>
  new StreamableFile(file.data, { type: XLSX_CONTENT_TYPE, disposition: attachmentDisposition(file.fileName, file.asciiName), length: file.data.length });

@ApiTags('trace')
@Controller('trace')
export class TraceController {
  constructor(private readonly service: TraceService) {}

  @Get('backward')
  @ZodResponse(ZBackwardTrace)
  backward(@CurrentActor() actor: Actor, @ValidQuery(ZBackwardTraceQuery) query: TBackwardTraceQuery) {
    return this.service.backward(actor, query);
  }

  @Get('backward/export')
  @ApiProduces(XLSX_CONTENT_TYPE)
  async exportBackward(@CurrentActor() actor: Actor, @ValidQuery(ZBackwardTraceQuery) query: TBackwardTraceQuery) {
    return download(await this.service.exportBackward(actor, query));
  }

  @Get('forward')
  @ZodResponse(ZForwardTrace)
  forward(@CurrentActor() actor: Actor, @ValidQuery(ZLotTraceQuery) query: TLotTraceQuery) {
    return this.service.forward(actor, query);
  }

  @Get('forward/export')
  @ApiProduces(XLSX_CONTENT_TYPE)
  async exportForward(@CurrentActor() actor: Actor, @ValidQuery(ZLotTraceQuery) query: TLotTraceQuery) {
    return download(await this.service.exportForward(actor, query));
  }

  @Get('recall')
  @ZodResponse(ZRecall)
  recall(@CurrentActor() actor: Actor, @ValidQuery(ZLotTraceQuery) query: TLotTraceQuery) {
    return this.service.recall(actor, query);
  }
}
