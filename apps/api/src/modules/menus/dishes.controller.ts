import { Controller, Get, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type TCreateDish,
  type TDishQuery,
  type TReviseDish,
  type TSetDishActive,
  ZCreateDish,
  ZDeliveryFile,
  ZDish,
  ZDishQuery,
  ZReviseDish,
  ZSetDishActive,
  zPage,
} from '@canteen/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { multipartSchema, sendFile } from '@/modules/deliveries/http-files';
import { DishesService } from './dishes.service';

@ApiTags('menus')
@Controller('menus/dishes')
export class DishesController {
  constructor(private readonly service: DishesService) {}

  /** Dishes the asker may see; with canteenId, those that canteen may plan with. */
  @Get()
  @ZodResponse(zPage(ZDish))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZDishQuery) query: TDishQuery) {
    return this.service.list(actor, query);
  }

  @Post()
  @ZodResponse(ZDish)
  create(@CurrentActor() actor: Actor, @ValidBody(ZCreateDish) body: TCreateDish) {
    return this.service.create(actor, body);
  }

  /** A dish photo (JPEG/PNG): its id goes into a dish's photoFileId. */
  @Post('photos')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: multipartSchema() })
  @ZodResponse(ZDeliveryFile)
  uploadPhoto(@CurrentActor() actor: Actor, @Req() request: FastifyRequest) {
    return this.service.uploadPhoto(actor, request);
  }

  @Get(':id')
  @ZodResponse(ZDish)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  /** A change is a new version; plans keep the version they were made with. */
  @Patch(':id')
  @ZodResponse(ZDish)
  revise(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZReviseDish) body: TReviseDish) {
    return this.service.revise(actor, id, body);
  }

  @Post(':id/active')
  @HttpCode(200)
  @ZodResponse(ZDish)
  setActive(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZSetDishActive) body: TSetDishActive) {
    return this.service.setActive(actor, id, body);
  }

  /** Every version, newest first. */
  @Get(':id/versions')
  @ZodResponse(z.array(ZDish))
  versions(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.versions(actor, id);
  }

  @Get(':id/photo')
  @ApiProduces('image/jpeg', 'image/png')
  async photo(@CurrentActor() actor: Actor, @IdParam() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { record, data } = await this.service.photo(actor, id);
    sendFile(reply, record.contentType, record.originalName);
    return data;
  }
}
