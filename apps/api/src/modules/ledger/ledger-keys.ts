import {
  type KeyObject,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';

export type LedgerKeyConfig = Pick<
  AppConfig,
  'NODE_ENV' | 'LEDGER_SIGNING_KEY_FILE' | 'LEDGER_TRUSTED_KEYS'
>;

export interface LedgerPublicKey {
  keyId: string;
  /** Base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  key: KeyObject;
}

export interface LedgerSigningKey extends LedgerPublicKey {
  privateKey: KeyObject;
}

export class LedgerKeyError extends Error {}

const RAW_KEY_BYTES = 32;

/** First 16 hex digits of sha256 over the raw public key: short enough to print, long enough not to collide. */
export function keyIdOf(rawPublicKey: Buffer): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

function describePublicKey(key: KeyObject): LedgerPublicKey {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new LedgerKeyError(`not an Ed25519 key (${key.asymmetricKeyType ?? key.type})`);
  const raw = Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
  return { keyId: keyIdOf(raw), publicKey: raw.toString('base64'), key };
}

/** A public key given as base64 of its raw 32 bytes (how the API publishes it and LEDGER_TRUSTED_KEYS lists it). */
export function publicKeyFromBase64(base64: string): LedgerPublicKey {
  const raw = Buffer.from(base64.trim(), 'base64');
  if (raw.length !== RAW_KEY_BYTES || raw.toString('base64') !== base64.trim()) {
    throw new LedgerKeyError(
      `"${base64}" is not the base64 of a raw ${RAW_KEY_BYTES}-byte Ed25519 public key`,
    );
  }
  return describePublicKey(
    createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
      format: 'jwk',
    }),
  );
}

export function signingKeyFromPem(pem: string): LedgerSigningKey {
  const privateKey = createPrivateKey(pem);
  return { ...describePublicKey(createPublicKey(privateKey)), privateKey };
}

function readKeyFile(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The digest signing key. Outside production a missing key is created (owner-only), so that a
 * fresh checkout signs at once; in production a missing key is a configuration error, because a new
 * key would silently start a second line of trust. `create: false` only reads (a verifier).
 */
export function loadSigningKey(
  config: LedgerKeyConfig,
  options: { create: boolean } = { create: true },
): LedgerSigningKey | null {
  const file = config.LEDGER_SIGNING_KEY_FILE;
  let pem = readKeyFile(file);
  if (pem === null) {
    if (!options.create) return null;
    if (config.NODE_ENV === 'production') {
      throw new LedgerKeyError(
        `LEDGER_SIGNING_KEY_FILE ${file} does not exist: create the Ed25519 key (openssl genpkey -algorithm ed25519) before starting`,
      );
    }
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      // Another process (the API beside the worker) created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    pem = readFileSync(file, 'utf8');
  }
  try {
    return signingKeyFromPem(pem);
  } catch (error) {
    throw new LedgerKeyError(
      `LEDGER_SIGNING_KEY_FILE ${file} is not an Ed25519 private key: ${(error as Error).message}`,
    );
  }
}

/** LEDGER_TRUSTED_KEYS: earlier public keys, comma-separated. */
export function parseTrustedKeys(list: string): LedgerPublicKey[] {
  return list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      try {
        return publicKeyFromBase64(item);
      } catch (error) {
        throw new LedgerKeyError(`LEDGER_TRUSTED_KEYS: ${(error as Error).message}`);
      }
    });
}

/** The signing key and every key whose signatures verification accepts. */
@Injectable()
export class LedgerKeys implements OnModuleInit {
  private signingKey?: LedgerSigningKey;
  private trustedKeys?: ReadonlyMap<string, LedgerPublicKey>;

  constructor(@Inject(APP_CONFIG) private readonly config: LedgerKeyConfig) {}

  /** At start-up, so that a missing key in production stops the process rather than the first seal. */
  onModuleInit(): void {
    this.signing();
    this.trusted();
  }

  signing(): LedgerSigningKey {
    this.signingKey ??= loadSigningKey(this.config)!;
    return this.signingKey;
  }

  /**
   * The current key (when present: a verifier may hold only public keys) and LEDGER_TRUSTED_KEYS.
   * Reading never creates a key.
   */
  trusted(): ReadonlyMap<string, LedgerPublicKey> {
    if (!this.trustedKeys) {
      const current = this.signingKey ?? loadSigningKey(this.config, { create: false });
      const keys = [
        ...(current ? [current] : []),
        ...parseTrustedKeys(this.config.LEDGER_TRUSTED_KEYS),
      ];
      this.trustedKeys = new Map(keys.map((key) => [key.keyId, key]));
    }
    return this.trustedKeys;
  }
}
