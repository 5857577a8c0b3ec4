import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppError } from '@/common/http/app-error';
import { SupplierApiKeys } from '@/modules/suppliers/supplier-api-keys.service';
import { closeTestPrisma, testPrisma } from '@test/factories/prisma';
import { type TestSupplier, createSupplier } from '@test/factories/supply.factory';
import { type TestTree, createTree } from '@test/factories/tree.factory';
import { createUser } from '@test/factories/user.factory';
import { auditEntriesAfter, lastAuditId } from '@test/support/db-state';
import { type Session, signIn, startApp } from './harness';

const HAS_CHINESE = /[\u4e00-\u9fff]/;

describe('supplier API keys', () => {
  let app: NestFastifyApplication;
  let tree: TestTree;
  let supplier: TestSupplier;
  let other: TestSupplier;
  let userA: Session;
  let userB: Session;
  let operator: Session;
  let key: string;
  let keyId: string;

  const authenticate = (authorization: string | undefined) => app.get(SupplierApiKeys).authenticate(authorization);
  const refusal = async (authorization: string | undefined) => {
    const error = await authenticate(authorization).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).getStatus()).toBe(401);
    expect((error as AppError).zh).toMatch(HAS_CHINESE);
    return error as AppError;
  };

  beforeAll(async () => {
    app = await startApp();
    tree = await createTree();
    supplier = await createSupplier();
    other = await createSupplier();
    userA = await signIn(app, await createUser('supplier', null, { supplierId: supplier.id }));
    userB = await signIn(app, await createUser('supplier', null, { supplierId: other.id }));
    operator = await signIn(app, await createUser('operator', tree.province));
  });
  afterAll(async () => {
    await app.close();
    await closeTestPrisma();
  });

  it('a supplier user creates a key whose secret is shown once and stored only as a hash; audited', async () => {
    const audit = await lastAuditId();
    const response = await userA.post('/api/supplier-api-keys', { label: 'ERP 对接' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ label: 'ERP 对接', revokedAt: null, lastUsedAt: null, key: expect.stringMatching(/^cks_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/) });
    key = response.body.key;
    keyId = response.body.id;
    const secret = key.split('_').slice(2).join('_');
    const row = await testPrisma().supplierApiKey.findUniqueOrThrow({ where: { id: keyId } });
    expect(row.supplierId).toBe(supplier.id);
    expect(row.secretHash).not.toContain(secret);
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    const entries = await auditEntriesAfter(audit);
    expect(entries).toEqual([expect.objectContaining({ action: 'create', entity: 'supplier_api_key', entityId: keyId })]);
    expect(JSON.stringify(entries[0]!.after)).not.toContain(secret);

    const list = await userA.get('/api/supplier-api-keys');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ id: keyId, prefix: row.prefix })]);
    expect(list.body[0].key).toBeUndefined();
  });

  it('authenticates the key as its supplier and notes when it was used', async () => {
    const result = await authenticate(`Bearer ${key}`);
    expect(result).toEqual({ scope: { supplierId: supplier.id }, keyId });
    const row = await testPrisma().supplierApiKey.findUniqueOrThrow({ where: { id: keyId } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  it('refuses a missing, malformed, unknown or wrong key with 401', async () => {
    await refusal(undefined);
    await refusal('');
    await refusal(key);
    await refusal('Basic dXNlcjpwYXNz');
    await refusal('Bearer not-a-key');
    const [, prefix, secret] = /^cks_([0-9a-f]{12})_(.+)$/.exec(key)!;
    await refusal(`Bearer cks_${prefix}_${secret!.slice(0, -1)}${secret!.endsWith('A') ? 'B' : 'A'}`);
    await refusal(`Bearer cks_000000000000_${secret}`);
  });

  it('keys are the supplier\'s own: others cannot see or revoke them, officials cannot create them', async () => {
    expect((await userB.get('/api/supplier-api-keys')).body).toEqual([]);
    expect((await userB.post(`/api/supplier-api-keys/${keyId}/revoke`)).status).toBe(404);
    expect((await operator.post('/api/supplier-api-keys', { label: '越权' })).status).toBe(403);
    expect((await operator.get('/api/supplier-api-keys')).status).toBe(403);
    expect((await userA.post('/api/supplier-api-keys', { label: '' })).status).toBe(400);
    expect((await userA.post('/api/supplier-api-keys/not-a-uuid/revoke')).status).toBe(400);
    expect((await authenticate(`Bearer ${key}`)).keyId).toBe(keyId);
  });

  it('a revoked key answers 401 from then on; revoking twice is refused; audited', async () => {
    const audit = await lastAuditId();
    const revoked = await userA.post(`/api/supplier-api-keys/${keyId}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect(await auditEntriesAfter(audit)).toEqual([expect.objectContaining({ action: 'revoke', entity: 'supplier_api_key', entityId: keyId })]);
    const error = await refusal(`Bearer ${key}`);
    expect(error.en).toMatch(/revoked/);
    expect((await userA.post(`/api/supplier-api-keys/${keyId}/revoke`)).status).toBe(409);
  });

  it('rotation: a new key works while the old one is revoked', async () => {
    const fresh = await userA.post('/api/supplier-api-keys', { label: 'ERP 对接（轮换）' });
    expect((await authenticate(`Bearer ${fresh.body.key}`)).scope.supplierId).toBe(supplier.id);
    expect((await userA.get('/api/supplier-api-keys')).body).toHaveLength(2);
  });

  it('a blacklisted supplier\'s keys answer 401 with the reason', async () => {
    const created = await userB.post('/api/supplier-api-keys', { label: '对接' });
    expect((await authenticate(`Bearer ${created.body.key}`)).scope.supplierId).toBe(other.id);
    await operator.post(`/api/suppliers/${other.id}/blacklist`, { reason: '列入严重违法失信名单' });
    const error = await refusal(`Bearer ${created.body.key}`);
    expect(error.zh).toContain('列入严重违法失信名单');
  });
});
