import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor } from '@/common/auth/public.decorator';
import { attachmentDisposition } from '@/common/http/content-disposition';
import { IdParam } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { type CanteenQr, CanteenQrService } from './canteen-qr.service';

const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

function send(reply: FastifyReply, contentType: string, qr: CanteenQr): CanteenQr['data'] {
  void reply
    .header('content-type', contentType)
    .header('content-disposition', attachmentDisposition(qr.fileName, qr.asciiName))
    .header('x-content-type-options', 'nosniff')
    .header('x-public-url', qr.url)
    .header('cache-control', 'private, no-store');
  return qr.data;
}

/** The QR code that opens a canteen's public page, to print and put up (school and officials). */
@ApiTags('public')
@Controller('canteens')
export class CanteenQrController {
  constructor(private readonly service: CanteenQrService) {}

  @Get(':id/qr.png')
  @ApiProduces('image/png')
  async png(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return send(reply, 'image/png', await this.service.png(actor, id, origin(request)));
  }

  @Get(':id/qr.svg')
  @ApiProduces('image/svg+xml')
  async svg(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return send(reply, 'image/svg+xml; charset=utf-8', await this.service.svg(actor, id, origin(request)));
  }
}
