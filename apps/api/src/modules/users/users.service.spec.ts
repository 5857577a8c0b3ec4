import { ROLES, ROLE_LEVELS, type OrgLevel, type Role } from '@canteen/shared';
import { AppError } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import type { UserRow } from './users.repository';
import { UsersService } from './users.service';

jest.mock('@/common/auth/password', () => ({
  hashPassword: jest.fn(async (password: string) => `hashed(${password})`),
}));

const PATHS: Record<OrgLevel, string> = {
  province: '/p/',
  city: '/p/c/',
  county: '/p/c/k/',
  school: '/p/c/k/s/',
  canteen: '/p/c/k/s/t/',
};
const unitAt = (level: OrgLevel) => ({
  id: `unit-${level}`,
  name: `${level} unit`,
  level,
  path: PATHS[level],
});

function actor(role: Role, level: OrgLevel | null, userId = 'actor-1'): Actor {
  return {
    userId,
    username: 'actor',
    displayName: '操作者',
    role,
    permissions: [],
    mustChangePassword: false,
    orgUnit: level ? unitAt(level) : null,
    supplier: null,
    sessionId: 'session-1',
    ip: '127.0.0.1',
    requestId: 'request-1',
  };
}

function userRow(role: Role, level: OrgLevel, overrides: Partial<UserRow> = {}): UserRow {
  return {
    id: 'user-1',
    username: 'target_user',
    displayName: '目标账号',
    phone: null,
    role,
    supplierId: null,
    mustChangePassword: false,
    lockedUntil: null,
    disabledAt: null,
    lastLoginAt: null,
    createdAt: new Date('2026-11-01T00:00:00Z'),
    orgUnit: unitAt(level),
    ...overrides,
  };
}

function setup() {
  const tx = { marker: 'tx' };
  const repository = {
    findById: jest.fn<Promise<UserRow | null>, unknown[]>(),
    list: jest.fn(),
    create: jest.fn(
      async (
        _tx: unknown,
        _scope: unknown,
        _path: string,
        data: { username: string; role: string; passwordHash: string },
      ) =>
        userRow(data.role as Role, 'school', {
          id: 'new-user',
          username: data.username,
          mustChangePassword: true,
        }),
    ),
    update: jest.fn(
      async (_tx: unknown, _scope: unknown, id: string, data: Record<string, unknown>) =>
        userRow('canteen_staff', 'school', { id, ...(data as Partial<UserRow>) }),
    ),
    prisma: { $transaction: jest.fn(async (work: (t: unknown) => unknown) => work(tx)) },
  };
  const orgUnits = { findById: jest.fn<Promise<ReturnType<typeof unitAt> | null>, unknown[]>() };
  const sessions = { destroyAllForUser: jest.fn(async () => undefined) };
  const audit = { record: jest.fn(async () => undefined) };
  const service = new UsersService(
    repository as never,
    orgUnits as never,
    sessions as never,
    audit as never,
  );
  return { service, repository, orgUnits, sessions, audit, tx };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const NEW_USER = { username: 'new_user', displayName: '新账号', initialPassword: 'Strong#Pass1' };

describe('UsersService.create', () => {
  it('refuses a role above the actor before looking anything up', async () => {
    const { service, orgUnits, repository, audit } = setup();
    const error = await refusal(
      service.create(actor('official_admin', 'county'), {
        ...NEW_USER,
        role: 'operator',
        orgUnitId: 'unit-province',
      }),
    );
    expect({ status: error.getStatus(), code: error.code }).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(orgUnits.findById).not.toHaveBeenCalled();
    expect(repository.create).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('sends supplier accounts elsewhere and requires an org unit', async () => {
    const { service, repository } = setup();
    const supplier = await refusal(
      service.create(actor('official_admin', 'county'), { ...NEW_USER, role: 'supplier' }),
    );
    expect({ status: supplier.getStatus(), code: supplier.code }).toEqual({
      status: 400,
      code: 'SUPPLIER_ACCOUNT',
    });
    const noUnit = await refusal(
      service.create(actor('official_admin', 'county'), { ...NEW_USER, role: 'canteen_staff' }),
    );
    expect({ status: noUnit.getStatus(), code: noUnit.code }).toEqual({
      status: 400,
      code: 'ORG_UNIT_REQUIRED',
    });
    expect(repository.create).not.toHaveBeenCalled();
  });

  it('looks the unit up inside the actor scope and answers 404 when it is not there', async () => {
    const { service, orgUnits, repository } = setup();
    orgUnits.findById.mockResolvedValue(null);
    const error = await refusal(
      service.create(actor('official_admin', 'county'), {
        ...NEW_USER,
        role: 'canteen_staff',
        orgUnitId: 'elsewhere',
      }),
    );
    expect({ status: error.getStatus(), code: error.code }).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(orgUnits.findById).toHaveBeenCalledWith({ path: PATHS.county }, 'elsewhere');
    expect(repository.create).not.toHaveBeenCalled();
  });

  it('refuses a role at a unit of the wrong level', async () => {
    const { service, orgUnits, repository } = setup();
    for (const [role, level] of [
      ['principal', 'county'],
      ['official_viewer', 'school'],
      ['canteen_staff', 'canteen'],
      ['official_admin', 'school'],
    ] as const) {
      orgUnits.findById.mockResolvedValue(unitAt(level));
      const error = await refusal(
        service.create(actor('official_admin', 'county'), {
          ...NEW_USER,
          role,
          orgUnitId: `unit-${level}`,
        }),
      );
      expect({ role, level, status: error.getStatus(), code: error.code }).toEqual({
        role,
        level,
        status: 400,
        code: 'ROLE_LEVEL_MISMATCH',
      });
    }
    expect(repository.create).not.toHaveBeenCalled();
  });

  it('creates the account in one transaction with a hashed password to be changed, and audits it without the hash', async () => {
    const { service, orgUnits, repository, audit, tx } = setup();
    orgUnits.findById.mockResolvedValue(unitAt('school'));
    const creator = actor('official_admin', 'county');
    const created = await service.create(creator, {
      ...NEW_USER,
      role: 'principal',
      orgUnitId: 'unit-school',
      phone: '13800001111',
    });
    expect(created).toMatchObject({
      id: 'new-user',
      username: 'new_user',
      role: 'principal',
      mustChangePassword: true,
    });
    expect(repository.create).toHaveBeenCalledTimes(1);
    const [txArg, scope, unitPath, data] = repository.create.mock.calls[0]!;
    expect(txArg).toBe(tx);
    expect(scope).toEqual({ path: PATHS.county });
    expect(unitPath).toBe(PATHS.school);
    expect(data).toMatchObject({
      username: 'new_user',
      role: 'principal',
      orgUnitId: 'unit-school',
      mustChangePassword: true,
      passwordHash: 'hashed(Strong#Pass1)',
    });
    expect(audit.record).toHaveBeenCalledTimes(1);
    const [auditTx, who, entry] = audit.record.mock.calls[0] as unknown[] as [
      unknown,
      Actor,
      { action: string; entity: string; entityId: string; orgPath: string; after: object },
    ];
    expect(auditTx).toBe(tx);
    expect(who).toBe(creator);
    expect(entry).toMatchObject({
      action: 'create',
      entity: 'user',
      entityId: 'new-user',
      orgPath: PATHS.school,
    });
    expect(JSON.stringify(entry)).not.toMatch(/hashed|Strong#Pass1|passwordHash/);
  });

  describe('who may create which role', () => {
    // Written out rather than derived from canAssignRole, so that a change to either shows here.
    const MAY_CREATE: Record<Role, readonly Role[]> = {
      operator: [
        'operator',
        'official_admin',
        'official_viewer',
        'principal',
        'canteen_manager',
        'canteen_staff',
      ],
      official_admin: [
        'official_admin',
        'official_viewer',
        'principal',
        'canteen_manager',
        'canteen_staff',
      ],
      official_viewer: [],
      principal: ['principal', 'canteen_manager', 'canteen_staff'],
      canteen_manager: [],
      canteen_staff: [],
      supplier: [],
    };
    const SUPPLIER_ACCOUNTS_ELSEWHERE: readonly Role[] = ['operator', 'official_admin'];
    const cases = ROLES.flatMap((actorRole) =>
      ROLES.map((targetRole) => [actorRole, targetRole] as const),
    );

    it.each(cases)('%s creating %s', async (actorRole, targetRole) => {
      const { service, orgUnits, repository } = setup();
      const targetLevel = ROLE_LEVELS[targetRole][0] ?? 'school';
      orgUnits.findById.mockResolvedValue(unitAt(targetLevel));
      const body = {
        ...NEW_USER,
        role: targetRole,
        ...(targetRole === 'supplier' ? {} : { orgUnitId: `unit-${targetLevel}` }),
      };
      const attempt = service.create(actor(actorRole, ROLE_LEVELS[actorRole][0] ?? null), body);
      if (MAY_CREATE[actorRole].includes(targetRole)) {
        await expect(attempt).resolves.toMatchObject({ role: targetRole });
        expect(repository.create).toHaveBeenCalledTimes(1);
      } else if (targetRole === 'supplier' && SUPPLIER_ACCOUNTS_ELSEWHERE.includes(actorRole)) {
        expect((await refusal(attempt)).code).toBe('SUPPLIER_ACCOUNT');
        expect(repository.create).not.toHaveBeenCalled();
      } else {
        expect((await refusal(attempt)).getStatus()).toBe(403);
        expect(repository.create).not.toHaveBeenCalled();
      }
    });
  });
});

describe('UsersService.update', () => {
  it('refuses to raise an account above the actor role, writing nothing', async () => {
    const { service, repository, sessions, audit } = setup();
    repository.findById.mockResolvedValue(userRow('canteen_staff', 'school'));
    for (const role of ['operator'] as const) {
      const error = await refusal(
        service.update(actor('official_admin', 'county'), 'user-1', { role }),
      );
      expect(error.getStatus()).toBe(403);
    }
    const principal = actor('principal', 'school');
    for (const role of ['official_viewer', 'official_admin', 'operator'] as const) {
      expect((await refusal(service.update(principal, 'user-1', { role }))).getStatus()).toBe(403);
    }
    expect(repository.update).not.toHaveBeenCalled();
    expect(sessions.destroyAllForUser).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('refuses to manage an account of a higher rank, even to rename it', async () => {
    const { service, repository } = setup();
    repository.findById.mockResolvedValue(userRow('operator', 'county'));
    const admin = actor('official_admin', 'county');
    expect(
      (await refusal(service.update(admin, 'user-1', { displayName: '新名字' }))).getStatus(),
    ).toBe(403);
    expect(
      (
        await refusal(service.resetPassword(admin, 'user-1', { newPassword: 'Taken#Over1' }))
      ).getStatus(),
    ).toBe(403);
    expect((await refusal(service.unlock(admin, 'user-1'))).getStatus()).toBe(403);
    repository.findById.mockResolvedValue(userRow('official_viewer', 'county'));
    expect(
      (
        await refusal(
          service.update(actor('principal', 'school'), 'user-1', { displayName: '新名字' }),
        )
      ).getStatus(),
    ).toBe(403);
    expect(repository.update).not.toHaveBeenCalled();
  });

  it('answers 404 for an account outside the scope', async () => {
    const { service, repository } = setup();
    repository.findById.mockResolvedValue(null);
    const error = await refusal(
      service.update(actor('official_admin', 'county'), 'elsewhere', { displayName: '新名字' }),
    );
    expect({ status: error.getStatus(), code: error.code }).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(repository.findById).toHaveBeenCalledWith({ path: PATHS.county }, 'elsewhere');
  });

  it('refuses a new role that does not fit the account unit level', async () => {
    const { service, repository } = setup();
    repository.findById.mockResolvedValue(userRow('canteen_staff', 'school'));
    const error = await refusal(
      service.update(actor('official_admin', 'county'), 'user-1', { role: 'official_viewer' }),
    );
    expect({ status: error.getStatus(), code: error.code }).toEqual({
      status: 400,
      code: 'ROLE_LEVEL_MISMATCH',
    });
    expect(repository.update).not.toHaveBeenCalled();
  });

  it('ends the sessions of an account whose role changes or that is disabled, not of a renamed one', async () => {
    const { service, repository, sessions, audit } = setup();
    const admin = actor('official_admin', 'county');
    repository.findById.mockResolvedValue(userRow('canteen_staff', 'school'));
    await service.update(admin, 'user-1', { displayName: '只改名字' });
    expect(sessions.destroyAllForUser).not.toHaveBeenCalled();
    await service.update(admin, 'user-1', { role: 'canteen_manager' });
    expect(sessions.destroyAllForUser).toHaveBeenLastCalledWith('user-1');
    sessions.destroyAllForUser.mockClear();
    await service.update(admin, 'user-1', { disabled: true });
    expect(sessions.destroyAllForUser).toHaveBeenCalledWith('user-1');
    expect(repository.update.mock.calls[2]![3]).toEqual({ disabledAt: expect.any(Date) });
    expect(audit.record).toHaveBeenCalledTimes(3);
    expect(
      audit.record.mock.calls.map((call) => ((call as unknown[])[2] as { action: string }).action),
    ).toEqual(['update', 'update', 'update']);
  });

  it('keeps the original disabling time and re-enables with null', async () => {
    const { service, repository } = setup();
    const since = new Date('2026-10-01T00:00:00Z');
    repository.findById.mockResolvedValue(
      userRow('canteen_staff', 'school', { disabledAt: since }),
    );
    await service.update(actor('official_admin', 'county'), 'user-1', { disabled: true });
    expect(repository.update.mock.calls[0]![3]).toEqual({ disabledAt: since });
    await service.update(actor('official_admin', 'county'), 'user-1', { disabled: false });
    expect(repository.update.mock.calls[1]![3]).toEqual({ disabledAt: null });
  });

  it('refuses to disable oneself', async () => {
    const { service, repository } = setup();
    repository.findById.mockResolvedValue(userRow('official_admin', 'county', { id: 'actor-1' }));
    const error = await refusal(
      service.update(actor('official_admin', 'county'), 'actor-1', { disabled: true }),
    );
    expect({ status: error.getStatus(), code: error.code }).toEqual({
      status: 400,
      code: 'SELF_DISABLE',
    });
    expect(repository.update).not.toHaveBeenCalled();
  });
});

describe('UsersService.resetPassword and unlock', () => {
  it('a reset sets a hashed temporary password to change, clears the lock, ends sessions and audits without the hash', async () => {
    const { service, repository, sessions, audit } = setup();
    repository.findById.mockResolvedValue(
      userRow('canteen_staff', 'school', { lockedUntil: new Date(Date.now() + 60_000) }),
    );
    await service.resetPassword(actor('principal', 'school'), 'user-1', {
      newPassword: 'Temp#Pass2026',
    });
    expect(repository.update.mock.calls[0]![3]).toEqual({
      passwordHash: 'hashed(Temp#Pass2026)',
      mustChangePassword: true,
      failedLogins: 0,
      lockedUntil: null,
    });
    expect(sessions.destroyAllForUser).toHaveBeenCalledWith('user-1');
    const entry = (audit.record.mock.calls[0] as unknown[])[2];
    expect(entry).toMatchObject({
      action: 'password.reset',
      entity: 'user',
      entityId: 'user-1',
      orgPath: PATHS.school,
    });
    expect(JSON.stringify(entry)).not.toMatch(/hashed|Temp#Pass2026/);
  });

  it('an unlock clears the failures and the lock', async () => {
    const { service, repository, audit } = setup();
    repository.findById.mockResolvedValue(
      userRow('canteen_staff', 'school', { lockedUntil: new Date(Date.now() + 60_000) }),
    );
    await service.unlock(actor('official_admin', 'county'), 'user-1');
    expect(repository.update.mock.calls[0]![3]).toEqual({ failedLogins: 0, lockedUntil: null });
    expect((audit.record.mock.calls[0] as unknown[])[2]).toMatchObject({
      action: 'unlock',
      entityId: 'user-1',
    });
  });

  it('roles without user:write can do none of it, and touch nothing', async () => {
    for (const role of ['official_viewer', 'canteen_manager', 'canteen_staff'] as const) {
      const { service, repository, orgUnits } = setup();
      repository.findById.mockResolvedValue(userRow('canteen_staff', 'school'));
      const who = actor(role, role === 'official_viewer' ? 'county' : 'school');
      for (const attempt of [
        service.create(who, { ...NEW_USER, role: 'canteen_staff', orgUnitId: 'unit-school' }),
        service.update(who, 'user-1', { displayName: '改名' }),
        service.resetPassword(who, 'user-1', { newPassword: 'Temp#Pass2026' }),
        service.unlock(who, 'user-1'),
      ]) {
        expect((await refusal(attempt)).getStatus()).toBe(403);
      }
      expect(repository.findById).not.toHaveBeenCalled();
      expect(orgUnits.findById).not.toHaveBeenCalled();
      expect(repository.update).not.toHaveBeenCalled();
    }
  });
});

describe('UsersService.list and get', () => {
  it('lists within the actor scope and maps rows to the contract', async () => {
    const { service, repository } = setup();
    repository.list.mockResolvedValue({
      rows: [userRow('canteen_staff', 'school', { lockedUntil: new Date(Date.now() + 60_000) })],
      total: 1,
    });
    const page = await service.list(actor('official_viewer', 'county'), { page: 1, pageSize: 20 });
    expect(repository.list).toHaveBeenCalledWith({ path: PATHS.county }, { page: 1, pageSize: 20 });
    expect(page).toMatchObject({
      total: 1,
      page: 1,
      pageSize: 20,
      items: [
        {
          id: 'user-1',
          locked: true,
          disabled: false,
          orgUnit: { id: 'unit-school', level: 'school' },
        },
      ],
    });
    expect(Object.keys(page.items[0]!)).not.toContain('passwordHash');
  });

  it('a supplier, outside the tree, reads no accounts', async () => {
    const { service, repository } = setup();
    expect(
      (await refusal(service.list(actor('supplier', null), { page: 1, pageSize: 20 }))).getStatus(),
    ).toBe(403);
    expect((await refusal(service.get(actor('supplier', null), 'user-1'))).getStatus()).toBe(403);
    expect(repository.list).not.toHaveBeenCalled();
    expect(repository.findById).not.toHaveBeenCalled();
  });
});
