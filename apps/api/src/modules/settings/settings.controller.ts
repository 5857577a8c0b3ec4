import { Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type SettingKey,
  type TPutSetting,
  type TSettingsQuery,
  ZPutSetting,
  ZSettingKey,
  ZSettingView,
  ZSettingsQuery,
} from '@canteen/shared';
import { z } from 'zod';
import { CurrentActor } from '@/common/auth/public.decorator';
import { ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import { ZodValidationPipe } from '@/common/http/zod-validation.pipe';
import type { Actor } from '@/common/tenancy/actor';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly service: SettingsService) {}

  @Get()
  @ZodResponse(z.array(ZSettingView))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZSettingsQuery) query: TSettingsQuery) {
    return this.service.list(actor, query.orgUnitId);
  }

  @Put(':key')
  @ZodResponse(ZSettingView)
  set(
    @CurrentActor() actor: Actor,
    @Param('key', new ZodValidationPipe(ZSettingKey)) key: SettingKey,
    @ValidQuery(ZSettingsQuery) query: TSettingsQuery,
    @ValidBody(ZPutSetting) body: TPutSetting,
  ) {
    return this.service.set(actor, key, query.orgUnitId, body);
  }
}
