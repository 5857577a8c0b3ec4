import { Injectable } from '@nestjs/common';
import type { TDigestQuery } from '@canteen/shared';
import { Prisma } from '@/generated/prisma/client';
import { PrismaService } from '@/common/prisma/prisma.service';
import { type Scope, scopeWhere } from '@/common/tenancy/scope';

export interface VerifyUnit {
  id: string;
  code: string;
  name: string;
  level: string;
  path: string;
}

export interface ChainRow {
  id: string;
  seq: number;
  occurredOn: string;
  prevHash: string;
  hash: string;
  recomputed: string;
}

export interface DigestRow {
  id: string;
  countyId: string;
  day: string;
  root: string;
  payload: string;
  signature: string;
  keyId: string;
  createdAt: Date;
}

export interface ListedDigestRow extends DigestRow {
  countyCode: string;
  countyName: string;
}

export interface BalanceMismatch {
  batchId: string;
  balance: string | null;
  ledger: string | null;
  lastSeq: number | null;
  lastMovementId: string | null;
}

const UNIT_SELECT = { id: true, code: true, name: true, level: true, path: true } as const;

/**
 * Counties whose digests concern a unit: those below it, and the one above it (a school's or a
 * canteen's own county). Digests name only canteen ids, sequence numbers and hashes.
 */
function digestCountiesWhere(scopePath: string, rootPath: string): Prisma.Sql {
  return Prisma.sql`c.level = 'county'
    AND (starts_with(c.path, ${scopePath}) OR starts_with(${scopePath}, c.path))
    AND (starts_with(c.path, ${rootPath}) OR starts_with(${rootPath}, c.path))`;
}

@Injectable()
export class LedgerVerifyRepository {
  constructor(readonly prisma: PrismaService) {}

  findUnit(scope: Scope, id: string): Promise<VerifyUnit | null> {
    return this.prisma.orgUnit.findFirst({
      where: { id, ...scopeWhere(scope) },
      select: UNIT_SELECT,
    });
  }

  findUnitByCode(scope: Scope, code: string): Promise<VerifyUnit | null> {
    return this.prisma.orgUnit.findFirst({
      where: { code, ...scopeWhere(scope) },
      select: UNIT_SELECT,
    });
  }

  /** The scope's own root unit (an actor's unit), or null for the whole tree. */
  findScopeRoot(scope: Scope): Promise<VerifyUnit | null> {
    return this.prisma.orgUnit.findFirst({ where: { path: scope.path }, select: UNIT_SELECT });
  }

  canteens(scope: Scope, rootPath: string): Promise<VerifyUnit[]> {
    return this.prisma.orgUnit.findMany({
      where: { AND: [scopeWhere(scope), { path: { startsWith: rootPath } }, { level: 'canteen' }] },
      select: UNIT_SELECT,
      orderBy: { code: 'asc' },
    });
  }

  counties(scope: Scope, rootPath: string): Promise<VerifyUnit[]> {
    return this.prisma.$queryRaw<VerifyUnit[]>`
      SELECT c.id::text AS id, c.code, c.name, c.level, c.path FROM org_unit c
      WHERE ${digestCountiesWhere(scope.path, rootPath)} ORDER BY c.code`;
  }

  /** The chain head, or null when the canteen never had a movement nor a seal. */
  async head(scope: Scope, canteenId: string): Promise<{ seq: number; hash: string } | null> {
    const [row] = await this.prisma.$queryRaw<{ seq: number; hash: string }[]>`
      SELECT h.seq, h.hash FROM ledger_head h JOIN org_unit k ON k.id = h.canteen_id
      WHERE h.canteen_id = ${canteenId}::uuid AND starts_with(k.path, ${scope.path})`;
    return row ?? null;
  }

  /**
   * One page of a chain in sequence order, each row with its hash recomputed by the same database
   * function that wrote it, so writer and verifier cannot drift. Keyed by (seq, id): a tampered
   * chain may hold duplicate numbers.
   */
  chainPage(
    scope: Scope,
    canteenId: string,
    after: { seq: number; id: string } | null,
    limit: number,
  ): Promise<ChainRow[]> {
    return this.prisma.$queryRaw<ChainRow[]>`
      SELECT m.id::text AS id, m.seq, to_char(m.occurred_on, 'YYYY-MM-DD') AS "occurredOn", m.prev_hash AS "prevHash", m.hash,
             ledger_hash(m.prev_hash, m) AS recomputed
      FROM stock_movement m
      WHERE m.canteen_id = ${canteenId}::uuid
        AND m.canteen_id IN (SELECT k.id FROM org_unit k WHERE k.id = ${canteenId}::uuid AND starts_with(k.path, ${scope.path}))
        ${after ? Prisma.sql`AND (m.seq, m.id) > (${after.seq}, ${after.id}::uuid)` : Prisma.empty}
      ORDER BY m.seq, m.id
      LIMIT ${limit}`;
  }

  /** Batches whose balance is not the sum of their movements, in one statement (one snapshot of both tables). */
  balanceMismatches(scope: Scope, canteenId: string): Promise<BalanceMismatch[]> {
    return this.prisma.$queryRaw<BalanceMismatch[]>`
      WITH ledger AS (
        SELECT m.batch_id, sum(m.quantity) AS total, max(m.seq) AS last_seq FROM stock_movement m
        WHERE m.canteen_id = ${canteenId}::uuid GROUP BY m.batch_id
      ), balance AS (
        SELECT b.batch_id, b.quantity FROM stock_balance b WHERE b.canteen_id = ${canteenId}::uuid
      )
      SELECT coalesce(l.batch_id, b.batch_id)::text AS "batchId", b.quantity::text AS balance, l.total::text AS ledger,
             l.last_seq AS "lastSeq",
             (SELECT m.id::text FROM stock_movement m WHERE m.canteen_id = ${canteenId}::uuid AND m.seq = l.last_seq LIMIT 1) AS "lastMovementId"
      FROM ledger l FULL JOIN balance b ON b.batch_id = l.batch_id
      WHERE b.quantity IS DISTINCT FROM l.total
        AND EXISTS (SELECT 1 FROM org_unit k WHERE k.id = ${canteenId}::uuid AND starts_with(k.path, ${scope.path}))
      ORDER BY l.last_seq NULLS LAST`;
  }

  /** Every digest of a county, oldest day first. */
  digests(scope: Scope, countyId: string): Promise<DigestRow[]> {
    return this.prisma.$queryRaw<DigestRow[]>`
      SELECT d.id::text AS id, d.county_id::text AS "countyId", to_char(d.day, 'YYYY-MM-DD') AS day, d.root, d.payload,
             d.signature, d.key_id AS "keyId", d.created_at AS "createdAt"
      FROM ledger_digest d JOIN org_unit c ON c.id = d.county_id
      WHERE d.county_id = ${countyId}::uuid AND (starts_with(c.path, ${scope.path}) OR starts_with(${scope.path}, c.path))
      ORDER BY d.day`;
  }

  /** A page of the digests of the counties concerning a unit, newest day first. */
  async listDigests(
    scope: Scope,
    rootPath: string,
    query: TDigestQuery,
  ): Promise<{ rows: ListedDigestRow[]; total: number }> {
    const where = Prisma.sql`${digestCountiesWhere(scope.path, rootPath)}
      ${query.from ? Prisma.sql`AND d.day >= ${query.from}::date` : Prisma.empty}
      ${query.to ? Prisma.sql`AND d.day <= ${query.to}::date` : Prisma.empty}`;
    const [rows, [count]] = await Promise.all([
      this.prisma.$queryRaw<ListedDigestRow[]>`
        SELECT d.id::text AS id, d.county_id::text AS "countyId", to_char(d.day, 'YYYY-MM-DD') AS day, d.root, d.payload,
               d.signature, d.key_id AS "keyId", d.created_at AS "createdAt", c.code AS "countyCode", c.name AS "countyName"
        FROM ledger_digest d JOIN org_unit c ON c.id = d.county_id
        WHERE ${where}
        ORDER BY d.day DESC, c.code
        OFFSET ${(query.page - 1) * query.pageSize} LIMIT ${query.pageSize}`,
      this.prisma.$queryRaw<{ total: bigint }[]>`
        SELECT count(*) AS total FROM ledger_digest d JOIN org_unit c ON c.id = d.county_id WHERE ${where}`,
    ]);
    return { rows, total: Number(count?.total ?? 0) };
  }
}
