import { generateKeyPairSync } from 'node:crypto';
import { GENESIS_HASH } from '@canteen/shared';
import {
  ChainCheck,
  type ChainRowView,
  type Checkpoint,
  checkCountyDigests,
} from './ledger-checks';
import { buildDigestPayload, signDigest } from './ledger-digest';
import { signingKeyFromPem } from './ledger-keys';
import { sha256Hex } from './merkle';

/** A valid synthetic chain: each hash covers the previous hash and the row's seq. */
function chain(length: number, days: string[] = []): ChainRowView[] {
  const rows: ChainRowView[] = [];
  let previous = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const hash = sha256Hex(`${previous}${seq}`);
    rows.push({
      id: `m${seq}`,
      seq,
      occurredOn: days[seq - 1] ?? '2026-11-20',
      prevHash: previous,
      hash,
      recomputed: hash,
    });
    previous = hash;
  }
  return rows;
}

function walk(
  rows: ChainRowView[],
  checkpoints: Checkpoint[] = [],
  head?: { seq: number; hash: string },
) {
  const check = new ChainCheck(checkpoints);
  rows.forEach((row) => check.row(row));
  const last = rows.at(-1);
  const end = head ?? { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
  check.finish(end, end);
  return check;
}

describe('ChainCheck', () => {
  it('passes a valid chain, an empty one, and one whose checkpoints match', () => {
    const rows = chain(5);
    expect(walk(rows).firstBroken).toBeNull();
    expect(walk([]).firstBroken).toBeNull();
    expect(
      walk(rows, [
        { day: '2026-11-19', seq: 3, hash: rows[2]!.hash },
        { day: '2026-11-18', seq: 0, hash: GENESIS_HASH },
      ]).firstBroken,
    ).toBeNull();
    expect(walk(rows).movements).toBe(5);
  });

  it('names each kind of break at the first broken seq', () => {
    const edited = chain(5);
    edited[2] = { ...edited[2]!, recomputed: sha256Hex('changed') };
    expect(walk(edited).firstBroken).toMatchObject({
      seq: 3,
      movementId: 'm3',
      problem: 'hash_mismatch',
    });

    const gap = chain(5).filter((row) => row.seq !== 3);
    expect(walk(gap).firstBroken).toMatchObject({
      seq: 3,
      movementId: null,
      problem: 'sequence_gap',
    });

    const swapped = chain(5);
    [swapped[1], swapped[2]] = [
      { ...swapped[2]!, seq: 2 },
      { ...swapped[1]!, seq: 3 },
    ];
    expect(walk(swapped).firstBroken).toMatchObject({ seq: 2, problem: 'link_broken' });

    const rows = chain(5);
    expect(walk(rows.slice(0, 3), [], { seq: 5, hash: rows[4]!.hash }).firstBroken).toMatchObject({
      seq: 4,
      problem: 'head_mismatch',
    });
    expect(walk(rows, [], { seq: 4, hash: rows[3]!.hash }).firstBroken).toMatchObject({
      problem: 'head_mismatch',
    });
    expect(
      walk(rows, [{ day: '2026-11-20', seq: 4, hash: sha256Hex('other') }]).firstBroken,
    ).toMatchObject({ seq: 4, problem: 'checkpoint_mismatch' });
    expect(
      walk(rows.slice(0, 2), [{ day: '2026-11-20', seq: 4, hash: rows[3]!.hash }]).firstBroken,
    ).toMatchObject({ seq: 4, problem: 'checkpoint_mismatch' });
  });

  it("finds a row dated inside a sealed day but placed after that day's checkpoint", () => {
    const rows = chain(4, ['2026-11-18', '2026-11-19', '2026-11-21', '2026-11-19']);
    const checkpoints = [
      { day: '2026-11-19', seq: 2, hash: rows[1]!.hash },
      { day: '2026-11-20', seq: 2, hash: rows[1]!.hash },
    ];
    expect(walk(rows, checkpoints).firstBroken).toMatchObject({
      seq: 4,
      movementId: 'm4',
      problem: 'checkpoint_mismatch',
    });
    expect(walk(rows.slice(0, 3), checkpoints).firstBroken).toBeNull();
  });

  it('accepts rows appended by the application while it walked', () => {
    const rows = chain(6);
    const check = new ChainCheck([]);
    rows.forEach((row) => check.row(row));
    check.finish({ seq: 4, hash: rows[3]!.hash }, { seq: 7, hash: sha256Hex('later') });
    expect(check.firstBroken).toBeNull();
  });

  it('reports a balance that is not the sum of its movements', () => {
    const check = walk(chain(2));
    check.balance({
      batchId: 'b1',
      balance: '3.000',
      ledger: '2.000',
      lastSeq: 2,
      lastMovementId: 'm2',
    });
    expect(check.firstBroken).toMatchObject({
      seq: 2,
      movementId: 'm2',
      problem: 'balance_mismatch',
    });
  });
});

describe('checkCountyDigests', () => {
  const key = signingKeyFromPem(
    generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  );
  const other = signingKeyFromPem(
    generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  );
  const trusted = new Map([[key.keyId, key]]);
  const county = { id: 'c0c0c0c0-0000-4000-8000-000000000000', code: '511702' };
  const leaf = (seq: number) => ({
    canteenId: 'aaaaaaaa-0000-4000-8000-000000000000',
    seq,
    hash: sha256Hex(`h${seq}`),
  });

  function days(count: number) {
    const records = [];
    let previous: string | null = null;
    for (let i = 0; i < count; i++) {
      const day = `2026-11-0${i + 1}`;
      const { text, payload } = buildDigestPayload({
        county,
        day,
        leaves: [leaf(i)],
        previousPayload: previous,
      });
      records.push({
        day,
        root: payload.root,
        payload: text,
        signature: signDigest(text, key),
        keyId: key.keyId,
      });
      previous = text;
    }
    return records;
  }
  const exportsOf = (records: ReturnType<typeof days>) =>
    records.map((r) => ({
      day: r.day,
      file: `${r.day}.json`,
      content: {
        payload: r.payload,
        signature: r.signature,
        keyId: r.keyId,
        publicKey: key.publicKey,
      },
    }));

  it('holds for matching, signed, linked days and yields their checkpoints', () => {
    const records = days(3);
    const result = checkCountyDigests(county, records, exportsOf(records), trusted);
    expect(result.failures).toEqual([]);
    expect(result.checked).toBe(3);
    expect(result.checkpoints.get(leaf(0).canteenId)?.map((c) => c.seq)).toEqual([0, 1, 2]);
  });

  it('names a forged payload, a foreign key, a missing copy, a differing export and a broken day link', () => {
    const records = days(4);
    const exported = exportsOf(records);
    const forged = records.map((r) => ({ ...r }));
    forged[0]!.payload = forged[0]!.payload.replace('"seq":0', '"seq":9');
    const resigned = buildDigestPayload({
      county,
      day: records[1]!.day,
      leaves: [leaf(5)],
      previousPayload: records[0]!.payload,
    }).text;
    forged[1] = {
      ...forged[1]!,
      payload: resigned,
      signature: signDigest(resigned, other),
      keyId: other.keyId,
    };
    const result = checkCountyDigests(
      county,
      [forged[0]!, forged[1]!, forged[3]!],
      exported.slice(0, 3),
      trusted,
    );
    const problems = result.failures.map((f) => `${f.day} ${f.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        '2026-11-01 signature_invalid',
        '2026-11-01 export_differs',
        '2026-11-02 unknown_key',
        '2026-11-03 missing_in_database',
        '2026-11-04 missing_export',
      ]),
    );
    // Only signed copies count as checkpoints: the export's true leaves, not the forged ones.
    expect(result.checkpoints.get(leaf(0).canteenId)?.map((c) => c.seq)).toEqual([0, 1, 2, 3]);

    const gap = checkCountyDigests(
      county,
      [records[0]!, records[2]!],
      exportsOf([records[0]!, records[2]!]),
      trusted,
    );
    expect(gap.failures.map((f) => `${f.day} ${f.problem}`)).toEqual([
      '2026-11-02 missing_in_database',
    ]);
    const unlinked = checkCountyDigests(county, [records[1]!], exportsOf([records[1]!]), trusted);
    expect(unlinked.failures.map((f) => f.problem)).toEqual(['previous_mismatch']);
  });
});
