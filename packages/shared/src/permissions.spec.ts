import { ORG_LEVELS } from './org-levels';
import {
  PERMISSIONS,
  ROLES,
  ROLE_LEVELS,
  ROLE_PERMISSIONS,
  ROLE_RANK,
  type Role,
  assignableRoles,
  canAssignRole,
  hasPermission,
} from './permissions';

/**
 * Who may assign which role, written out in full: rows are the acting role, columns the role
 * assigned, in ROLES order (operator, official_admin, official_viewer, principal,
 * canteen_manager, canteen_staff, supplier).
 */
const ASSIGN: Record<Role, string> = {
  operator: '1111111',
  official_admin: '0111111',
  official_viewer: '0000000',
  principal: '0001110',
  canteen_manager: '0000000',
  canteen_staff: '0000000',
  supplier: '0000000',
};

describe('canAssignRole', () => {
  const cases = ROLES.flatMap((actor) =>
    ROLES.map((target, i) => [actor, target, ASSIGN[actor][i] === '1'] as const),
  );

  it.each(cases)('%s assigning %s: %s', (actor, target, allowed) => {
    expect(canAssignRole(actor, target)).toBe(allowed);
  });

  it('never lets a role assign one ranked above it', () => {
    for (const actor of ROLES) {
      for (const target of ROLES) {
        if (ROLE_RANK[target] > ROLE_RANK[actor])
          expect({ actor, target, allowed: canAssignRole(actor, target) }).toEqual({
            actor,
            target,
            allowed: false,
          });
      }
    }
  });

  it('lets only roles with user:write assign anything', () => {
    for (const actor of ROLES) {
      if (!hasPermission(actor, 'user:write')) expect(assignableRoles(actor)).toEqual([]);
    }
  });
});

describe('assignableRoles', () => {
  it.each([
    [
      'operator',
      [
        'operator',
        'official_admin',
        'official_viewer',
        'principal',
        'canteen_manager',
        'canteen_staff',
        'supplier',
      ],
    ],
    [
      'official_admin',
      [
        'official_admin',
        'official_viewer',
        'principal',
        'canteen_manager',
        'canteen_staff',
        'supplier',
      ],
    ],
    ['official_viewer', []],
    ['principal', ['principal', 'canteen_manager', 'canteen_staff']],
    ['canteen_manager', []],
    ['canteen_staff', []],
    ['supplier', []],
  ] as [Role, Role[]][])('%s may assign %j', (actor, roles) => {
    expect(assignableRoles(actor)).toEqual(roles);
  });
});

describe('role permissions and levels', () => {
  it('gives viewers reading only, and suppliers nothing in the tree', () => {
    // Verifying the ledger re-computes its hashes and changes nothing: a reader's check.
    expect(ROLE_PERMISSIONS.official_viewer.every((p) => p.endsWith(':read') || p === 'ledger:verify')).toBe(true);
    expect(ROLE_PERMISSIONS.official_viewer).toEqual(expect.arrayContaining(['org:read', 'user:read', 'audit:read']));
    expect([...ROLE_PERMISSIONS.supplier].sort()).toEqual(['delivery:submit', 'supplier:self']);
    for (const role of ['canteen_staff', 'canteen_manager'] as const) {
      expect(ROLE_PERMISSIONS[role]).toContain('org:read');
      expect(ROLE_PERMISSIONS[role].filter((p) => /^(org|user):write|audit/.test(p))).toEqual([]);
    }
    expect([...ROLE_PERMISSIONS.principal].filter((p) => p.startsWith('user:') || p.startsWith('org:')).sort()).toEqual(['org:read', 'user:read', 'user:write']);
    // Booking stock, planning a canteen's meals, recording what it served and answering parents are
    // the school's own work (or a supplier's); officials supervise it.
    const notOfficials = [
      'supplier:self', 'delivery:submit', 'order:write', 'delivery:accept', 'stock:write', 'stocktake:post',
      'menu:write', 'production:write', 'feedback:handle',
    ];
    const officialAll = PERMISSIONS.filter((p) => !notOfficials.includes(p)).sort();
    expect([...ROLE_PERMISSIONS.operator].sort()).toEqual(officialAll);
    // Importing the platform-wide food composition table and retrying failed jobs are the operator's alone.
    expect([...ROLE_PERMISSIONS.official_admin].sort()).toEqual(officialAll.filter((p) => p !== 'nutrition:import' && p !== 'jobs:operate'));
  });

  it('grants only known permissions, each at most once', () => {
    for (const role of ROLES) {
      const granted = ROLE_PERMISSIONS[role];
      expect(new Set(granted).size).toBe(granted.length);
      for (const permission of granted) expect(PERMISSIONS).toContain(permission);
    }
  });

  it('hasPermission agrees with the table', () => {
    for (const role of ROLES) {
      for (const permission of PERMISSIONS)
        expect(hasPermission(role, permission)).toBe(ROLE_PERMISSIONS[role].includes(permission));
    }
  });

  it('places each role at the levels it works at, and none at a canteen', () => {
    expect(ROLE_LEVELS).toEqual({
      operator: ['province'],
      official_admin: ['province', 'city', 'county'],
      official_viewer: ['province', 'city', 'county'],
      principal: ['school'],
      canteen_manager: ['school'],
      canteen_staff: ['school'],
      supplier: [],
    });
    for (const role of ROLES)
      for (const level of ROLE_LEVELS[role]) expect(ORG_LEVELS).toContain(level);
  });

  it('ranks roles strictly, operator first and supplier last', () => {
    const ranks = ROLES.map((role) => ROLE_RANK[role]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(new Set(ranks).size).toBe(ROLES.length);
  });
});
