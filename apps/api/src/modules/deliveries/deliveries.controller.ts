import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type TAcceptDelivery,
  type TCreateDeliveryCorrection,
  type TDeliveryQuery,
  type TSubmitManifest,
  ZAcceptDelivery,
  ZCreateDeliveryCorrection,
  ZDeliveryCorrection,
  ZDeliveryFile,
  ZDeliveryQuery,
  ZManifestDetail,
  ZManifestHeader,
  ZManifestSummary,
  ZSubmitManifest,
  zPage,
} from '@canteen/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { AcceptanceService } from './acceptance.service';
import { DeliveriesService } from './deliveries.service';
import { multipartSchema, sendFile } from './http-files';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('deliveries')
@Controller('deliveries')
export class DeliveriesController {
  constructor(
    private readonly service: DeliveriesService,
    private readonly acceptance: AcceptanceService,
  ) {}

  /** Canteen side: deliveries in scope, pending acceptance first; supplier side: its own. */
  @Get()
  @ZodResponse(zPage(ZManifestSummary))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZDeliveryQuery) query: TDeliveryQuery) {
    return this.service.list(actor, query);
  }

  /** A supplier's web form. */
  @Post()
  @ZodResponse(ZManifestDetail)
  submit(@CurrentActor() actor: Actor, @ValidBody(ZSubmitManifest) body: TSubmitManifest) {
    return this.service.submit(actor, body);
  }

  @Get('template.xlsx')
  @ApiProduces(XLSX)
  async template(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const data = await this.service.template(actor);
    sendFile(reply, XLSX, '送货单模板.xlsx');
    return data;
  }

  /** The template filled in (.xlsx) or saved as a UTF-8 .csv, with the manifest's header fields. */
  @Post('import')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: multipartSchema(ZManifestHeader) })
  @ZodResponse(ZManifestDetail)
  importFile(@CurrentActor() actor: Actor, @Req() request: FastifyRequest) {
    return this.service.importFile(actor, request);
  }

  /** A certificate (quarantine certificate, test report): its id goes into a line's certificateIds. */
  @Post('files')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: multipartSchema() })
  @ZodResponse(ZDeliveryFile)
  uploadCertificate(@CurrentActor() actor: Actor, @Req() request: FastifyRequest) {
    return this.service.uploadCertificate(actor, request);
  }

  @Get(':id')
  @ZodResponse(ZManifestDetail)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  @Get(':id/files/:fileId')
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  async file(@CurrentActor() actor: Actor, @IdParam() id: string, @IdParam('fileId') fileId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { record, data } = await this.service.file(actor, id, fileId);
    sendFile(reply, record.contentType, record.originalName);
    return data;
  }

  /** A photo taken at acceptance (JPEG/PNG): its id goes into an acceptance line's photoIds. */
  @Post(':id/photos')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: multipartSchema() })
  @ZodResponse(ZDeliveryFile)
  uploadPhoto(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() request: FastifyRequest) {
    return this.acceptance.uploadPhoto(actor, id, request);
  }

  /** 进货查验 by the signed-in canteen user and a second one identified by username and password. */
  @Post(':id/acceptance')
  @ZodResponse(ZManifestDetail)
  accept(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZAcceptDelivery) body: TAcceptDelivery) {
    return this.acceptance.accept(actor, id, body);
  }

  @Post(':id/corrections')
  @ZodResponse(ZDeliveryCorrection)
  correct(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZCreateDeliveryCorrection) body: TCreateDeliveryCorrection) {
    return this.acceptance.correct(actor, id, body);
  }
}
