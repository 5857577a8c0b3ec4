import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type TCancelPurchaseOrder,
  type TCreatePurchaseOrder,
  type TPurchaseOrderQuery,
  ZCancelPurchaseOrder,
  ZCreatePurchaseOrder,
  ZPurchaseOrder,
  ZPurchaseOrderQuery,
  zPage,
} from '@canteen/shared';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { PurchaseOrdersService } from './purchase-orders.service';

@ApiTags('purchase-orders')
@Controller('purchase-orders')
export class PurchaseOrdersController {
  constructor(private readonly service: PurchaseOrdersService) {}

  @Get()
  @ZodResponse(zPage(ZPurchaseOrder))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZPurchaseOrderQuery) query: TPurchaseOrderQuery) {
    return this.service.list(actor, query);
  }

  @Post()
  @ZodResponse(ZPurchaseOrder)
  create(@CurrentActor() actor: Actor, @ValidBody(ZCreatePurchaseOrder) body: TCreatePurchaseOrder) {
    return this.service.create(actor, body);
  }

  @Get(':id')
  @ZodResponse(ZPurchaseOrder)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ZodResponse(ZPurchaseOrder)
  cancel(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZCancelPurchaseOrder) body: TCancelPurchaseOrder) {
    return this.service.cancel(actor, id, body);
  }
}
