import { Controller, Get, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type TBlacklistChange,
  type TCreateFarmBase,
  type TCreateSupplier,
  type TCreateSupplierUser,
  type TSupplierDocumentQuery,
  type TSupplierQuery,
  type TUpdateFarmBase,
  type TUpdateSupplier,
  ZBlacklistChange,
  ZCreateFarmBase,
  ZCreateSupplier,
  ZCreateSupplierDocument,
  ZCreateSupplierUser,
  ZFarmBase,
  ZSupplier,
  ZSupplierDocument,
  ZSupplierDocumentQuery,
  ZSupplierQuery,
  ZSupplierUser,
  ZUpdateFarmBase,
  ZUpdateSupplier,
  zPage,
} from '@canteen/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { attachmentDisposition } from '@/common/http/content-disposition';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse, jsonSchema } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { SupplierDocumentsService } from './supplier-documents.service';
import { SuppliersService } from './suppliers.service';

const documentUploadSchema = {
  type: 'object',
  required: ['file', 'kind', 'number'],
  properties: { file: { type: 'string', format: 'binary' }, ...((jsonSchema(ZCreateSupplierDocument, 'input').properties ?? {}) as object) },
};

/** RFC 6266: an ASCII fallback plus the UTF-8 name, so Chinese file names survive. */

@ApiTags('suppliers')
@Controller('suppliers')
export class SuppliersController {
  constructor(
    private readonly service: SuppliersService,
    private readonly documents: SupplierDocumentsService,
  ) {}

  @Get()
  @ZodResponse(zPage(ZSupplier))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZSupplierQuery) query: TSupplierQuery) {
    return this.service.list(actor, query);
  }

  @Post()
  @ZodResponse(ZSupplier)
  create(@CurrentActor() actor: Actor, @ValidBody(ZCreateSupplier) body: TCreateSupplier) {
    return this.service.create(actor, body);
  }

  @Get(':id')
  @ZodResponse(ZSupplier)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  @Patch(':id')
  @ZodResponse(ZSupplier)
  update(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZUpdateSupplier) body: TUpdateSupplier) {
    return this.service.update(actor, id, body);
  }

  @Post(':id/blacklist')
  @HttpCode(200)
  @ZodResponse(ZSupplier)
  blacklist(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZBlacklistChange) body: TBlacklistChange) {
    return this.service.blacklist(actor, id, body);
  }

  @Post(':id/lift-blacklist')
  @HttpCode(200)
  @ZodResponse(ZSupplier)
  liftBlacklist(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZBlacklistChange) body: TBlacklistChange) {
    return this.service.liftBlacklist(actor, id, body);
  }

  @Get(':id/users')
  @ZodResponse(z.array(ZSupplierUser))
  listUsers(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.listUsers(actor, id);
  }

  @Post(':id/users')
  @ZodResponse(ZSupplierUser)
  createUser(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZCreateSupplierUser) body: TCreateSupplierUser) {
    return this.service.createUser(actor, id, body);
  }

  @Get(':id/documents')
  @ZodResponse(z.array(ZSupplierDocument))
  listDocuments(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidQuery(ZSupplierDocumentQuery) query: TSupplierDocumentQuery) {
    return this.documents.listDocuments(actor, id, query);
  }

  @Post(':id/documents')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: documentUploadSchema })
  @ZodResponse(ZSupplierDocument)
  createDocument(@CurrentActor() actor: Actor, @IdParam() id: string, @Req() request: FastifyRequest) {
    return this.documents.createDocument(actor, id, request);
  }

  @Get(':id/documents/:documentId/file')
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  async downloadDocument(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('documentId') documentId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { record, data } = await this.documents.downloadDocument(actor, id, documentId);
    void reply
      .header('content-type', record.contentType)
      .header('content-disposition', attachmentDisposition(record.originalName))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store');
    return data;
  }

  @Get(':id/farm-bases')
  @ZodResponse(z.array(ZFarmBase))
  listFarmBases(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.documents.listFarmBases(actor, id);
  }

  @Post(':id/farm-bases')
  @ZodResponse(ZFarmBase)
  createFarmBase(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZCreateFarmBase) body: TCreateFarmBase) {
    return this.documents.createFarmBase(actor, id, body);
  }

  @Get(':id/farm-bases/:farmBaseId')
  @ZodResponse(ZFarmBase)
  getFarmBase(@CurrentActor() actor: Actor, @IdParam() id: string, @IdParam('farmBaseId') farmBaseId: string) {
    return this.documents.getFarmBase(actor, id, farmBaseId);
  }

  @Patch(':id/farm-bases/:farmBaseId')
  @ZodResponse(ZFarmBase)
  updateFarmBase(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('farmBaseId') farmBaseId: string,
    @ValidBody(ZUpdateFarmBase) body: TUpdateFarmBase,
  ) {
    return this.documents.updateFarmBase(actor, id, farmBaseId, body);
  }
}
