import { Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type TCreatePlan,
  type TPlanQuery,
  type TPurchaseSuggestionQuery,
  type TRevisePlan,
  ZCreatePlan,
  ZPlan,
  ZPlanQuery,
  ZPlanSummary,
  ZPlanVersionSummary,
  ZPurchaseSuggestion,
  ZPurchaseSuggestionQuery,
  ZRevisePlan,
  bilingual,
  zPage,
} from '@canteen/shared';
import { z } from 'zod';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import { ZodValidationPipe } from '@/common/http/zod-validation.pipe';
import type { Actor } from '@/common/tenancy/actor';
import { PlansService } from './plans.service';
import { PurchaseSuggestionService } from './purchase-suggestion.service';

const ZVersionParam = z.coerce
  .number({ error: bilingual('版本号应为正整数', 'The version is a positive whole number') })
  .int(bilingual('版本号应为正整数', 'The version is a positive whole number'))
  .min(1, bilingual('版本号应为正整数', 'The version is a positive whole number'))
  .max(1_000_000, bilingual('版本号应为正整数', 'The version is a positive whole number'));

@ApiTags('menus')
@Controller('menus/plans')
export class PlansController {
  constructor(
    private readonly service: PlansService,
    private readonly suggestions: PurchaseSuggestionService,
  ) {}

  @Get()
  @ZodResponse(zPage(ZPlanSummary))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZPlanQuery) query: TPlanQuery) {
    return this.service.list(actor, query);
  }

  @Post()
  @ZodResponse(ZPlan)
  create(@CurrentActor() actor: Actor, @ValidBody(ZCreatePlan) body: TCreatePlan) {
    return this.service.create(actor, body);
  }

  /** The current version, with costs against the fund standard and a nutrition card per day and age band. */
  @Get(':id')
  @ZodResponse(ZPlan)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  /** A draft changes in place; a published plan gets a new version, with the reason. */
  @Patch(':id')
  @ZodResponse(ZPlan)
  revise(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZRevisePlan) body: TRevisePlan) {
    return this.service.revise(actor, id, body);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ZodResponse(ZPlan)
  publish(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.publish(actor, id);
  }

  @Get(':id/versions')
  @ZodResponse(z.array(ZPlanVersionSummary))
  versions(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.versions(actor, id);
  }

  @Get(':id/versions/:version')
  @ZodResponse(ZPlan)
  version(@CurrentActor() actor: Actor, @IdParam() id: string, @Param('version', new ZodValidationPipe(ZVersionParam)) version: number) {
    return this.service.getVersion(actor, id, version);
  }

  /** Demand of the plan's days from–to less stock on hand, as purchase order lines per contracted supplier. */
  @Get(':id/purchase-suggestion')
  @ZodResponse(ZPurchaseSuggestion)
  purchaseSuggestion(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidQuery(ZPurchaseSuggestionQuery) query: TPurchaseSuggestionQuery) {
    return this.suggestions.suggest(actor, id, query);
  }
}
