import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type TCreateApiKey, ZApiKey, ZCreateApiKey, ZCreatedApiKey } from '@canteen/shared';
import { z } from 'zod';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { SupplierApiKeys } from './supplier-api-keys.service';

/** A supplier user's keys for their company's own system. */
@ApiTags('suppliers')
@Controller('supplier-api-keys')
export class SupplierApiKeysController {
  constructor(private readonly service: SupplierApiKeys) {}

  @Get()
  @ZodResponse(z.array(ZApiKey))
  list(@CurrentActor() actor: Actor) {
    return this.service.list(actor);
  }

  /** The answer holds the whole key; it is never shown again. */
  @Post()
  @ZodResponse(ZCreatedApiKey)
  create(@CurrentActor() actor: Actor, @ValidBody(ZCreateApiKey) body: TCreateApiKey) {
    return this.service.create(actor, body);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ZodResponse(ZApiKey)
  revoke(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.revoke(actor, id);
  }
}
