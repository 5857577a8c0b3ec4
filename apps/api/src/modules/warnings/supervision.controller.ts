import { Controller, Get, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { type TSupervisionQuery, ZSupervisionQuery, ZSupervisionReport } from '@canteen/shared';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '@/common/auth/public.decorator';
import { ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { sendFile } from '@/modules/deliveries/http-files';
import { XLSX_CONTENT_TYPE } from '@/modules/trace/trace-workbook';
import { SupervisionService } from './supervision.service';

@ApiTags('warnings')
@Controller('warnings')
export class SupervisionController {
  constructor(private readonly service: SupervisionService) {}

  /** 靶向监管: the management units below a unit, ranked by how badly they dealt with their alerts. */
  @Get('supervision')
  @ZodResponse(ZSupervisionReport)
  report(@CurrentActor() actor: Actor, @ValidQuery(ZSupervisionQuery) query: TSupervisionQuery) {
    return this.service.report(actor, query);
  }

  @Get('supervision.xlsx')
  @ApiProduces(XLSX_CONTENT_TYPE)
  async export(@CurrentActor() actor: Actor, @ValidQuery(ZSupervisionQuery) query: TSupervisionQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.service.export(actor, query);
    sendFile(reply, XLSX_CONTENT_TYPE, file.fileName, file.asciiName);
    return file.data;
  }
}
