import { createPublicKey, generateKeyPairSync, verify as verifySignature } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { GENESIS_HASH, type TVerification } from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { loadConfig } from '@/common/config/config';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import { PrismaService } from '@/common/prisma/prisma.service';
import { systemScope } from '@/common/tenancy/scope';
import { digestExportPath, parseDigestPayload, signDigest } from '@/modules/ledger/ledger-digest';
import { LedgerKeys, signingKeyFromPem } from '@/modules/ledger/ledger-keys';
import { LedgerSealRepository } from '@/modules/ledger/ledger-seal.repository';
import { LedgerSealService } from '@/modules/ledger/ledger-seal.service';
import { LedgerVerifyRepository } from '@/modules/ledger/ledger-verify.repository';
import { LedgerVerifyService } from '@/modules/ledger/ledger-verify.service';
import { sha256Hex } from '@/modules/ledger/merkle';
import {
  type TestMovement,
  batchBalance,
  createAcceptedBatches,
  createStockedBatches,
  insertMovement,
  ledgerDay,
} from '@test/factories/ledger.factory';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { createIngredient } from '@test/factories/supply.factory';
import { type TestUnit, createUnit } from '@test/factories/tree.factory';

/**
 * Tamper evidence against the real database. Every tamper case alters data behind the application's
 * back, as a superuser with the ledger's guards switched off, and verification must name it.
 */

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../../../..');
const config = loadConfig();
// The application's own role: the seal must work without UPDATE/DELETE on the ledger.
const prisma = new PrismaService(config);
const keys = new LedgerKeys(config);
const outbox = new OutboxWriter();
const sealer = new LedgerSealService(new LedgerSealRepository(prisma), keys, outbox, config);
const verifier = new LedgerVerifyService(
  new LedgerVerifyRepository(prisma),
  keys,
  new AuditWriter(),
  outbox,
  config,
);
const superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
/** Concurrent writers as the application's role, each on a connection of its own. */
const appRolePool = (max: number) =>
  new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max,
    options: `-c role=${config.DATABASE_ROLE}`,
  });

interface Fixture {
  county: TestUnit;
  canteens: TestUnit[];
}

async function freshCounty(canteenCount = 1): Promise<Fixture> {
  const province = await createUnit(null, 'province', '校验省', 'province');
  const city = await createUnit(province, 'city', '校验市', 'city');
  const county = await createUnit(city, 'county', '校验区', 'district');
  const school = await createUnit(county, 'school', '校验小学', 'primary');
  const canteens: TestUnit[] = [];
  for (let i = 0; i < canteenCount; i++)
    canteens.push(
      await createUnit(school, 'canteen', `食堂${i + 1}`, 'canteen', {
        connectionStatus: 'connected',
      }),
    );
  return { county, canteens };
}

/** A stock-in four days ago and a stock-out on each day since, up to today: 7 movements. */
async function stockedChain(
  canteen: TestUnit,
): Promise<{ batchId: string; movements: TestMovement[] }> {
  const ingredient = await createIngredient();
  const { batchIds, stockIns } = await createStockedBatches(
    canteen,
    [{ ingredient, quantity: '100' }],
    { occurredOn: ledgerDay(-4) },
  );
  const batchId = batchIds[0]!;
  const movements = [...stockIns];
  for (const offset of [-4, -3, -3, -2, -1, 0]) {
    movements.push(
      await insertMovement({
        batchId,
        kind: 'stock_out',
        quantity: '-1.500',
        occurredOn: ledgerDay(offset),
        meal: 'lunch',
      }),
    );
  }
  return { batchId, movements };
}

async function sealedChain(canteenCount = 1) {
  const fixture = await freshCounty(canteenCount);
  const chains = [];
  for (const canteen of fixture.canteens) chains.push(await stockedChain(canteen));
  const sealed = await sealer.sealThrough(systemScope(fixture.county.path), ledgerDay(-1));
  return { ...fixture, chains, sealed };
}

/** Runs statements as the superuser in one transaction with the named guards off, then restores them. */
async function tamper(
  triggers: { table: 'stock_movement' | 'ledger_digest'; name: string }[],
  ...statements: [string, unknown[]?][]
) {
  await superuser.query('BEGIN');
  try {
    for (const t of triggers)
      await superuser.query(`ALTER TABLE ${t.table} DISABLE TRIGGER ${t.name}`);
    for (const [sql, params] of statements) await superuser.query(sql, params);
    for (const t of triggers)
      await superuser.query(`ALTER TABLE ${t.table} ENABLE TRIGGER ${t.name}`);
    await superuser.query('COMMIT');
  } catch (error) {
    await superuser.query('ROLLBACK');
    throw error;
  }
}
const APPEND_ONLY = { table: 'stock_movement', name: 'stock_movement_append_only' } as const;
const APPEND = { table: 'stock_movement', name: 'stock_movement_append' } as const;
/** The statement trigger that moves heads and balances and refuses a movement not continuing its head. */
const UPKEEP = { table: 'stock_movement', name: 'stock_movement_upkeep' } as const;
const DIGEST_APPEND_ONLY = { table: 'ledger_digest', name: 'ledger_digest_append_only' } as const;

async function verifyCanteen(canteen: TestUnit) {
  const result = await verifier.verify(systemScope(), canteen.id);
  expect(result.chains).toHaveLength(1);
  return { result, chain: result.chains[0]! };
}

const failuresOf = (result: TVerification) =>
  result.digestFailures.map((f) => `${f.day} ${f.problem}`);

beforeAll(async () => {
  keys.onModuleInit();
  await superuser.connect();
});
afterAll(async () => {
  await superuser.end();
  await prisma.$disconnect();
  await closeTestPrisma();
});

describe('sealing', () => {
  it('seals each past day in order into a signed, exported digest of the chains as they stood that day', async () => {
    const { county, canteens, chains, sealed } = await sealedChain(2);
    const days = [ledgerDay(-4), ledgerDay(-3), ledgerDay(-2), ledgerDay(-1)];
    expect(sealed.map((s) => s.day)).toEqual(days);
    expect(sealed.every((s) => s.canteens === 2)).toBe(true);

    const rows = await testPrisma().ledgerDigest.findMany({
      where: { countyId: county.id },
      orderBy: { day: 'asc' },
    });
    expect(rows.map((r) => r.day.toISOString().slice(0, 10))).toEqual(days);
    let previous: string | null = null;
    for (const row of rows) {
      const payload = parseDigestPayload(row.payload)!;
      expect(payload.county).toEqual({ id: county.id, code: county.code });
      expect(payload.previous).toBe(previous === null ? null : sha256Hex(previous));
      expect(row.root).toBe(payload.root);
      previous = row.payload;

      const file = JSON.parse(
        await readFile(
          digestExportPath(config.LEDGER_DIGEST_DIR, county.code, payload.day),
          'utf8',
        ),
      );
      expect(file).toEqual({
        payload: row.payload,
        signature: row.signature,
        keyId: row.keyId,
        publicKey: keys.signing().publicKey,
      });
      // Anyone with the published public key can check the file.
      const publicKey = createPublicKey({
        key: {
          kty: 'OKP',
          crv: 'Ed25519',
          x: Buffer.from(file.publicKey, 'base64').toString('base64url'),
        },
        format: 'jwk',
      });
      expect(
        verifySignature(
          null,
          Buffer.from(file.payload),
          publicKey,
          Buffer.from(file.signature, 'base64'),
        ),
      ).toBe(true);
    }

    // Yesterday's leaf is the last movement dated yesterday, not the head (today's stock-out follows it).
    const last = parseDigestPayload(rows.at(-1)!.payload)!;
    const [first] = chains;
    const leaf = last.leaves.find((l) => l.canteenId === canteens[0]!.id)!;
    expect(leaf).toEqual({ canteenId: canteens[0]!.id, seq: 6, hash: first!.movements[5]!.hash });
    const head = await testPrisma().ledgerHead.findUniqueOrThrow({
      where: { canteenId: canteens[0]!.id },
    });
    expect(head.seq).toBe(7);
    expect(head.sealedThrough?.toISOString().slice(0, 10)).toBe(ledgerDay(-1));
    // The first day: stock-in and the day's stock-out.
    expect(
      parseDigestPayload(rows[0]!.payload)!.leaves.find((l) => l.canteenId === canteens[0]!.id)
        ?.seq,
    ).toBe(2);

    const events = await testPrisma().outboxEvent.findMany({
      where: { type: 'ledger.day-sealed', payload: { path: ['countyId'], equals: county.id } },
    });
    expect(events.map((e) => (e.payload as { day: string }).day).sort()).toEqual(days);
    expect(events.every((e) => e.orgPath === county.path)).toBe(true);

    // Idempotent: nothing more to seal.
    expect(await sealer.sealThrough(systemScope(county.path), ledgerDay(-1))).toEqual([]);
    expect(await testPrisma().ledgerDigest.count({ where: { countyId: county.id } })).toBe(4);
  });

  it('refuses, once a day is sealed, any movement dated on or before it, and never seals a day that is not over', async () => {
    const { county, chains } = await sealedChain();
    const batchId = chains[0]!.batchId;
    await expect(
      insertMovement({ batchId, kind: 'stock_out', quantity: '-1', occurredOn: ledgerDay(-1) }),
    ).rejects.toThrow(/sealed/);
    await expect(
      insertMovement({ batchId, kind: 'stock_out', quantity: '-1', occurredOn: ledgerDay(-3) }),
    ).rejects.toThrow(/sealed/);
    await expect(
      insertMovement({ batchId, kind: 'stock_out', quantity: '-1', occurredOn: ledgerDay(0) }),
    ).resolves.toMatchObject({ seq: 8 });
    expect(await sealer.sealThrough(systemScope(county.path), ledgerDay(0))).toEqual([]);
  });

  it('seals a county without movements from the day asked, with genesis leaves, and never moves a seal backwards', async () => {
    const { county, canteens } = await freshCounty(2);
    await testPrisma().ledgerHead.create({
      data: {
        canteenId: canteens[1]!.id,
        seq: 0,
        hash: GENESIS_HASH,
        sealedThrough: new Date(`${ledgerDay(0)}T00:00:00Z`),
      },
    });
    const sealed = await sealer.sealThrough(systemScope(county.path), ledgerDay(-1));
    expect(sealed.map((s) => s.day)).toEqual([ledgerDay(-1)]);
    const row = await testPrisma().ledgerDigest.findFirstOrThrow({
      where: { countyId: county.id },
    });
    expect(parseDigestPayload(row.payload)!.leaves).toEqual(
      canteens
        .map((c) => ({ canteenId: c.id, seq: 0, hash: GENESIS_HASH }))
        .sort((a, b) => (a.canteenId < b.canteenId ? -1 : 1)),
    );
    const heads = await testPrisma().ledgerHead.findMany({
      where: { canteenId: { in: canteens.map((c) => c.id) } },
    });
    const through = Object.fromEntries(
      heads.map((h) => [h.canteenId, h.sealedThrough?.toISOString().slice(0, 10)]),
    );
    expect(through).toEqual({ [canteens[0]!.id]: ledgerDay(-1), [canteens[1]!.id]: ledgerDay(0) });
  });

  it('keeps concurrent writers of one canteen on one contiguous, valid chain', async () => {
    const { canteens } = await freshCounty();
    const canteen = canteens[0]!;
    const ingredient = await createIngredient();
    const { batchIds } = await createAcceptedBatches(
      canteen,
      Array.from({ length: 20 }, () => ({ ingredient, quantity: '2.5' })),
    );
    const pool = appRolePool(20);
    try {
      await Promise.all(
        batchIds.map((batchId) =>
          pool.query(
            `INSERT INTO stock_movement (id, canteen_id, kind, batch_id, ingredient_id, quantity, occurred_on, group_id, created_by_id)
             SELECT gen_random_uuid(), canteen_id, 'stock_in', id, ingredient_id, quantity, $2::date, gen_random_uuid(), gen_random_uuid()
             FROM stock_batch WHERE id = $1`,
            [batchId, ledgerDay(0)],
          ),
        ),
      );
    } finally {
      await pool.end();
    }
    const seqs = (
      await testPrisma().stockMovement.findMany({
        where: { canteenId: canteen.id },
        select: { seq: true },
        orderBy: { seq: 'asc' },
      })
    ).map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const { result, chain } = await verifyCanteen(canteen);
    expect(result.ok).toBe(true);
    expect(chain).toMatchObject({ movements: 20, headSeq: 20, ok: true, firstBroken: null });
  });

  it('chains many-row statements, several to a transaction and concurrently, moving heads and balances once per statement', async () => {
    const { canteens } = await freshCounty(2);
    const [a, b] = [canteens[0]!, canteens[1]!];
    const ingredient = await createIngredient();
    const stocked = await Promise.all(
      [a, b].map((canteen) =>
        createStockedBatches(
          canteen,
          Array.from({ length: 4 }, () => ({ ingredient, quantity: '100' })),
          { occurredOn: ledgerDay(-1) },
        ),
      ),
    );
    const [batchesA, batchesB] = stocked.map((s) => s.batchIds) as [string[], string[]];
    // Each line takes 1 from a batch; a batch may come twice in one statement.
    const issue = (client: pg.PoolClient | pg.Client, batchIds: string[]) =>
      client.query(
        `INSERT INTO stock_movement (id, canteen_id, kind, batch_id, ingredient_id, quantity, occurred_on, group_id, created_by_id)
         SELECT gen_random_uuid(), b.canteen_id, 'stock_out', b.id, b.ingredient_id, -1, $2::date, gen_random_uuid(), gen_random_uuid()
           FROM unnest($1::uuid[]) WITH ORDINALITY AS l(id, n) JOIN stock_batch b ON b.id = l.id ORDER BY l.n`,
        [batchIds, ledgerDay(0)],
      );
    const pool = appRolePool(6);
    try {
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await issue(client, [...batchesA, batchesA[0]!]);
            await issue(client, [
              batchesB[1]!,
              batchesA[2]!,
              batchesB[1]!,
              batchesA[3]!,
              batchesB[0]!,
            ]);
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        }),
      );
    } finally {
      await pool.end();
    }
    // 4 stock-ins, then 6 transactions of 5 + 2 movements in A and 3 in B.
    for (const [canteen, count] of [
      [a, 4 + 6 * 7],
      [b, 4 + 6 * 3],
    ] as const) {
      const { chain } = await verifyCanteen(canteen);
      expect(chain).toMatchObject({
        movements: count,
        headSeq: count,
        ok: true,
        firstBroken: null,
      });
    }
    expect(await batchBalance(batchesA[0]!)).toBe('88');
    expect(await batchBalance(batchesA[2]!)).toBe('88');
    expect(await batchBalance(batchesB[1]!)).toBe('88');
    expect(await batchBalance(batchesB[2]!)).toBe('100');

    // Two lines of one batch that together take more than it holds: the statement is refused whole.
    const before = await testPrisma().ledgerHead.findUniqueOrThrow({ where: { canteenId: a.id } });
    await expect(
      issue(superuser, [batchesA[1]!, ...Array.from({ length: 89 }, () => batchesA[0]!)]),
    ).rejects.toMatchObject({
      code: '23514',
      message: expect.stringContaining('stock_balance_not_negative'),
    });
    expect(await testPrisma().ledgerHead.findUniqueOrThrow({ where: { canteenId: a.id } })).toEqual(
      before,
    );
    expect(await batchBalance(batchesA[0]!)).toBe('88');
    expect(await batchBalance(batchesA[1]!)).toBe('94');
  });

  it('chains onto the link a transaction wrote only while it holds: not past a rolled-back savepoint nor a seal moved meanwhile', async () => {
    const { canteens } = await freshCounty();
    const canteen = canteens[0]!;
    const ingredient = await createIngredient();
    const { batchIds } = await createStockedBatches(canteen, [{ ingredient, quantity: '100' }], {
      occurredOn: ledgerDay(-2),
    });
    const issue = (client: pg.Client, day: string) =>
      client.query(
        `INSERT INTO stock_movement (id, canteen_id, kind, batch_id, ingredient_id, quantity, occurred_on, group_id, created_by_id)
         SELECT gen_random_uuid(), b.canteen_id, 'stock_out', b.id, b.ingredient_id, -1, $2::date, gen_random_uuid(), gen_random_uuid()
           FROM stock_batch b WHERE b.id = $1`,
        [batchIds[0], day],
      );
    await superuser.query('BEGIN');
    try {
      await issue(superuser, ledgerDay(-1));
      await superuser.query('SAVEPOINT two');
      await issue(superuser, ledgerDay(0));
      await issue(superuser, ledgerDay(0));
      await superuser.query('ROLLBACK TO SAVEPOINT two');
      // Chains onto the first stock-out again, not onto the rows the savepoint took back.
      await issue(superuser, ledgerDay(0));
      await superuser.query('UPDATE ledger_head SET sealed_through = $2 WHERE canteen_id = $1', [
        canteen.id,
        ledgerDay(-1),
      ]);
      await superuser.query('SAVEPOINT sealed');
      await expect(issue(superuser, ledgerDay(-1))).rejects.toMatchObject({ code: 'LG001' });
      await superuser.query('ROLLBACK TO SAVEPOINT sealed');
      await issue(superuser, ledgerDay(0));
      await superuser.query('COMMIT');
    } catch (error) {
      await superuser.query('ROLLBACK');
      throw error;
    }
    const { chain } = await verifyCanteen(canteen);
    expect(chain).toMatchObject({ movements: 4, headSeq: 4, ok: true, firstBroken: null });
    expect(await batchBalance(batchIds[0]!)).toBe('97');

    // A forged link is not trusted: a wrong place in the chain, or a sealed day left out, is refused.
    const head = await testPrisma().ledgerHead.findUniqueOrThrow({
      where: { canteenId: canteen.id },
    });
    for (const [link, day, code] of [
      [`${canteen.id} ${head.seq + 5} ${head.hash}`, ledgerDay(0), 'LG005'],
      [`${canteen.id} ${head.seq} ${'0'.repeat(64)}`, ledgerDay(0), 'LG005'],
      [`${canteen.id} ${head.seq} ${head.hash}`, ledgerDay(-1), 'LG001'],
    ] as const) {
      await superuser.query('BEGIN');
      try {
        await superuser.query(`SELECT set_config('ledger.link', $1, true)`, [link]);
        await expect(issue(superuser, day)).rejects.toMatchObject({ code });
      } finally {
        await superuser.query('ROLLBACK');
      }
    }
    expect(await verifyCanteen(canteen)).toMatchObject({ chain: { movements: 4, ok: true } });
  });

  it('never overwrites an export that differs from what it would seal, and stores nothing then', async () => {
    const { county, canteens } = await sealedChain();
    const day = ledgerDay(-1);
    await tamper(
      [APPEND_ONLY, DIGEST_APPEND_ONLY],
      ['DELETE FROM ledger_digest WHERE county_id = $1 AND day = $2::date', [county.id, day]],
      [
        'UPDATE stock_movement SET quantity = -2 WHERE canteen_id = $1 AND seq = 6',
        [canteens[0]!.id],
      ],
      [
        'UPDATE stock_movement m SET hash = ledger_hash(m.prev_hash, m) WHERE canteen_id = $1 AND seq = 6',
        [canteens[0]!.id],
      ],
    );
    await expect(sealer.sealThrough(systemScope(county.path), day)).rejects.toThrow(
      /already holds another digest of this county and day/,
    );
    expect(await testPrisma().ledgerDigest.count({ where: { countyId: county.id } })).toBe(3);
    const { result } = await verifyCanteen(canteens[0]!);
    expect(failuresOf(result)).toContain(`${day} missing_in_database`);
  });
});

describe('verification', () => {
  it('reports that everything holds for intact chains and digests', async () => {
    const { county, canteens } = await sealedChain(2);
    const result = await verifier.verify(systemScope(), county.id);
    expect(result).toMatchObject({ ok: true, digestsChecked: 4, digestFailures: [] });
    expect(result.chains.map((c) => c.canteen.id).sort()).toEqual(canteens.map((c) => c.id).sort());
    for (const chain of result.chains)
      expect(chain).toMatchObject({
        ok: true,
        movements: 7,
        headSeq: 7,
        checkpoints: 4,
        firstBroken: null,
      });
  });

  it('names a changed quantity at its movement', async () => {
    const { canteens, chains } = await sealedChain();
    await tamper(
      [APPEND_ONLY],
      [
        'UPDATE stock_movement SET quantity = -2.500 WHERE canteen_id = $1 AND seq = 3',
        [canteens[0]!.id],
      ],
    );
    const { result, chain } = await verifyCanteen(canteens[0]!);
    expect(result.ok).toBe(false);
    expect(chain.firstBroken).toMatchObject({
      seq: 3,
      movementId: chains[0]!.movements[2]!.id,
      problem: 'hash_mismatch',
    });
  });

  it('names a row deleted in the middle', async () => {
    const { canteens } = await sealedChain();
    await tamper(
      [APPEND_ONLY],
      ['DELETE FROM stock_movement WHERE canteen_id = $1 AND seq = 4', [canteens[0]!.id]],
    );
    const { chain } = await verifyCanteen(canteens[0]!);
    expect(chain.firstBroken).toMatchObject({ seq: 4, movementId: null, problem: 'sequence_gap' });
    expect(chain.movements).toBe(6);
  });

  it('names a truncated tail', async () => {
    const { canteens } = await sealedChain();
    await tamper(
      [APPEND_ONLY],
      ['DELETE FROM stock_movement WHERE canteen_id = $1 AND seq >= 6', [canteens[0]!.id]],
    );
    const { chain } = await verifyCanteen(canteens[0]!);
    expect(chain.firstBroken).toMatchObject({ seq: 6, problem: 'head_mismatch' });
  });

  it('names a row inserted in the middle with a well-formed hash', async () => {
    // Not sealed, so that only the chain's own links can give the insertion away.
    const { canteens } = await freshCounty();
    await stockedChain(canteens[0]!);
    const id = canteens[0]!.id;
    await tamper(
      [APPEND_ONLY, APPEND, UPKEEP],
      ['UPDATE stock_movement SET seq = seq + 1000 WHERE canteen_id = $1 AND seq >= 4', [id]],
      ['UPDATE stock_movement SET seq = seq - 999 WHERE canteen_id = $1 AND seq >= 1000', [id]],
      [
        `INSERT INTO stock_movement (id, canteen_id, seq, kind, batch_id, ingredient_id, quantity, unit, unit_price_fen, cost_fen, occurred_on, meal, group_id, created_by_id, created_at, prev_hash, hash)
         SELECT gen_random_uuid(), canteen_id, 4, 'stock_out', batch_id, ingredient_id, -1, unit, unit_price_fen, -unit_price_fen, occurred_on, 'lunch', gen_random_uuid(), created_by_id, created_at, hash, ''
         FROM stock_movement WHERE canteen_id = $1 AND seq = 3`,
        [id],
      ],
      [
        'UPDATE stock_movement m SET hash = ledger_hash(m.prev_hash, m) WHERE canteen_id = $1 AND seq = 4',
        [id],
      ],
    );
    const { chain } = await verifyCanteen(canteens[0]!);
    expect(chain.firstBroken).toMatchObject({ seq: 5, problem: 'link_broken' });
  });

  it('names a row appended past the head', async () => {
    const { canteens } = await sealedChain();
    const id = canteens[0]!.id;
    await tamper(
      [APPEND],
      [
        `INSERT INTO stock_movement (id, canteen_id, seq, kind, batch_id, ingredient_id, quantity, unit, unit_price_fen, cost_fen, occurred_on, meal, group_id, created_by_id, created_at, prev_hash, hash)
         SELECT gen_random_uuid(), canteen_id, 8, 'stock_out', batch_id, ingredient_id, -1, unit, unit_price_fen, -unit_price_fen, occurred_on, 'dinner', gen_random_uuid(), created_by_id, created_at, hash, ''
         FROM stock_movement WHERE canteen_id = $1 AND seq = 7`,
        [id],
      ],
    );
    await tamper(
      [APPEND_ONLY],
      [
        'UPDATE stock_movement m SET hash = ledger_hash(m.prev_hash, m) WHERE canteen_id = $1 AND seq = 8',
        [id],
      ],
    );
    const { chain } = await verifyCanteen(canteens[0]!);
    expect(chain.firstBroken).toMatchObject({ seq: 8, problem: 'head_mismatch' });
  });

  it('names a reordered pair', async () => {
    const { canteens } = await sealedChain();
    const id = canteens[0]!.id;
    await tamper(
      [APPEND_ONLY],
      ['UPDATE stock_movement SET seq = -3 WHERE canteen_id = $1 AND seq = 3', [id]],
      ['UPDATE stock_movement SET seq = 3 WHERE canteen_id = $1 AND seq = 4', [id]],
      ['UPDATE stock_movement SET seq = 4 WHERE canteen_id = $1 AND seq = -3', [id]],
    );
    const { chain } = await verifyCanteen(canteens[0]!);
    expect(chain.firstBroken).toMatchObject({ seq: 3, problem: 'link_broken' });
  });

  it('catches a fully re-chained history against the signed checkpoints', async () => {
    const { canteens, chains } = await sealedChain();
    const id = canteens[0]!.id;
    // A quantity changed, every hash and the head recomputed, the balance adjusted: the chain itself holds.
    await tamper(
      [APPEND_ONLY],
      ['UPDATE stock_movement SET quantity = -0.500 WHERE canteen_id = $1 AND seq = 2', [id]],
      [
        'UPDATE stock_balance SET quantity = quantity + 1 WHERE batch_id = $1',
        [chains[0]!.batchId],
      ],
      [
        `DO $$
         DECLARE r stock_movement; prev text := repeat('0', 64);
         BEGIN
           FOR r IN SELECT * FROM stock_movement WHERE canteen_id = '${id}' ORDER BY seq LOOP
             r.prev_hash := prev;
             r.hash := ledger_hash(prev, r);
             UPDATE stock_movement SET prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
             prev := r.hash;
           END LOOP;
           UPDATE ledger_head SET hash = prev WHERE canteen_id = '${id}';
         END $$`,
      ],
    );
    const { chain } = await verifyCanteen(canteens[0]!);
    // The first checkpoint at or after seq 2: the end of the first day (stock-in and its stock-out).
    expect(chain.firstBroken).toMatchObject({ seq: 2, problem: 'checkpoint_mismatch' });
  });

  it('catches a movement slipped into a sealed day and re-chained onto the head', async () => {
    const { canteens, chains } = await sealedChain();
    const id = canteens[0]!.id;
    await tamper(
      [APPEND, UPKEEP],
      [
        `INSERT INTO stock_movement (id, canteen_id, seq, kind, batch_id, ingredient_id, quantity, unit, unit_price_fen, cost_fen, occurred_on, meal, group_id, created_by_id, created_at, prev_hash, hash)
         SELECT gen_random_uuid(), canteen_id, 8, 'stock_out', batch_id, ingredient_id, -1, unit, unit_price_fen, -unit_price_fen, $2::date, 'lunch', gen_random_uuid(), created_by_id, created_at, hash, ''
         FROM stock_movement WHERE canteen_id = $1 AND seq = 7`,
        [id, ledgerDay(-3)],
      ],
    );
    await tamper(
      [APPEND_ONLY],
      [
        'UPDATE stock_movement m SET hash = ledger_hash(m.prev_hash, m) WHERE canteen_id = $1 AND seq = 8',
        [id],
      ],
      [
        `UPDATE ledger_head h SET seq = 8, hash = m.hash FROM stock_movement m WHERE m.canteen_id = h.canteen_id AND h.canteen_id = $1 AND m.seq = 8`,
        [id],
      ],
      [
        'UPDATE stock_balance SET quantity = quantity - 1 WHERE batch_id = $1',
        [chains[0]!.batchId],
      ],
    );
    const { chain } = await verifyCanteen(canteens[0]!);
    expect(chain.firstBroken).toMatchObject({ seq: 8, problem: 'checkpoint_mismatch' });
  });

  it('names a balance that no longer matches its movements', async () => {
    const { canteens, chains } = await sealedChain();
    await tamper(
      [],
      [
        'UPDATE stock_balance SET quantity = quantity + 5 WHERE batch_id = $1',
        [chains[0]!.batchId],
      ],
    );
    const { chain } = await verifyCanteen(canteens[0]!);
    expect(chain.firstBroken).toMatchObject({
      seq: 7,
      movementId: chains[0]!.movements[6]!.id,
      problem: 'balance_mismatch',
    });
  });

  describe('forged checkpoints', () => {
    let fixture: Awaited<ReturnType<typeof sealedChain>>;
    const days = () => [ledgerDay(-4), ledgerDay(-3), ledgerDay(-2), ledgerDay(-1)] as const;

    beforeAll(async () => {
      fixture = await sealedChain();
    });

    it('a digest row with an altered payload fails its signature', async () => {
      const [day] = days();
      await tamper(
        [DIGEST_APPEND_ONLY],
        [
          `UPDATE ledger_digest SET payload = regexp_replace(payload, '"seq":[0-9]+', '"seq":1') WHERE county_id = $1 AND day = $2::date`,
          [fixture.county.id, day],
        ],
      );
      const result = await verifier.verify(systemScope(), fixture.county.id);
      expect(failuresOf(result)).toEqual(
        expect.arrayContaining([`${day} signature_invalid`, `${day} export_differs`]),
      );
      // The forged copy is not trusted; the exported one still vouches for the chain.
      expect(result.chains[0]).toMatchObject({ ok: true, checkpoints: 4 });
    });

    it('a digest re-signed with another key names an unknown key', async () => {
      const [, day] = days();
      const row = await testPrisma().ledgerDigest.findFirstOrThrow({
        where: { countyId: fixture.county.id, day: new Date(`${day}T00:00:00Z`) },
      });
      const forger = signingKeyFromPem(
        generateKeyPairSync('ed25519')
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString(),
      );
      const payload = row.payload.replace(/"seq":\d+/, '"seq":1');
      await tamper(
        [DIGEST_APPEND_ONLY],
        [
          'UPDATE ledger_digest SET payload = $2, signature = $3, key_id = $4 WHERE id = $1',
          [row.id, payload, signDigest(payload, forger), forger.keyId],
        ],
      );
      const result = await verifier.verify(systemScope(), fixture.county.id);
      expect(failuresOf(result)).toEqual(expect.arrayContaining([`${day} unknown_key`]));
    });

    it('a deleted digest row is missing in the database; a deleted or edited export is named too', async () => {
      const [, , day, lastDay] = days();
      await tamper(
        [DIGEST_APPEND_ONLY],
        [
          'DELETE FROM ledger_digest WHERE county_id = $1 AND day = $2::date',
          [fixture.county.id, day],
        ],
      );
      await rm(digestExportPath(config.LEDGER_DIGEST_DIR, fixture.county.code, lastDay));
      const result = await verifier.verify(systemScope(), fixture.county.id);
      expect(failuresOf(result)).toEqual(
        expect.arrayContaining([`${day} missing_in_database`, `${lastDay} missing_export`]),
      );
      expect(result.ok).toBe(false);

      const file = digestExportPath(config.LEDGER_DIGEST_DIR, fixture.county.code, day);
      const content = JSON.parse(await readFile(file, 'utf8'));
      await writeFile(
        file,
        JSON.stringify({ ...content, payload: content.payload.replace(/"seq":\d+/, '"seq":0') }),
      );
      const again = await verifier.verify(systemScope(), fixture.county.id);
      expect(failuresOf(again)).toEqual(
        expect.arrayContaining([`${day} signature_invalid`, `${day} missing_in_database`]),
      );
    });
  });

  it('announces each failure of a scheduled run as ledger.verification-failed', async () => {
    const { county, canteens } = await sealedChain();
    await tamper(
      [APPEND_ONLY],
      [
        'UPDATE stock_movement SET quantity = -3 WHERE canteen_id = $1 AND seq = 5',
        [canteens[0]!.id],
      ],
    );
    const result = await verifier.runScheduled(systemScope(county.path));
    expect(result.ok).toBe(false);
    const events = await testPrisma().outboxEvent.findMany({
      where: {
        type: 'ledger.verification-failed',
        payload: { path: ['canteenId'], equals: canteens[0]!.id },
      },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      orgPath: canteens[0]!.path,
      payload: { subject: 'chain', seq: 5, problem: 'hash_mismatch' },
    });
  });
});

describe('pnpm ledger:verify', () => {
  function runCli(
    args: string[],
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('pnpm', ['--silent', 'ledger:verify', ...args], {
        cwd: ROOT,
        env: process.env,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('exits 0 when a county holds and 1 naming the first broken movement when it does not', async () => {
    const good = await sealedChain();
    const bad = await sealedChain();
    await tamper(
      [APPEND_ONLY],
      ['DELETE FROM stock_movement WHERE canteen_id = $1 AND seq = 2', [bad.canteens[0]!.id]],
    );

    const ok = await runCli(['--county', good.county.code]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`OK +${good.canteens[0]!.code} .*7 movements`));
    expect(ok.stdout).toMatch(/All hold/);

    const broken = await runCli(['--canteen', bad.canteens[0]!.code, '--json']);
    expect(broken.code).toBe(1);
    const json = JSON.parse(broken.stdout) as TVerification;
    expect(json.ok).toBe(false);
    expect(json.chains[0]!.firstBroken).toMatchObject({ seq: 2, problem: 'sequence_gap' });

    const usage = await runCli(['--county', 'no-such-county']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/no county with code/);
  }, 120_000);
});
