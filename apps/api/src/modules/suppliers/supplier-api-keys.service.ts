import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { TApiKey, TCreateApiKey, TCreatedApiKey } from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { AppError, conflict, notFound, unauthorized } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { type SupplierScope, requireSupplierAccess } from '@/common/tenancy/scope';
import { toApiKey } from './suppliers.mapper';
import { SupplierApiKeysRepository } from './supplier-api-keys.repository';

/** `cks_<12 hex prefix>_<43 base64url secret>`: the prefix finds the row, only the secret's hash is stored. */
const KEY_PATTERN = /^cks_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest();

const invalidKey = () => unauthorized('API 密钥无效', 'Invalid API key');

/** A genuine key of a blacklisted supplier: refused like any other, naming whose key it was. */
export class BlacklistedSupplierKey extends AppError {
  constructor(
    readonly scope: SupplierScope,
    readonly keyId: string,
    reason: string | null,
  ) {
    super(401, 'SUPPLIER_BLACKLISTED', `供应商已列入严重违法失信名单，不能通过接口交货：${reason ?? ''}`, `The supplier is blacklisted and may not deliver: ${reason ?? ''}`);
  }
}

/** Per-supplier API keys for the supplier's own system: created, listed and revoked by its users. */
@Injectable()
export class SupplierApiKeys {
  constructor(
    private readonly repository: SupplierApiKeysRepository,
    private readonly audit: AuditWriter,
  ) {}

  /** Checks `Authorization: Bearer <key>`; every refusal is a 401 that says why. */
  async authenticate(authorization: string | undefined): Promise<{ scope: SupplierScope; keyId: string }> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw unauthorized('缺少 API 密钥（Authorization: Bearer <密钥>）', 'Missing API key (Authorization: Bearer <key>)');
    const parts = KEY_PATTERN.exec(match[1]!);
    if (!parts) throw invalidKey();
    const key = await this.repository.findForAuthentication(parts[1]!);
    // The secret is hashed even when the prefix is unknown, so timing does not tell which prefixes exist.
    const presented = hashSecret(parts[2]!);
    const stored = key ? Buffer.from(key.secretHash, 'hex') : presented;
    if (!key || stored.length !== presented.length || !timingSafeEqual(stored, presented)) throw invalidKey();
    if (key.revokedAt) throw unauthorized('API 密钥已被吊销', 'The API key has been revoked');
    const scope = { supplierId: key.supplierId } as SupplierScope;
    if (key.supplier.blacklistedAt) throw new BlacklistedSupplierKey(scope, key.id, key.supplier.blacklistReason);
    await this.repository.touch(key.id, new Date());
    return { scope, keyId: key.id };
  }

  async list(actor: Actor): Promise<TApiKey[]> {
    const scope = requireSupplierAccess(actor, 'supplier:self');
    return (await this.repository.list(scope)).map(toApiKey);
  }

  /** The secret is returned once, here; afterwards only its prefix is known. */
  async create(actor: Actor, body: TCreateApiKey): Promise<TCreatedApiKey> {
    const scope = requireSupplierAccess(actor, 'supplier:self');
    const prefix = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    return this.repository.prisma.$transaction(async (tx) => {
      const row = await this.repository.create(tx, scope, { prefix, secretHash: hashSecret(secret).toString('hex'), label: body.label, createdById: actor.userId });
      await this.audit.record(tx, actor, { action: 'create', entity: 'supplier_api_key', entityId: row.id, orgPath: null, after: toApiKey(row) });
      return { ...toApiKey(row), key: `cks_${prefix}_${secret}` };
    });
  }

  async revoke(actor: Actor, id: string): Promise<TApiKey> {
    const scope = requireSupplierAccess(actor, 'supplier:self');
    return this.repository.prisma.$transaction(async (tx) => {
      const key = await this.repository.findById(scope, id, tx);
      if (!key) throw notFound('未找到该 API 密钥', 'API key not found');
      if (key.revokedAt) throw conflict('该 API 密钥已吊销', 'The API key is already revoked');
      const row = await this.repository.revoke(tx, scope, id, new Date());
      await this.audit.record(tx, actor, { action: 'revoke', entity: 'supplier_api_key', entityId: id, orgPath: null, before: toApiKey(key), after: toApiKey(row) });
      return toApiKey(row);
    });
  }
}
