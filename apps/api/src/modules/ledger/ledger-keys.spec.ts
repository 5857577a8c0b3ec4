import { statSync, writeFileSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import {
  LedgerKeyError,
  LedgerKeys,
  loadSigningKey,
  parseTrustedKeys,
  publicKeyFromBase64,
} from './ledger-keys';

describe('ledger keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const config = (
    over: Partial<{
      NODE_ENV: 'development' | 'test' | 'production';
      file: string;
      trusted: string;
    }> = {},
  ) => ({
    NODE_ENV: over.NODE_ENV ?? ('test' as const),
    LEDGER_SIGNING_KEY_FILE: over.file ?? path.join(dir, 'nested', 'ledger', 'signing-key.pem'),
    LEDGER_TRUSTED_KEYS: over.trusted ?? '',
  });

  it('creates a missing key outside production, owner-only, and reads the same key again', () => {
    const first = loadSigningKey(config())!;
    const file = config().LEDGER_SIGNING_KEY_FILE;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('BEGIN PRIVATE KEY');
    const again = loadSigningKey(config())!;
    expect(again.keyId).toBe(first.keyId);
    expect(again.publicKey).toBe(first.publicKey);
  });

  it('describes the public key as base64 of the raw 32 bytes, the key id as the first 16 hex of its sha256', () => {
    const key = loadSigningKey(config())!;
    const raw = Buffer.from(key.publicKey, 'base64');
    expect(raw).toHaveLength(32);
    expect(key.keyId).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 16));
    expect(publicKeyFromBase64(key.publicKey).keyId).toBe(key.keyId);
  });

  it('refuses to start in production without a key, and never creates one when only reading', () => {
    expect(() => loadSigningKey(config({ NODE_ENV: 'production' }))).toThrow(LedgerKeyError);
    expect(() => new LedgerKeys(config({ NODE_ENV: 'production' })).onModuleInit()).toThrow(
      /does not exist/,
    );
    expect(loadSigningKey(config(), { create: false })).toBeNull();
    expect(new LedgerKeys(config()).trusted().size).toBe(0);
  });

  it('refuses a key file that is not an Ed25519 private key', () => {
    const file = path.join(dir, 'bad.pem');
    writeFileSync(file, 'hello');
    expect(() => loadSigningKey(config({ file }))).toThrow(LedgerKeyError);
  });

  it('trusts the current key and the listed earlier ones', () => {
    const earlier = loadSigningKey(config({ file: path.join(dir, 'old.pem') }))!;
    const keys = new LedgerKeys(config({ trusted: ` ${earlier.publicKey} ,` }));
    keys.onModuleInit();
    expect([...keys.trusted().keys()].sort()).toEqual([keys.signing().keyId, earlier.keyId].sort());
    expect(() => parseTrustedKeys('abc')).toThrow(/LEDGER_TRUSTED_KEYS/);
    expect(() => parseTrustedKeys(Buffer.alloc(31).toString('base64'))).toThrow(LedgerKeyError);
  });
});
