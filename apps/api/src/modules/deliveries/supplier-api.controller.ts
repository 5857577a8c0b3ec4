import { Controller, Get, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import { type TSubmitManifest, ZDeliveryFile, ZManifestDetail, ZSubmitManifest } from '@canteen/shared';
import type { FastifyRequest } from 'fastify';
import { Public } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ZodResponse } from '@/common/http/zod-decorators';
import type { SupplierKeyAccess } from './delivery-access';
import { DeliveriesService } from './deliveries.service';
import { multipartSchema } from './http-files';
import { SubmitsManifest, SupplierApiKeyGuard, SupplierKey } from './supplier-api-key.guard';

/** The JSON API for a supplier's own system: the same manifests and validation as the web form. */
@ApiTags('supplier-api')
@ApiHeader({ name: 'authorization', required: true, description: 'Bearer cks_<prefix>_<secret> (the supplier API key)' })
@Public()
@UseGuards(SupplierApiKeyGuard)
@Controller('supplier-api/v1')
export class SupplierApiController {
  constructor(private readonly service: DeliveriesService) {}

  @Post('deliveries')
  @SubmitsManifest()
  @ZodResponse(ZManifestDetail)
  submit(@SupplierKey() key: SupplierKeyAccess, @ValidBody(ZSubmitManifest) body: TSubmitManifest) {
    return this.service.submitByApiKey(key, body);
  }

  @Get('deliveries/:id')
  @ZodResponse(ZManifestDetail)
  get(@SupplierKey() key: SupplierKeyAccess, @IdParam() id: string) {
    return this.service.getByApiKey(key, id);
  }

  @Post('files')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: multipartSchema() })
  @ZodResponse(ZDeliveryFile)
  uploadCertificate(@SupplierKey() key: SupplierKeyAccess, @Req() request: FastifyRequest) {
    return this.service.uploadCertificateByApiKey(key, request);
  }
}
