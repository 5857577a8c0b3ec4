import { Controller, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import {
  type TAssessNutrition,
  type TFoodQuery,
  type TIngredientNutritionQuery,
  type TLinkIngredientFood,
  type TNutritionTargetsQuery,
  ZAssessNutrition,
  ZFood,
  ZFoodImportResult,
  ZFoodQuery,
  ZIngredientNutrition,
  ZIngredientNutritionQuery,
  ZLinkIngredientFood,
  ZNutritionAssessment,
  ZNutritionTargetsQuery,
  ZNutritionTargetsView,
  zPage,
} from '@canteen/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { multipartSchema } from '@/modules/deliveries/http-files';
import { NutritionService } from './nutrition.service';

@ApiTags('nutrition')
@Controller('nutrition')
export class NutritionController {
  constructor(private readonly service: NutritionService) {}

  @Get('foods')
  @ZodResponse(zPage(ZFood))
  listFoods(@CurrentActor() actor: Actor, @ValidQuery(ZFoodQuery) query: TFoodQuery) {
    return this.service.listFoods(actor, query);
  }

  /** A food composition table as UTF-8 CSV (platform operator); `source` names the rows' source when the file has no source column. */
  @Post('foods/import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: multipartSchema(z.object({ source: z.string().optional() })) })
  @ZodResponse(ZFoodImportResult)
  importFoods(@CurrentActor() actor: Actor, @Req() request: FastifyRequest) {
    return this.service.importFoods(actor, request);
  }

  @Get('ingredients')
  @ZodResponse(zPage(ZIngredientNutrition))
  listIngredients(@CurrentActor() actor: Actor, @ValidQuery(ZIngredientNutritionQuery) query: TIngredientNutritionQuery) {
    return this.service.listIngredients(actor, query);
  }

  @Put('ingredients/:id/food')
  @ZodResponse(ZIngredientNutrition)
  linkIngredient(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZLinkIngredientFood) body: TLinkIngredientFood) {
    return this.service.linkIngredient(actor, id, body);
  }

  @Get('targets')
  @ZodResponse(ZNutritionTargetsView)
  targets(@CurrentActor() actor: Actor, @ValidQuery(ZNutritionTargetsQuery) query: TNutritionTargetsQuery) {
    return this.service.targets(actor, query);
  }

  /** Live feedback for the plan editor: one day's meals for one age band at a canteen. */
  @Post('assess')
  @HttpCode(200)
  @ZodResponse(ZNutritionAssessment)
  assess(@CurrentActor() actor: Actor, @ValidBody(ZAssessNutrition) body: TAssessNutrition) {
    return this.service.assess(actor, body);
  }
}
