import { Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type TMenuPeriodQuery,
  type TProductionHistoryQuery,
  type TProductionQuery,
  type TRecordProduction,
  ZExecution,
  ZMenuCosts,
  ZMenuPeriodQuery,
  ZProductionHistoryQuery,
  ZProductionQuery,
  ZProductionRecord,
  ZProductionResult,
  ZRecordProduction,
} from '@canteen/shared';
import { z } from 'zod';
import { CurrentActor } from '@/common/auth/public.decorator';
import { ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { ExecutionService } from './execution.service';
import { ProductionService } from './production.service';

@ApiTags('menus')
@Controller('menus')
export class ProductionController {
  constructor(
    private readonly production: ProductionService,
    private readonly execution: ExecutionService,
  ) {}

  /** Records a meal (or corrects it with a reason) and answers with its execution check. */
  @Post('production')
  @ZodResponse(ZProductionResult)
  record(@CurrentActor() actor: Actor, @ValidBody(ZRecordProduction) body: TRecordProduction) {
    return this.production.record(actor, body);
  }

  /** The current version of each meal's record in the period. */
  @Get('production')
  @ZodResponse(z.array(ZProductionRecord))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZProductionQuery) query: TProductionQuery) {
    return this.production.list(actor, query);
  }

  @Get('production/history')
  @ZodResponse(z.array(ZProductionRecord))
  history(@CurrentActor() actor: Actor, @ValidQuery(ZProductionHistoryQuery) query: TProductionHistoryQuery) {
    return this.production.history(actor, query);
  }

  /** 执行真实性: expected (recipes × headcount) against issued, per meal and ingredient, and the mass balance per day. */
  @Get('execution')
  @ZodResponse(ZExecution)
  executionView(@CurrentActor() actor: Actor, @ValidQuery(ZMenuPeriodQuery) query: TMenuPeriodQuery) {
    return this.execution.execution(actor, query);
  }

  /** Actual cost per student per meal beside the planned cost and the fund standard. */
  @Get('costs')
  @ZodResponse(ZMenuCosts)
  costs(@CurrentActor() actor: Actor, @ValidQuery(ZMenuPeriodQuery) query: TMenuPeriodQuery) {
    return this.execution.costs(actor, query);
  }
}
