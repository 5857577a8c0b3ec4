import { Injectable } from '@nestjs/common';
import { GENESIS_HASH } from '@canteen/shared';
import { PrismaService, type Tx } from '@/common/prisma/prisma.service';
import type { Scope } from '@/common/tenancy/scope';
import type { MerkleLeaf } from './merkle';

export interface SealCounty {
  id: string;
  code: string;
  name: string;
  path: string;
}

export interface NewDigest {
  countyId: string;
  day: string;
  root: string;
  payload: string;
  signature: string;
  keyId: string;
}

/** Reads and writes of the daily seal; every query also stays inside the caller's scope. */
@Injectable()
export class LedgerSealRepository {
  constructor(readonly prisma: PrismaService) {}

  /** County-level units inside the scope with at least one canteen below them. */
  counties(scope: Scope): Promise<SealCounty[]> {
    return this.prisma.$queryRaw<SealCounty[]>`
      SELECT c.id::text AS id, c.code, c.name, c.path
      FROM org_unit c
      WHERE c.level = 'county' AND starts_with(c.path, ${scope.path})
        AND EXISTS (SELECT 1 FROM org_unit k WHERE k.level = 'canteen' AND starts_with(k.path, c.path))
      ORDER BY c.code`;
  }

  /** The county's last sealed day and its earliest movement's day, as 'YYYY-MM-DD' or null. */
  async sealRange(
    scope: Scope,
    county: SealCounty,
  ): Promise<{ lastSealed: string | null; firstMovement: string | null }> {
    const [row] = await this.prisma.$queryRaw<
      { last_sealed: string | null; first_movement: string | null }[]
    >`
      SELECT (SELECT to_char(max(d.day), 'YYYY-MM-DD') FROM ledger_digest d WHERE d.county_id = ${county.id}::uuid) AS last_sealed,
             (SELECT to_char(min(m.occurred_on), 'YYYY-MM-DD') FROM stock_movement m JOIN org_unit k ON k.id = m.canteen_id
               WHERE k.level = 'canteen' AND starts_with(k.path, ${county.path}) AND starts_with(k.path, ${scope.path})) AS first_movement`;
    return { lastSealed: row?.last_sealed ?? null, firstMovement: row?.first_movement ?? null };
  }

  /**
   * Locks the chain heads of the county's canteens (creating missing ones), in canteen order so two
   * sealers never deadlock; an insert into any of those chains waits until the seal commits and then
   * sees the new sealed_through. Returns the canteen ids.
   */
  async lockHeads(tx: Tx, scope: Scope, county: SealCounty): Promise<string[]> {
    const canteens = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM org_unit
      WHERE level = 'canteen' AND starts_with(path, ${county.path}) AND starts_with(path, ${scope.path})
      ORDER BY id`;
    const ids = canteens.map((c) => c.id);
    await tx.$executeRaw`
      INSERT INTO ledger_head (canteen_id, seq, hash) SELECT unnest(${ids}::uuid[]), 0, ${GENESIS_HASH}
      ON CONFLICT (canteen_id) DO NOTHING`;
    await tx.$queryRaw`SELECT canteen_id FROM ledger_head WHERE canteen_id = ANY(${ids}::uuid[]) ORDER BY canteen_id FOR UPDATE`;
    return ids;
  }

  async isSealed(tx: Tx, scope: Scope, county: SealCounty, day: string): Promise<boolean> {
    const rows = await tx.$queryRaw<unknown[]>`
      SELECT 1 FROM ledger_digest d JOIN org_unit c ON c.id = d.county_id
      WHERE d.county_id = ${county.id}::uuid AND d.day = ${day}::date AND starts_with(c.path, ${scope.path})`;
    return rows.length > 0;
  }

  /**
   * Each canteen's chain as it stood at the end of the day: its last movement dated on or before it
   * (genesis when none). Not the head: movements of the next day may already follow it.
   */
  leaves(tx: Tx, scope: Scope, canteenIds: string[], day: string): Promise<MerkleLeaf[]> {
    return tx.$queryRaw<MerkleLeaf[]>`
      SELECT k.id::text AS "canteenId", coalesce(m.seq, 0) AS seq, coalesce(m.hash, ${GENESIS_HASH}) AS hash
      FROM org_unit k
      LEFT JOIN LATERAL (
        SELECT seq, hash FROM stock_movement
        WHERE canteen_id = k.id AND occurred_on <= ${day}::date
        ORDER BY seq DESC LIMIT 1
      ) m ON true
      WHERE k.id = ANY(${canteenIds}::uuid[]) AND starts_with(k.path, ${scope.path})
      ORDER BY k.id`;
  }

  /** Never moves a head's sealed day backwards (a catch-up of an older day leaves a later seal alone). */
  async markSealed(tx: Tx, scope: Scope, canteenIds: string[], day: string): Promise<void> {
    await tx.$executeRaw`
      UPDATE ledger_head h SET sealed_through = ${day}::date
      FROM org_unit k
      WHERE k.id = h.canteen_id AND h.canteen_id = ANY(${canteenIds}::uuid[]) AND starts_with(k.path, ${scope.path})
        AND (h.sealed_through IS NULL OR h.sealed_through < ${day}::date)`;
  }

  /** The payload of the county's latest digest before the day: the next digest names its hash. */
  async previousPayload(
    tx: Tx,
    scope: Scope,
    county: SealCounty,
    day: string,
  ): Promise<string | null> {
    const [row] = await tx.$queryRaw<{ payload: string }[]>`
      SELECT d.payload FROM ledger_digest d JOIN org_unit c ON c.id = d.county_id
      WHERE d.county_id = ${county.id}::uuid AND d.day < ${day}::date AND starts_with(c.path, ${scope.path})
      ORDER BY d.day DESC LIMIT 1`;
    return row?.payload ?? null;
  }

  async insertDigest(tx: Tx, scope: Scope, county: SealCounty, digest: NewDigest): Promise<void> {
    if (!county.path.startsWith(scope.path))
      throw new Error(`county ${county.code} is outside the scope`);
    await tx.ledgerDigest.create({
      data: {
        countyId: digest.countyId,
        day: new Date(`${digest.day}T00:00:00Z`),
        root: digest.root,
        payload: digest.payload,
        signature: digest.signature,
        keyId: digest.keyId,
      },
    });
  }
}
