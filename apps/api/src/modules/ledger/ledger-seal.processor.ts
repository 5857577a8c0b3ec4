import { Injectable, Logger } from '@nestjs/common';
import { addDays, shanghaiDay } from '@canteen/shared';
import { JobRouter } from '@/common/queue/job-router';
import { systemScope } from '@/common/tenancy/scope';
import { LedgerSealError, LedgerSealService, type SealedDay } from './ledger-seal.service';
import { LedgerVerifyService } from './ledger-verify.service';

/**
 * The `ledgerSeal` job: seals every unsealed past day of every county, then verifies the whole
 * ledger so that a break found overnight reaches the warnings engine. Re-running it seals nothing twice.
 */
@Injectable()
export class LedgerSealProcessor {
  private readonly logger = new Logger('ledger-seal');

  constructor(
    private readonly seal: LedgerSealService,
    private readonly verification: LedgerVerifyService,
    router: JobRouter,
  ) {
    router.on('ledgerSeal', async ({ through }) => {
      await this.process(through === 'yesterday' ? addDays(shanghaiDay(), -1) : through);
    });
  }

  /** Verifies even when a county could not be sealed, so the break behind it is announced; then fails the job. */
  async process(through: string): Promise<void> {
    const scope = systemScope();
    let sealed: SealedDay[] = [];
    let sealError: unknown;
    try {
      sealed = await this.seal.sealThrough(scope, through);
    } catch (error) {
      sealError = error;
      if (error instanceof LedgerSealError) sealed = error.sealed;
    }
    const result = await this.verification.runScheduled(scope);
    this.logger.log(
      {
        through,
        sealed: sealed.length,
        ok: result.ok,
        canteens: result.chains.length,
        digests: result.digestsChecked,
        durationMs: result.durationMs,
      },
      'ledger sealed and verified',
    );
    if (sealError) throw sealError;
  }
}
