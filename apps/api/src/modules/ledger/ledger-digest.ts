import { randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { LedgerSigningKey } from './ledger-keys';
import { type MerkleLeaf, leafHash, merkleRoot, sha256Hex } from './merkle';

/**
 * A county's signed daily digest: the text that is signed, stored verbatim in ledger_digest and
 * exported as a file. Verification parses it and never re-serialises it.
 */
export interface DigestPayload {
  v: 1;
  county: { id: string; code: string };
  day: string;
  /** One per canteen of the county, ordered by canteen id. */
  leaves: MerkleLeaf[];
  root: string;
  /** sha256 of the county's previous digest payload, null for its first. */
  previous: string | null;
}

const ZHex64 = z.string().regex(/^[0-9a-f]{64}$/);
const ZDigestPayload = z.strictObject({
  v: z.literal(1),
  county: z.strictObject({ id: z.string(), code: z.string() }),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  leaves: z.array(
    z.strictObject({ canteenId: z.string(), seq: z.number().int().min(0), hash: ZHex64 }),
  ),
  root: ZHex64,
  previous: ZHex64.nullable(),
});

const byCanteenId = (a: MerkleLeaf, b: MerkleLeaf) =>
  a.canteenId < b.canteenId ? -1 : a.canteenId > b.canteenId ? 1 : 0;

/** Root over the leaves in the order the payload lists them. */
export const rootOfLeaves = (leaves: readonly MerkleLeaf[]): string =>
  merkleRoot(leaves.map(leafHash));

/** The canonical text: keys in a fixed order, leaves sorted by canteen id, no whitespace. */
export function buildDigestPayload(input: {
  county: { id: string; code: string };
  day: string;
  leaves: readonly MerkleLeaf[];
  previousPayload: string | null;
}): { payload: DigestPayload; text: string } {
  const leaves = [...input.leaves]
    .sort(byCanteenId)
    .map(({ canteenId, seq, hash }) => ({ canteenId, seq, hash }));
  const payload: DigestPayload = {
    v: 1,
    county: { id: input.county.id, code: input.county.code },
    day: input.day,
    leaves,
    root: rootOfLeaves(leaves),
    previous: input.previousPayload === null ? null : sha256Hex(input.previousPayload),
  };
  return { payload, text: JSON.stringify(payload) };
}

export function parseDigestPayload(text: string): DigestPayload | null {
  try {
    const parsed = ZDigestPayload.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function signDigest(text: string, key: LedgerSigningKey): string {
  return sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64');
}

export function digestSignatureHolds(text: string, signature: string, key: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

// ─── The export: one file per county and day, outside the database ───

/** What each exported file holds: enough for anyone with the public key to check it. */
export interface DigestExport {
  payload: string;
  signature: string;
  keyId: string;
  publicKey: string;
}

const ZDigestExport = z.object({
  payload: z.string(),
  signature: z.string(),
  keyId: z.string(),
  publicKey: z.string(),
});
const EXPORT_NAME = /^(\d{4}-\d{2}-\d{2})\.json$/;

export class DigestExportConflict extends Error {}

const countyDir = (dir: string, countyCode: string) =>
  path.join(dir, encodeURIComponent(countyCode));

export const digestExportPath = (dir: string, countyCode: string, day: string): string =>
  path.join(countyDir(dir, countyCode), `${day}.json`);

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseExport(text: string): DigestExport | null {
  try {
    const parsed = ZDigestExport.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Writes the file under a temporary name and renames it, so a reader never sees half a digest.
 * An existing file with other content is evidence and is never overwritten. Outside production, one
 * left by another database (a county with the same code but another id: a re-created development or
 * test database sharing the directory) is moved aside instead; in production that is refused too,
 * since changing a county's id must not make the sealer clear the way for re-signed history.
 */
export async function writeDigestExport(
  dir: string,
  countyId: string,
  content: DigestExport,
  options: { moveForeignAside: boolean },
): Promise<{ file: string; written: boolean }> {
  const payload = parseDigestPayload(content.payload)!;
  const file = digestExportPath(dir, payload.county.code, payload.day);
  const existingText = await readText(file);
  if (existingText !== null) {
    const existing = parseExport(existingText);
    if (
      existing &&
      existing.payload === content.payload &&
      existing.signature === content.signature
    )
      return { file, written: false };
    const existingCounty = existing && parseDigestPayload(existing.payload)?.county.id;
    if (!existingCounty || existingCounty === countyId || !options.moveForeignAside) {
      throw new DigestExportConflict(
        `${file} already holds another digest of this county and day; it is kept for verification`,
      );
    }
    await rename(file, `${file}.foreign-${Date.now()}`);
  }
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = path.join(
    path.dirname(file),
    `.${payload.day}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(temporary, 'wx', 0o644);
  try {
    await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { file, written: true };
}

/** Removes an export written by a transaction that then failed to commit. */
export async function removeDigestExport(file: string): Promise<void> {
  await rm(file, { force: true });
}

export type ReadExport = { day: string; file: string } & (
  { content: DigestExport } | { unreadable: string }
);

/** The exported digests of one county (files of another database's county with the same code are skipped). */
export async function readDigestExports(
  dir: string,
  county: { id: string; code: string },
): Promise<ReadExport[]> {
  const folder = countyDir(dir, county.code);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const exports: ReadExport[] = [];
  for (const name of names.sort()) {
    const day = EXPORT_NAME.exec(name)?.[1];
    if (!day) continue;
    const file = path.join(folder, name);
    const text = await readText(file);
    if (text === null) continue;
    const content = parseExport(text);
    if (!content) {
      exports.push({
        day,
        file,
        unreadable: 'not a digest export (payload, signature, keyId, publicKey)',
      });
      continue;
    }
    const payloadCounty = parseDigestPayload(content.payload)?.county.id;
    if (payloadCounty !== undefined && payloadCounty !== county.id) continue;
    exports.push({ day, file, content });
  }
  return exports;
}
