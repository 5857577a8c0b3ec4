import { Inject, Injectable } from '@nestjs/common';
import {
  GENESIS_HASH,
  type TChainResult,
  type TDigestQuery,
  type TDigestResult,
  type TLedgerDigest,
  type TLedgerPublicKey,
  type TPage,
  type TVerification,
  type TVerificationFailedEvent,
  type TVerifyQuery,
} from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { mapLimited } from '@/common/batching/map-limited';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { notFound } from '@/common/http/app-error';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import type { Actor } from '@/common/tenancy/actor';
import { type Scope, requireAccess } from '@/common/tenancy/scope';
import { ChainCheck, type Checkpoint, checkCountyDigests } from './ledger-checks';
import { parseDigestPayload, readDigestExports } from './ledger-digest';
import { LedgerKeys } from './ledger-keys';
import { LedgerVerifyRepository, type VerifyUnit } from './ledger-verify.repository';

const CHAIN_PAGE = 5_000;
/** PostgreSQL recomputes a chain's hashes on one core: a few chains at a time keep both busy and leave the pool room. */
const CHAINS_AT_ONCE = 3;

/** A verification with the units it covered, for events and audit. */
export interface VerificationRun {
  verification: TVerification;
  root: VerifyUnit | null;
  canteens: VerifyUnit[];
  counties: VerifyUnit[];
}

/**
 * Re-computes every link of the canteens' chains, their heads and balances, and checks the signed
 * daily digests in the database and in the export against the trusted keys.
 */
@Injectable()
export class LedgerVerifyService {
  constructor(
    private readonly repository: LedgerVerifyRepository,
    private readonly keys: LedgerKeys,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'LEDGER_DIGEST_DIR'>,
  ) {}

  /** An official's request: audited, and every failure announced. */
  async run(actor: Actor, query: TVerifyQuery): Promise<TVerification> {
    const scope = requireAccess(actor, 'ledger:verify');
    const run = await this.verifyUnits(scope, query.orgUnitId);
    await this.announce(run, actor);
    return run.verification;
  }

  /** The daily job's run over a scope (the whole tree), announcing failures. */
  async runScheduled(scope: Scope): Promise<TVerification> {
    const run = await this.verifyUnits(scope);
    await this.announce(run, null);
    return run.verification;
  }

  /** The signed digests of the counties that concern a unit of the actor's scope (its own by default). */
  async listDigests(actor: Actor, query: TDigestQuery): Promise<TPage<TLedgerDigest>> {
    const scope = requireAccess(actor, 'ledger:verify');
    let rootPath = scope.path;
    if (query.orgUnitId) {
      const unit = await this.repository.findUnit(scope, query.orgUnitId);
      if (!unit) throw notFound('未找到该单位', 'Org unit not found');
      rootPath = unit.path;
    }
    const { rows, total } = await this.repository.listDigests(scope, rootPath, query);
    return {
      items: rows.map((row) => ({
        id: row.id,
        county: { id: row.countyId, code: row.countyCode, name: row.countyName },
        day: row.day,
        root: row.root,
        canteens: parseDigestPayload(row.payload)?.leaves.length ?? 0,
        keyId: row.keyId,
        signature: row.signature,
        payload: row.payload,
        createdAt: row.createdAt.toISOString(),
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Public: anyone holding an exported digest can check it with this key. */
  publicKey(): TLedgerPublicKey {
    const { keyId, publicKey } = this.keys.signing();
    return { keyId, publicKey, algorithm: 'Ed25519' };
  }

  /** Verifies the canteens under a unit of the scope (the scope's own root by default). */
  async verify(scope: Scope, orgUnitId?: string): Promise<TVerification> {
    return (await this.verifyUnits(scope, orgUnitId)).verification;
  }

  /**
   * County by county, so that memory holds one county's digests and checkpoints at a time. A
   * county's digests cover its canteens' whole history: each leaf is a hash of the chain up to it.
   */
  private async verifyUnits(scope: Scope, orgUnitId?: string): Promise<VerificationRun> {
    const started = Date.now();
    const checkedAt = new Date(started).toISOString();
    let root: VerifyUnit | null;
    if (orgUnitId) {
      root = await this.repository.findUnit(scope, orgUnitId);
      if (!root) throw notFound('未找到该单位', 'Org unit not found');
    } else {
      root = await this.repository.findScopeRoot(scope);
    }
    const rootPath = root?.path ?? scope.path;
    const [canteens, counties] = await Promise.all([
      this.repository.canteens(scope, rootPath),
      this.repository.counties(scope, rootPath),
    ]);
    const trusted = this.keys.trusted();
    const chains = new Map<string, TChainResult>();
    const digestFailures: TDigestResult[] = [];
    let digestsChecked = 0;

    for (const county of counties) {
      const [records, exports] = await Promise.all([
        this.repository.digests(scope, county.id),
        readDigestExports(this.config.LEDGER_DIGEST_DIR, county),
      ]);
      const result = checkCountyDigests(county, records, exports, trusted);
      digestsChecked += result.checked;
      for (const failure of result.failures) {
        digestFailures.push({
          county: { id: county.id, code: county.code, name: county.name },
          ...failure,
        });
      }
      const own = canteens.filter((c) => c.path.startsWith(county.path));
      const results = await mapLimited(own, CHAINS_AT_ONCE, (canteen) =>
        this.verifyChain(scope, canteen, result.checkpoints.get(canteen.id) ?? []),
      );
      own.forEach((canteen, i) => chains.set(canteen.id, results[i]!));
    }
    // The tree puts every canteen under a county; should one not be, its chain is still checked.
    for (const canteen of canteens.filter((c) => !chains.has(c.id))) {
      chains.set(canteen.id, await this.verifyChain(scope, canteen, []));
    }

    const ordered = canteens.map((c) => chains.get(c.id)!);
    const verification: TVerification = {
      ok: ordered.every((c) => c.ok) && digestFailures.length === 0,
      checkedAt,
      durationMs: Date.now() - started,
      chains: ordered,
      digestsChecked,
      digestFailures,
    };
    return { verification, root, canteens, counties };
  }

  private async verifyChain(
    scope: Scope,
    canteen: VerifyUnit,
    checkpoints: Checkpoint[],
  ): Promise<TChainResult> {
    const genesis = { seq: 0, hash: GENESIS_HASH };
    const before = (await this.repository.head(scope, canteen.id)) ?? genesis;
    const check = new ChainCheck(checkpoints);
    let after: { seq: number; id: string } | null = null;
    for (;;) {
      const rows = await this.repository.chainPage(scope, canteen.id, after, CHAIN_PAGE);
      for (const row of rows) check.row(row);
      if (rows.length < CHAIN_PAGE) break;
      const last = rows.at(-1)!;
      after = { seq: last.seq, id: last.id };
    }
    check.finish(before, (await this.repository.head(scope, canteen.id)) ?? genesis);
    for (const mismatch of await this.repository.balanceMismatches(scope, canteen.id))
      check.balance(mismatch);
    return {
      canteen: { id: canteen.id, code: canteen.code, name: canteen.name },
      movements: check.movements,
      headSeq: before.seq,
      checkpoints: checkpoints.length,
      ok: check.firstBroken === null,
      firstBroken: check.firstBroken,
    };
  }

  /** The audit entry of an official's run and one event per failure, in one transaction. */
  private async announce(run: VerificationRun, actor: Actor | null): Promise<void> {
    const { verification } = run;
    const paths = new Map([...run.canteens, ...run.counties].map((unit) => [unit.id, unit.path]));
    const events: { payload: TVerificationFailedEvent; orgPath: string | null }[] = [
      ...verification.chains
        .filter((chain) => chain.firstBroken)
        .map((chain) => ({
          payload: {
            subject: 'chain' as const,
            checkedAt: verification.checkedAt,
            canteenId: chain.canteen.id,
            ...chain.firstBroken!,
          },
          orgPath: paths.get(chain.canteen.id) ?? null,
        })),
      ...verification.digestFailures.map((failure) => ({
        payload: {
          subject: 'digest' as const,
          checkedAt: verification.checkedAt,
          countyId: failure.county.id,
          day: failure.day,
          problem: failure.problem,
          detail: failure.detail,
        },
        orgPath: paths.get(failure.county.id) ?? null,
      })),
    ];
    if (!actor && events.length === 0) return;
    await this.repository.prisma.$transaction(async (tx) => {
      if (actor) {
        await this.audit.record(tx, actor, {
          action: 'ledger.verify',
          entity: 'org_unit',
          entityId: run.root?.id ?? 'all',
          orgPath: run.root?.path ?? null,
          after: {
            ok: verification.ok,
            canteens: verification.chains.length,
            movements: verification.chains.reduce((sum, chain) => sum + chain.movements, 0),
            digestsChecked: verification.digestsChecked,
            broken: verification.chains
              .filter((chain) => !chain.ok)
              .map((chain) => ({ canteenId: chain.canteen.id, ...chain.firstBroken })),
            digestFailures: verification.digestFailures.map((failure) => ({
              countyId: failure.county.id,
              day: failure.day,
              problem: failure.problem,
            })),
          },
        });
      }
      for (const event of events)
        await this.outbox.emit(tx, 'ledger.verification-failed', event.payload, event.orgPath);
    });
  }
}
