import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type TAmendContract,
  type TContractQuery,
  type TCreateContract,
  type TEndContract,
  ZAmendContract,
  ZContract,
  ZContractQuery,
  ZCreateContract,
  ZEndContract,
  zPage,
} from '@canteen/shared';
import { CurrentActor } from '@/common/auth/public.decorator';
import { IdParam, ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { ContractsService } from './contracts.service';

@ApiTags('contracts')
@Controller('contracts')
export class ContractsController {
  constructor(private readonly service: ContractsService) {}

  @Get()
  @ZodResponse(zPage(ZContract))
  list(@CurrentActor() actor: Actor, @ValidQuery(ZContractQuery) query: TContractQuery) {
    return this.service.list(actor, query);
  }

  @Post()
  @ZodResponse(ZContract)
  create(@CurrentActor() actor: Actor, @ValidBody(ZCreateContract) body: TCreateContract) {
    return this.service.create(actor, body);
  }

  @Get(':id')
  @ZodResponse(ZContract)
  get(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.service.get(actor, id);
  }

  @Post(':id/end')
  @HttpCode(200)
  @ZodResponse(ZContract)
  end(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZEndContract) body: TEndContract) {
    return this.service.end(actor, id, body);
  }

  /** Answers the new contract. */
  @Post(':id/amend')
  @ZodResponse(ZContract)
  amend(@CurrentActor() actor: Actor, @IdParam() id: string, @ValidBody(ZAmendContract) body: TAmendContract) {
    return this.service.amend(actor, id, body);
  }
}
