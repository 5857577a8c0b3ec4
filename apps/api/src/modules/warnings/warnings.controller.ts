import { Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type TDeadLetterQuery,
  type TPutRuleThresholds,
  type TRuleCatalogueQuery,
  ZDeadLetter,
  ZDeadLetterQuery,
  ZPutRuleThresholds,
  ZRuleCatalogueQuery,
  ZRuleId,
  ZWarningRule,
  zPage,
} from '@canteen/shared';
import { z } from 'zod';
import { CurrentActor } from '@/common/auth/public.decorator';
import { ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import { ZodValidationPipe } from '@/common/http/zod-validation.pipe';
import type { Actor } from '@/common/tenancy/actor';
import { DeadLettersService } from './dead-letters.service';
import { RuleCatalogueService } from './rule-catalogue.service';

const ZJobId = z.string().trim().min(1).max(200);

@ApiTags('warnings')
@Controller('warnings')
export class WarningsController {
  constructor(
    private readonly catalogue: RuleCatalogueService,
    private readonly deadLetters: DeadLettersService,
  ) {}

  /** Every rule with its thresholds in force at the unit and the unit each value comes from. */
  @Get('rules')
  @ZodResponse(z.array(ZWarningRule))
  rules(@CurrentActor() actor: Actor, @ValidQuery(ZRuleCatalogueQuery) query: TRuleCatalogueQuery) {
    return this.catalogue.list(actor, query.orgUnitId);
  }

  /** A unit's own values for one rule (null: inherit again); below a unit that set one, only stricter. */
  @Put('rules/:id/thresholds')
  @ZodResponse(ZWarningRule)
  putThresholds(
    @CurrentActor() actor: Actor,
    @Param('id', new ZodValidationPipe(ZRuleId)) id: string,
    @ValidQuery(ZRuleCatalogueQuery) query: TRuleCatalogueQuery,
    @ValidBody(ZPutRuleThresholds) body: TPutRuleThresholds,
  ) {
    return this.catalogue.putThresholds(actor, id, query.orgUnitId, body);
  }

  /** Domain events that failed their last attempt, with the error (platform operator). */
  @Get('dead-letters')
  @ZodResponse(zPage(ZDeadLetter))
  listDeadLetters(@CurrentActor() actor: Actor, @ValidQuery(ZDeadLetterQuery) query: TDeadLetterQuery) {
    return this.deadLetters.list(actor, query);
  }

  @Post('dead-letters/:jobId/retry')
  @HttpCode(200)
  @ZodResponse(ZDeadLetter)
  retryDeadLetter(@CurrentActor() actor: Actor, @Param('jobId', new ZodValidationPipe(ZJobId)) jobId: string) {
    return this.deadLetters.retry(actor, jobId);
  }
}
