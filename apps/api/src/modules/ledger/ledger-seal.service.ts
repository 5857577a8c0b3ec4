import { Inject, Injectable } from '@nestjs/common';
import { type TDaySealedEvent, addDays, shanghaiDay } from '@canteen/shared';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import type { Scope } from '@/common/tenancy/scope';
import {
  buildDigestPayload,
  removeDigestExport,
  signDigest,
  writeDigestExport,
} from './ledger-digest';
import { LedgerKeys } from './ledger-keys';
import { LedgerSealRepository, type SealCounty } from './ledger-seal.repository';

export interface SealedDay {
  countyId: string;
  countyCode: string;
  day: string;
  root: string;
  canteens: number;
  file: string;
}

export class LedgerSealError extends Error {
  constructor(
    readonly failures: string[],
    readonly sealed: SealedDay[],
  ) {
    super(
      `ledger seal failed for ${failures.length} ${failures.length === 1 ? 'county' : 'counties'}:\n${failures.join('\n')}`,
    );
  }
}

/** A busy county has thousands of canteens to lock and read; the default 5 s would be too tight. */
const SEAL_TRANSACTION = { timeout: 120_000, maxWait: 30_000 };

/**
 * The daily seal: for each county, each canteen's chain as it stood at the end of the day becomes a
 * Merkle leaf; the root goes into a canonical payload that is signed with the key kept outside the
 * database, stored and exported as a file. Later movements may no longer be dated on or before it.
 */
@Injectable()
export class LedgerSealService {
  constructor(
    private readonly repository: LedgerSealRepository,
    private readonly keys: LedgerKeys,
    private readonly outbox: OutboxWriter,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'LEDGER_DIGEST_DIR' | 'NODE_ENV'>,
  ) {}

  /**
   * Seals every unsealed day up to `through` for each county in the scope, oldest first: from the
   * day after its last digest, or else from its earliest movement (else `through` itself). A day that
   * is not over yet is never sealed. Returns the days sealed now; sealed ones are skipped. A county
   * that cannot be sealed does not hold the others back: its error is thrown once all were tried.
   */
  async sealThrough(scope: Scope, through: string): Promise<SealedDay[]> {
    const yesterday = addDays(shanghaiDay(), -1);
    const last = through > yesterday ? yesterday : through;
    const sealed: SealedDay[] = [];
    const failures: string[] = [];
    for (const county of await this.repository.counties(scope)) {
      try {
        const { lastSealed, firstMovement } = await this.repository.sealRange(scope, county);
        let day = lastSealed
          ? addDays(lastSealed, 1)
          : firstMovement && firstMovement < last
            ? firstMovement
            : last;
        for (; day <= last; day = addDays(day, 1)) {
          const result = await this.sealDay(scope, county, day);
          if (result) sealed.push(result);
        }
      } catch (error) {
        failures.push(`${county.code} ${county.name}: ${(error as Error).message}`);
      }
    }
    if (failures.length) throw new LedgerSealError(failures, sealed);
    return sealed;
  }

  /** One county and day in one transaction; null when it was sealed already. */
  async sealDay(scope: Scope, county: SealCounty, day: string): Promise<SealedDay | null> {
    const key = this.keys.signing();
    let exported: { file: string; written: boolean } | undefined;
    try {
      return await this.repository.prisma.$transaction(async (tx) => {
        const canteenIds = await this.repository.lockHeads(tx, scope, county);
        if (await this.repository.isSealed(tx, scope, county, day)) return null;
        const leaves = await this.repository.leaves(tx, scope, canteenIds, day);
        const previous = await this.repository.previousPayload(tx, scope, county, day);
        const { payload, text } = buildDigestPayload({
          county,
          day,
          leaves,
          previousPayload: previous,
        });
        const signature = signDigest(text, key);
        await this.repository.markSealed(tx, scope, canteenIds, day);
        await this.repository.insertDigest(tx, scope, county, {
          countyId: county.id,
          day,
          root: payload.root,
          payload: text,
          signature,
          keyId: key.keyId,
        });
        const event: TDaySealedEvent = { countyId: county.id, day, root: payload.root };
        await this.outbox.emit(tx, 'ledger.day-sealed', event, county.path);
        // Last, so that a refused export (a conflicting file) rolls the seal back.
        exported = await writeDigestExport(
          this.config.LEDGER_DIGEST_DIR,
          county.id,
          { payload: text, signature, keyId: key.keyId, publicKey: key.publicKey },
          { moveForeignAside: this.config.NODE_ENV !== 'production' },
        );
        return {
          countyId: county.id,
          countyCode: county.code,
          day,
          root: payload.root,
          canteens: leaves.length,
          file: exported.file,
        };
      }, SEAL_TRANSACTION);
    } catch (error) {
      if (exported?.written) await removeDigestExport(exported.file);
      throw error;
    }
  }
}
