import { Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type TChangeConnection,
  type TCreateOrgUnit,
  type TMoveOrgUnit,
  type TOrgUnitQuery,
  type TUpdateOrgUnit,
  ZChangeConnection,
  ZConnectionEvent,
  ZConnectionRate,
  ZConnectionTrend,
  ZConnectionTrendQuery,
  type TConnectionTrendQuery,
  ZCreateOrgUnit,
  ZMoveOrgUnit,
  ZOrgUnit,
  ZOrgUnitDetail,
  ZOrgUnitMove,
  ZOrgUnitQuery,
  ZUpdateOrgUnit,
  zPage,
} from '@canteen/shared';
import { z } from 'zod';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { OrgUnitsService } from './org-units.service';

@ApiTags('org-units')
@Controller('org-units')
export class OrgUnitsController {
  constructor(private readonly service: OrgUnitsService) {}

  @Get()
  @ZodResponse(zPage(ZOrgUnit))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZOrgUnitQuery) query: TOrgUnitQuery) {
    return this.service.list(actor, query);
  }

  @Post()
  @ZodResponse(ZOrgUnit)
  create(@CurrentActor() actor: Actor, @ValidBody(ZCreateOrgUnit) body: TCreateOrgUnit) {
    return this.service.create(actor, body);
  }

  @Get(':id')
  @ZodResponse(ZOrgUnitDetail)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  @Patch(':id')
  @ZodResponse(ZOrgUnit)
  update(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZUpdateOrgUnit) body: TUpdateOrgUnit) {
    return this.service.update(actor, id, body);
  }

  @Post(':id/move')
  @ZodResponse(ZOrgUnitMove)
  move(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZMoveOrgUnit) body: TMoveOrgUnit) {
    return this.service.move(actor, id, body);
  }

  @Get(':id/moves')
  @ZodResponse(z.array(ZOrgUnitMove))
  moves(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.moves(actor, id);
  }

  @Post(':id/connection')
  @ZodResponse(ZOrgUnit)
  changeConnection(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZChangeConnection) body: TChangeConnection) {
    return this.service.changeConnection(actor, id, body);
  }

  @Get(':id/connection-events')
  @ZodResponse(z.array(ZConnectionEvent))
  connectionEvents(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.connectionEvents(actor, id);
  }

  @Get(':id/connection-trend')
  @ZodResponse(ZConnectionTrend)
  connectionTrend(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidQuery(ZConnectionTrendQuery) query: TConnectionTrendQuery) {
    return this.service.connectionTrend(actor, id, query.days);
  }

  @Get(':id/connection-rate')
  @ZodResponse(ZConnectionRate)
  connectionRate(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.connectionRate(actor, id);
  }
}
