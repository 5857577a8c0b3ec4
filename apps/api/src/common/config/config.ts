import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

const ZConfig = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  /**
   * The role the API and worker switch to on connect: it may not UPDATE, DELETE or TRUNCATE the
   * ledger, its digests or the audit log (the migration creates it; the login role must be a member).
   * Empty: stay the login role.
   */
  DATABASE_ROLE: z.string().regex(/^[a-z_][a-z0-9_]*$|^$/).default('canteen_app'),
  /** Connections to PostgreSQL per process. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  /** Prefix of every Redis key and BullMQ queue, so several deployments or test runs share a Redis. */
  REDIS_PREFIX: z.string().regex(/^[a-z0-9-]+$/).default('canteen'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().default(path.resolve(__dirname, '../../../../web/dist')),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: bool.default(true),
  TRUST_PROXY: bool.default(false),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  LOGIN_IP_LIMIT: z.coerce.number().int().positive().default(30),
  LOGIN_ACCOUNT_LIMIT: z.coerce.number().int().positive().default(10),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
  OUTBOX_POLL_MS: z.coerce.number().int().positive().default(100),
  /** An event relayed this long ago and still not processed is re-published if BullMQ no longer holds its job. */
  OUTBOX_REDELIVER_AFTER_MS: z.coerce.number().int().positive().default(300_000),
  STORAGE_DIR: z.string().default(path.resolve(__dirname, '../../../../../var/storage')),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1_048_576),
  /** Where uploaded files live: local disk (STORAGE_DIR) or an S3-compatible bucket (S3_*). */
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /**
   * Ed25519 private key (PKCS#8 PEM) that signs the ledger's daily digests. Kept outside the
   * database; created on first start outside production.
   */
  LEDGER_SIGNING_KEY_FILE: z.string().default(path.resolve(__dirname, '../../../../../var/ledger/signing-key.pem')),
  /** Where each signed daily digest is exported as a JSON file, outside the database. */
  LEDGER_DIGEST_DIR: z.string().default(path.resolve(__dirname, '../../../../../var/ledger/digests')),
  /** Earlier public keys (base64 of the raw 32 bytes, comma-separated) whose signatures still verify after a key rotation. */
  LEDGER_TRUSTED_KEYS: z.string().default(''),
  /** Where parents reach the public pages (QR codes encode <base>/p/<canteen code>); default: the asking request's own host. */
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')).optional(),
  /** HMAC key of the feedback proof-of-work challenges (≥ 32 characters); required in production, else random per process. */
  FEEDBACK_CHALLENGE_SECRET: z.string().min(32).optional(),
  /** Leading zero bits the challenge asks for: 2^n SHA-256 hashes on average, about half a second on a phone at 15. */
  FEEDBACK_POW_DIFFICULTY: z.coerce.number().int().min(0).max(24).default(15),
  FEEDBACK_CHALLENGE_TTL_SECONDS: z.coerce.number().int().positive().default(600),
  /** Feedback accepted per IP and per canteen in fixed windows; more answers 429. */
  FEEDBACK_IP_LIMIT: z.coerce.number().int().positive().default(5),
  FEEDBACK_IP_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
  FEEDBACK_CANTEEN_LIMIT: z.coerce.number().int().positive().default(100),
  FEEDBACK_CANTEEN_WINDOW_SECONDS: z.coerce.number().int().positive().default(3600),
  /** Tracking-code look-ups per IP and window (they are unguessable; this bounds enumeration). */
  FEEDBACK_TRACK_LIMIT: z.coerce.number().int().positive().default(120),
}).superRefine((config, ctx) => {
  if (config.NODE_ENV === 'production' && !config.FEEDBACK_CHALLENGE_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['FEEDBACK_CHALLENGE_SECRET'], message: 'is required in production (every API instance must verify the others\' challenges)' });
  }
  if (config.STORAGE_DRIVER !== 's3') return;
  for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
    if (!config[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when STORAGE_DRIVER=s3' });
  }
});
export type AppConfig = z.infer<typeof ZConfig>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return env[name] === undefined ? `  ${name} is missing` : `  ${name} ${issue.message}`;
    });
    throw new ConfigError(`Configuration error:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
