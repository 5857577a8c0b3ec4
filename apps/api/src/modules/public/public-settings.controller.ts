import { Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type TPutPublicSettings, ZPublicSettingsView, ZPutPublicSettings } from '@canteen/shared';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { PublicSettingsService } from './public-settings.service';

/** A canteen's (school's choice) or a county's (its limits) public page sections. */
@ApiTags('public')
@Controller('public-settings')
export class PublicSettingsController {
  constructor(private readonly service: PublicSettingsService) {}

  @Get(':orgUnitId')
  @ZodResponse(ZPublicSettingsView)
  get(@CurrentActor() actor: Actor, @IdParam('orgUnitId') orgUnitId: string) {
    return this.service.get(actor, orgUnitId);
  }

  @Put(':orgUnitId')
  @ZodResponse(ZPublicSettingsView)
  put(@CurrentActor() actor: Actor, @IdParam('orgUnitId') orgUnitId: string, @ValidBody(ZPutPublicSettings) body: TPutPublicSettings) {
    return this.service.put(actor, orgUnitId, body);
  }
}
