import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Tenant isolation rests on the application, not on row-level security: this test reads every
 * repository and proves that each method touching a tenant table takes a Scope and filters by it.
 */
const SRC = path.resolve(__dirname, '../..');
const TENANT_MODELS = ['orgUnit', 'user', 'auditLog', 'orgUnitMove', 'connectionEvent', 'connectionSnapshot'];
const SCOPE_FILTERS = ['scopeWhere(', 'scopeWhereOrgPath(', 'scope.path', 'assertInScope('];

// Repositories that are deliberately outside tenant scope, and why.
const UNSCOPED: Record<string, string> = {
  'common/auth/actor.repository.ts': 'loads the account behind a session: how the scope is found',
  'modules/auth/auth.repository.ts': 'credential look-ups before sign-in, by username or the own user id',
  'common/outbox/outbox.repository.ts': 'the relay serves every tenant',
  'modules/health/health.repository.ts': 'SELECT 1',
};
// Methods that read only names (ancestors in breadcrumbs, actors of recorded operations), never the subtree's data.
const UNSCOPED_METHODS = new Set(['OrgUnitsRepository.findNames', 'OrgUnitsRepository.findActorNames']);

function repositories(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : repositories(full);
    return entry.name.endsWith('.repository.ts') ? [full] : [];
  });
}

interface MethodReport {
  name: string;
  touchesTenantTable: boolean;
  takesScope: boolean;
  filtersByScope: boolean;
}

function inspect(file: string, text = readFileSync(file, 'utf8')): MethodReport[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const reports: MethodReport[] = [];
  const visit = (node: ts.Node, className?: string) => {
    if (ts.isClassDeclaration(node)) {
      node.members.forEach((member) => visit(member, node.name?.text));
      return;
    }
    if (ts.isMethodDeclaration(node) && node.body && className) {
      const body = node.body.getText(source);
      const touchesTenantTable =
        TENANT_MODELS.some((model) => new RegExp(`\\.${model}\\.\\w+\\(`).test(body)) ||
        /\$(queryRaw|executeRaw)/.test(body);
      reports.push({
        name: `${className}.${node.name.getText(source)}`,
        touchesTenantTable,
        takesScope: node.parameters.some((p) => p.type?.getText(source) === 'Scope'),
        filtersByScope: SCOPE_FILTERS.some((filter) => body.includes(filter)),
      });
    }
    ts.forEachChild(node, (child) => visit(child, className));
  };
  visit(source);
  return reports;
}

describe('tenant scope enforcement', () => {
  const files = repositories(SRC);

  it('finds the repositories', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files.map((file) => [path.relative(SRC, file)]))('%s: every tenant query takes a Scope and filters by it', (relative) => {
    if (UNSCOPED[relative]) return;
    const offenders = inspect(path.join(SRC, relative)).filter(
      (method) => method.touchesTenantTable && !UNSCOPED_METHODS.has(method.name) && !(method.takesScope && method.filtersByScope),
    );
    expect(offenders.map((o) => o.name)).toEqual([]);
  });

  it('the checker itself tells a scoped method from an unscoped one', () => {
    const reports = inspect(
      'probe.repository.ts',
      `class ProbeRepository {
        unscoped(prisma: Db) { return prisma.orgUnit.findMany({}); }
        scoped(scope: Scope, prisma: Db) { return prisma.orgUnit.findMany({ where: scopeWhere(scope) }); }
        ignoresScope(scope: Scope, prisma: Db) { return prisma.user.count({}); }
      }`,
    );
    expect(reports.map((r) => [r.name, r.touchesTenantTable && r.takesScope && r.filtersByScope])).toEqual([
      ['ProbeRepository.unscoped', false],
      ['ProbeRepository.scoped', true],
      ['ProbeRepository.ignoresScope', false],
    ]);
  });
});
