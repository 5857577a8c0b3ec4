import { Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type TCreateIngredient,
  type TIngredientQuery,
  type TUpdateIngredient,
  ZCreateIngredient,
  ZIngredient,
  ZIngredientQuery,
  ZUpdateIngredient,
  zPage,
} from '@canteen/shared';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { IngredientsService } from './ingredients.service';

@ApiTags('ingredients')
@Controller('ingredients')
export class IngredientsController {
  constructor(private readonly service: IngredientsService) {}

  @Get()
  @ZodResponse(zPage(ZIngredient))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZIngredientQuery) query: TIngredientQuery) {
    return this.service.list(actor, query);
  }

  @Post()
  @ZodResponse(ZIngredient)
  create(@CurrentActor() actor: Actor, @ValidBody(ZCreateIngredient) body: TCreateIngredient) {
    return this.service.create(actor, body);
  }

  @Get(':id')
  @ZodResponse(ZIngredient)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  @Patch(':id')
  @ZodResponse(ZIngredient)
  update(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZUpdateIngredient) body: TUpdateIngredient) {
    return this.service.update(actor, id, body);
  }
}
