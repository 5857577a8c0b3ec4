import { Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type TCancelStocktake,
  type TCountStocktake,
  type TCreateStocktake,
  type TStocktakeQuery,
  ZCancelStocktake,
  ZCountStocktake,
  ZCreateStocktake,
  ZStocktake,
  ZStocktakeQuery,
  zPage,
} from '@canteen/shared';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { StocktakesService } from './stocktakes.service';

@ApiTags('ledger')
@Controller('ledger/stocktakes')
export class StocktakesController {
  constructor(private readonly service: StocktakesService) {}

  /** A count sheet with one line per batch on hand, its book quantity the balance now. */
  @Post()
  @ZodResponse(ZStocktake)
  create(@CurrentActor() actor: Actor, @ValidBody(ZCreateStocktake) body: TCreateStocktake) {
    return this.service.create(actor, body);
  }

  @Get()
  @ZodResponse(zPage(ZStocktake))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZStocktakeQuery) query: TStocktakeQuery) {
    return this.service.list(actor, query);
  }

  @Get(':id')
  @ZodResponse(ZStocktake)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  @Patch(':id/lines')
  @ZodResponse(ZStocktake)
  count(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZCountStocktake) body: TCountStocktake) {
    return this.service.count(actor, id, body);
  }

  /** Books the variances as adjustments and closes the sheet (manager only). */
  @Post(':id/post')
  @ZodResponse(ZStocktake)
  post(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.post(actor, id);
  }

  @Post(':id/cancel')
  @ZodResponse(ZStocktake)
  cancel(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZCancelStocktake) body: TCancelStocktake) {
    return this.service.cancel(actor, id, body);
  }
}
