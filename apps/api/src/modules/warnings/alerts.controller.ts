import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type TAlertQuery,
  type TBulkAcknowledge,
  type TCloseAlert,
  type THandleAlert,
  type TSendBackAlert,
  ZAlertDetail,
  ZAlertFile,
  ZAlertQuery,
  ZAlertSummary,
  ZBulkAcknowledge,
  ZBulkAcknowledgeResult,
  ZCloseAlert,
  ZHandleAlert,
  ZSendBackAlert,
  zPage,
} from '@canteen/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { multipartSchema, sendFile } from '@/modules/deliveries/http-files';
import { AlertsService } from './alerts.service';

@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly service: AlertsService) {}

  /** Alerts about the asker's subtree or held by it, newest first. */
  @Get()
  @ZodResponse(zPage(ZAlertSummary))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZAlertQuery) query: TAlertQuery) {
    return this.service.list(actor, query);
  }

  /** Several at once; each is done or refused on its own, with the reason. */
  @Post('acknowledge')
  @HttpCode(200)
  @ZodResponse(ZBulkAcknowledgeResult)
  acknowledgeMany(@CurrentActor() actor: Actor, @ValidBody(ZBulkAcknowledge) body: TBulkAcknowledge) {
    return this.service.acknowledgeMany(actor, body.ids);
  }

  @Get(':id')
  @ZodResponse(ZAlertDetail)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ZodResponse(ZAlertDetail)
  acknowledge(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.acknowledge(actor, id);
  }

  /** A photo or document of the measures (JPEG/PNG/PDF): its id goes into the handling's evidenceFileIds. */
  @Post(':id/evidence')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: multipartSchema() })
  @ZodResponse(ZAlertFile)
  uploadEvidence(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() request: FastifyRequest) {
    return this.service.uploadEvidence(actor, id, request);
  }

  @Get(':id/files/:fileId')
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  async file(@CurrentActor() actor: Actor, @IdParam() id: string, @IdParam('fileId') fileId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { record, data } = await this.service.file(actor, id, fileId);
    sendFile(reply, record.contentType, record.originalName);
    return data;
  }

  @Post(':id/handle')
  @HttpCode(200)
  @ZodResponse(ZAlertDetail)
  handle(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZHandleAlert) body: THandleAlert) {
    return this.service.handle(actor, id, body);
  }

  /** Review by a level above the holder: the handling is accepted. */
  @Post(':id/close')
  @HttpCode(200)
  @ZodResponse(ZAlertDetail)
  close(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZCloseAlert) body: TCloseAlert) {
    return this.service.close(actor, id, body);
  }

  /** Review by a level above the holder: the measures are not enough; the holder handles it again. */
  @Post(':id/send-back')
  @HttpCode(200)
  @ZodResponse(ZAlertDetail)
  sendBack(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZSendBackAlert) body: TSendBackAlert) {
    return this.service.sendBack(actor, id, body);
  }
}
