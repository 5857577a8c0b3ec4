import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type TCreateUser,
  type TResetPassword,
  type TUpdateUser,
  type TUserQuery,
  ZCreateUser,
  ZResetPassword,
  ZUpdateUser,
  ZUser,
  ZUserQuery,
  zPage,
} from '@canteen/shared';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly service: UsersService) {}

  @Get()
  @ZodResponse(zPage(ZUser))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZUserQuery) query: TUserQuery) {
    return this.service.list(actor, query);
  }

  @Post()
  @ZodResponse(ZUser)
  create(@CurrentActor() actor: Actor, @ValidBody(ZCreateUser) body: TCreateUser) {
    return this.service.create(actor, body);
  }

  @Get(':id')
  @ZodResponse(ZUser)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  @Patch(':id')
  @ZodResponse(ZUser)
  update(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZUpdateUser) body: TUpdateUser) {
    return this.service.update(actor, id, body);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ZodResponse(ZUser)
  resetPassword(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZResetPassword) body: TResetPassword) {
    return this.service.resetPassword(actor, id, body);
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @ZodResponse(ZUser)
  unlock(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.unlock(actor, id);
  }
}
