import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DigestExportConflict,
  buildDigestPayload,
  digestExportPath,
  digestSignatureHolds,
  parseDigestPayload,
  readDigestExports,
  rootOfLeaves,
  signDigest,
  writeDigestExport,
} from './ledger-digest';
import { signingKeyFromPem } from './ledger-keys';
import { merkleRoot, sha256Hex } from './merkle';

const county = { id: 'c0c0c0c0-0000-4000-8000-000000000000', code: '511702' };
const A = { canteenId: 'aaaaaaaa-0000-4000-8000-000000000000', seq: 12, hash: '1'.repeat(64) };
const B = { canteenId: 'bbbbbbbb-0000-4000-8000-000000000000', seq: 0, hash: '0'.repeat(64) };

const newKey = () =>
  signingKeyFromPem(
    generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  );

describe('digest payload', () => {
  it('is one canonical text: fixed key order, leaves sorted by canteen id, no whitespace', () => {
    const { text, payload } = buildDigestPayload({
      county,
      day: '2026-11-28',
      leaves: [B, A],
      previousPayload: 'the day before',
    });
    const root = merkleRoot([A, B].map((l) => sha256Hex(`${l.canteenId}:${l.seq}:${l.hash}`)));
    expect(text).toBe(
      `{"v":1,"county":{"id":"${county.id}","code":"511702"},"day":"2026-11-28",` +
        `"leaves":[{"canteenId":"${A.canteenId}","seq":12,"hash":"${A.hash}"},{"canteenId":"${B.canteenId}","seq":0,"hash":"${B.hash}"}],` +
        `"root":"${root}","previous":"${sha256Hex('the day before')}"}`,
    );
    expect(payload.root).toBe(root);
    expect(
      buildDigestPayload({
        county,
        day: '2026-11-28',
        leaves: [A, B],
        previousPayload: 'the day before',
      }).text,
    ).toBe(text);
  });

  it('names no predecessor for a county\'s first day, and roots an empty county at sha256("")', () => {
    const { payload, text } = buildDigestPayload({
      county,
      day: '2026-11-28',
      leaves: [],
      previousPayload: null,
    });
    expect(payload.previous).toBeNull();
    expect(payload.root).toBe(sha256Hex(''));
    expect(parseDigestPayload(text)).toEqual(payload);
  });

  it('parses only well-formed payloads', () => {
    const { text } = buildDigestPayload({
      county,
      day: '2026-11-28',
      leaves: [A],
      previousPayload: null,
    });
    expect(parseDigestPayload(text)?.leaves).toEqual([A]);
    expect(parseDigestPayload('not json')).toBeNull();
    expect(parseDigestPayload(text.replace('"v":1', '"v":2'))).toBeNull();
    expect(
      parseDigestPayload(text.replace('"previous":null', '"previous":null,"extra":1')),
    ).toBeNull();
    expect(rootOfLeaves(parseDigestPayload(text)!.leaves)).toBe(parseDigestPayload(text)!.root);
  });
});

describe('digest signature', () => {
  const key = newKey();
  const { text } = buildDigestPayload({
    county,
    day: '2026-11-28',
    leaves: [A, B],
    previousPayload: null,
  });

  it('holds for the signed text with the signing key', () => {
    const signature = signDigest(text, key);
    expect(Buffer.from(signature, 'base64')).toHaveLength(64);
    expect(digestSignatureHolds(text, signature, key.key)).toBe(true);
  });

  it('fails for one changed character, another key, or a malformed signature', () => {
    const signature = signDigest(text, key);
    expect(digestSignatureHolds(text.replace('"seq":12', '"seq":13'), signature, key.key)).toBe(
      false,
    );
    expect(digestSignatureHolds(text, signature, newKey().key)).toBe(false);
    expect(digestSignatureHolds(text, 'not base64 at all', key.key)).toBe(false);
    expect(digestSignatureHolds(text, '', key.key)).toBe(false);
  });
});

describe('digest export files', () => {
  const key = newKey();
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-digests-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const exportOf = (countyId: string, leaves = [A, B]) => {
    const { text } = buildDigestPayload({
      county: { id: countyId, code: '511702' },
      day: '2026-11-28',
      leaves,
      previousPayload: null,
    });
    return {
      payload: text,
      signature: signDigest(text, key),
      keyId: key.keyId,
      publicKey: key.publicKey,
    };
  };
  const keep = { moveForeignAside: true };

  it('writes <dir>/<county code>/<day>.json whole, and rewriting the same digest is a no-op', async () => {
    const content = exportOf(county.id);
    const first = await writeDigestExport(dir, county.id, content, keep);
    expect(first).toEqual({ file: path.join(dir, '511702', '2026-11-28.json'), written: true });
    expect(first.file).toBe(digestExportPath(dir, '511702', '2026-11-28'));
    expect(JSON.parse(readFileSync(first.file, 'utf8'))).toEqual(content);
    expect(await writeDigestExport(dir, county.id, content, keep)).toEqual({
      file: first.file,
      written: false,
    });
    expect(readdirSync(path.dirname(first.file))).toEqual(['2026-11-28.json']);
    expect(await readDigestExports(dir, county)).toEqual([
      { day: '2026-11-28', file: first.file, content },
    ]);
  });

  it('never overwrites another digest of the same county and day', async () => {
    await writeDigestExport(dir, county.id, exportOf(county.id), keep);
    await expect(writeDigestExport(dir, county.id, exportOf(county.id, [A]), keep)).rejects.toThrow(
      DigestExportConflict,
    );
    expect(
      parseDigestPayload(
        JSON.parse(readFileSync(digestExportPath(dir, '511702', '2026-11-28'), 'utf8')).payload,
      )?.leaves,
    ).toHaveLength(2);
  });

  it("moves another database's file for the same county code aside outside production, and refuses in production", async () => {
    const foreignId = 'f0f0f0f0-0000-4000-8000-000000000000';
    await writeDigestExport(dir, foreignId, exportOf(foreignId), keep);
    // The other database's file is not this county's export.
    expect(await readDigestExports(dir, county)).toEqual([]);
    await expect(
      writeDigestExport(dir, county.id, exportOf(county.id), { moveForeignAside: false }),
    ).rejects.toThrow(DigestExportConflict);
    await writeDigestExport(dir, county.id, exportOf(county.id), keep);
    const names = readdirSync(path.join(dir, '511702'));
    expect(names).toHaveLength(2);
    expect(names.find((name) => name.startsWith('2026-11-28.json.foreign-'))).toBeDefined();
    expect((await readDigestExports(dir, county)).map((e) => e.day)).toEqual(['2026-11-28']);
  });
});
