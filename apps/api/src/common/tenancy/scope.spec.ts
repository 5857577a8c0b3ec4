import { requireAccess, inScope, scopeWhere } from './scope';
import type { Actor } from './actor';

function actor(partial: Partial<Actor>): Actor {
  return {
    userId: 'u', username: 'u', displayName: 'u', role: 'official_admin', permissions: [],
    mustChangePassword: false, supplier: null, sessionId: 's', ip: '127.0.0.1', requestId: 'r',
    orgUnit: { id: 'c', name: '通川区', level: 'county', path: '/p/c/' },
    ...partial,
  };
}

describe('requireAccess', () => {
  it('gives the actor its own subtree', () => {
    const scope = requireAccess(actor({}), 'org:write');
    expect(scope.path).toBe('/p/c/');
    expect(scopeWhere(scope)).toEqual({ path: { startsWith: '/p/c/' } });
    expect(inScope(scope, '/p/c/s/')).toBe(true);
    expect(inScope(scope, '/p/d/s/')).toBe(false);
  });

  it('refuses a permission the role lacks', () => {
    expect(() => requireAccess(actor({ role: 'official_viewer' }), 'org:write')).toThrow(/permission|Forbidden/i);
  });

  it('refuses tree access to a supplier user, who has no org unit', () => {
    expect(() => requireAccess(actor({ role: 'supplier', orgUnit: null }), 'org:read')).toThrow();
  });
});
