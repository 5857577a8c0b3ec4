import { createHash } from 'node:crypto';
import { AppError } from '@/common/http/app-error';
import type { AuditWriter } from '@/common/audit/audit.writer';
import type { SupplierApiKeysRepository } from './supplier-api-keys.repository';
import { SupplierApiKeys } from './supplier-api-keys.service';

const PREFIX = '0123456789ab';
const SECRET = 'S'.repeat(43);
const KEY = `cks_${PREFIX}_${SECRET}`;

function setup(row: Partial<{ revokedAt: Date | null; blacklistedAt: Date | null; secret: string }> | null = {}) {
  const stored = row && {
    id: 'key-1',
    supplierId: 'supplier-1',
    secretHash: createHash('sha256').update(row.secret ?? SECRET).digest('hex'),
    revokedAt: row.revokedAt ?? null,
    supplier: { blacklistedAt: row.blacklistedAt ?? null, blacklistReason: row.blacklistedAt ? '严重违法失信' : null },
  };
  const repository = {
    findForAuthentication: jest.fn(async () => stored),
    touch: jest.fn(async () => undefined),
  };
  const service = new SupplierApiKeys(repository as unknown as SupplierApiKeysRepository, {} as AuditWriter);
  return { service, repository };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).getStatus()).toBe(401);
  return error as AppError;
}

describe('SupplierApiKeys.authenticate', () => {
  it('accepts the key, looked up by its prefix, and notes its use', async () => {
    const { service, repository } = setup();
    await expect(service.authenticate(`Bearer ${KEY}`)).resolves.toEqual({ scope: { supplierId: 'supplier-1' }, keyId: 'key-1' });
    expect(repository.findForAuthentication).toHaveBeenCalledWith(PREFIX);
    expect(repository.touch).toHaveBeenCalledWith('key-1', expect.any(Date));
  });

  it('accepts the scheme in any case and surrounding spaces', async () => {
    const { service } = setup();
    await expect(service.authenticate(`bearer   ${KEY}  `)).resolves.toMatchObject({ keyId: 'key-1' });
  });

  it('refuses a missing or malformed header without touching the database', async () => {
    const { service, repository } = setup();
    for (const header of [undefined, '', 'Bearer', `Token ${KEY}`, `Bearer ${KEY}x`, `Bearer cks_${PREFIX.toUpperCase()}_${SECRET}`]) {
      await refusal(service.authenticate(header));
    }
    expect(repository.findForAuthentication).not.toHaveBeenCalled();
  });

  it('refuses an unknown prefix and a wrong secret alike', async () => {
    const unknown = await refusal(setup(null).service.authenticate(`Bearer ${KEY}`));
    const wrong = await refusal(setup({ secret: 'T'.repeat(43) }).service.authenticate(`Bearer ${KEY}`));
    expect(unknown.en).toBe(wrong.en);
  });

  it('refuses a revoked key and a blacklisted supplier, saying why, and does not note the use', async () => {
    const revoked = setup({ revokedAt: new Date() });
    expect((await refusal(revoked.service.authenticate(`Bearer ${KEY}`))).en).toMatch(/revoked/);
    expect(revoked.repository.touch).not.toHaveBeenCalled();
    const blacklisted = setup({ blacklistedAt: new Date() });
    expect((await refusal(blacklisted.service.authenticate(`Bearer ${KEY}`))).zh).toContain('严重违法失信');
  });
});
