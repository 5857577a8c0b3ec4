import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type TDigestQuery,
  type TVerifyQuery,
  ZDigestQuery,
  ZLedgerDigest,
  ZLedgerPublicKey,
  ZVerification,
  ZVerifyQuery,
  zPage,
} from '@canteen/shared';
import { CurrentActor, Public } from '@/common/auth/public.decorator';
import { ValidBody, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { LedgerVerifyService } from './ledger-verify.service';

@ApiTags('ledger')
@Controller('ledger')
export class LedgerIntegrityController {
  constructor(private readonly verification: LedgerVerifyService) {}

  /**
   * Re-computes the chains under a unit and checks the signed digests; stores nothing but the audit
   * entry. Without a body: the actor's own unit.
   */
  @Post('verify')
  @HttpCode(200)
  @ZodResponse(ZVerification)
  verify(
    @CurrentActor() actor: Actor,
    @ValidBody(ZVerifyQuery.optional()) body: TVerifyQuery | undefined,
  ) {
    return this.verification.run(actor, body ?? {});
  }

  @Get('digests')
  @ZodResponse(zPage(ZLedgerDigest))
  digests(@CurrentActor() actor: Actor, @ValidQuery(ZDigestQuery) query: TDigestQuery) {
    return this.verification.listDigests(actor, query);
  }

  @Public()
  @Get('public-key')
  @ZodResponse(ZLedgerPublicKey)
  publicKey() {
    return this.verification.publicKey();
  }
}
