import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Tenant isolation rests on the application, not on row-level security: this test reads every
 * repository and proves that each method touching a tenant table takes a Scope and filters by it.
 */
const SRC = path.resolve(__dirname, '../..');
const TENANT_MODELS = [
  'orgUnit', 'user', 'auditLog', 'orgUnitMove', 'connectionEvent', 'connectionSnapshot',
  'supplyContract', 'purchaseOrder', 'purchaseOrderLine', 'deliveryManifest', 'deliveryLine',
  'deliveryCorrection', 'acceptance', 'acceptanceLine', 'stockBatch',
  'stockMovement', 'stockBalance', 'ledgerHead', 'ledgerDigest', 'stocktake', 'stocktakeLine',
  'supplierDocument', 'farmBase', 'supplierApiKey', 'storedFile',
  'orgSetting',
  'dish', 'dishVersion', 'dishLine', 'mealPlan', 'mealPlanVersion', 'mealPlanEntry', 'mealPlanEntryDish',
  'productionRecord', 'productionServed', 'productionLeftover',
  'alert', 'alertAction', 'notification',
  'feedback', 'feedbackAction',
];
// A tree scope filters by path; a supplier's scope by its supplier id.
const SCOPE_TYPES = ['Scope', 'SupplierScope', 'Scope | SupplierScope', 'SupplierScope | Scope'];
const SCOPE_FILTERS = [
  'scopeWhere(', 'scopeWhereOrgPath(', 'scope.path', 'assertInScope(', 'scope.supplierId',
  // The supplier registry is platform-wide for staff of the tree; these narrow it for supplier users.
  'supplierWhere(', 'ownedBySupplierWhere(', 'contractWhere(',
  // Dishes are seen in the subtree and, as standard dishes, from the units above it.
  'dishWhere(',
  // Alerts are seen where they happened and where they are held (both levels after an escalation).
  'alertVisibleWhere(',
];

// Repositories that are deliberately outside tenant scope, and why.
const UNSCOPED: Record<string, string> = {
  'common/auth/actor.repository.ts': 'loads the account behind a session: how the scope is found',
  'modules/auth/auth.repository.ts': 'credential look-ups before sign-in, by username or the own user id',
  'common/outbox/outbox.repository.ts': 'the relay serves every tenant',
  'modules/health/health.repository.ts': 'SELECT 1',
  'modules/suppliers/supplier-accounts.repository.ts': 'supplier accounts sit outside the tree: read by their own supplier, created by supplier:write holders',
  'modules/deliveries/document-codes.repository.ts': 'per-day counters for document codes, no tenant data',
  'modules/nutrition/nutrition.repository.ts': 'the food composition table and the catalogue link: platform-wide reference data (raw SQL only for the bulk upsert)',
};
// Methods that read only names (ancestors in breadcrumbs, actors of recorded operations), never the subtree's data.
const UNSCOPED_METHODS = new Set([
  'OrgUnitsRepository.findNames',
  'OrgUnitsRepository.findActorNames',
  // Names of farm bases and files that a manifest already read in scope refers to.
  'DeliveriesRepository.findFarmBaseNames',
  'DeliveriesRepository.findFileNames',
  'SupplierDocumentsRepository.files',
  // Before a supplier's key is authenticated there is no scope yet.
  'SupplierApiKeysRepository.findForAuthentication',
  'SupplierApiKeysRepository.touch',
  // Rule look-ups inside a delivery that is itself scoped; system jobs over every supplier.
  'ContractsRepository.findActiveFor',
  'SupplierDocumentsRepository.dueForAlert',
  // Settings inherit from the ancestors above the asker's subtree; the unit itself was read in scope.
  'SettingsRepository.inherited',
  'SettingsRepository.inheritedMany',
  // Names of the units on an alert's own path, and of the files its actions refer to; the alert was read in scope.
  'AlertsRepository.unitNamesOnPath',
  'AlertsRepository.findFiles',
  // The engine's own record of which (event, rule) pairs it evaluated: event ids, no tenant data.
  'AlertsRepository.claimEvaluations',
  'AlertsRepository.recordOutcomes',
]);

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

function touchesDirectly(body: string): boolean {
  return TENANT_MODELS.some((model) => new RegExp(`\\.${model}\\.\\w+\\(`).test(body)) || /\$(queryRaw|executeRaw)/.test(body);
}

function inspect(file: string, text = readFileSync(file, 'utf8')): MethodReport[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const reports: MethodReport[] = [];
  source.forEachChild(function visit(node): void {
    if (!ts.isClassDeclaration(node)) {
      ts.forEachChild(node, visit);
      return;
    }
    const methods = node.members.filter((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.body);
    const isPrivate = (m: ts.MethodDeclaration) => !!m.modifiers?.some((mod) => mod.kind === ts.SyntaxKind.PrivateKeyword);
    // A private helper receives an already scoped `where`; the public methods that call it answer for it.
    const touchingHelpers = methods.filter((m) => isPrivate(m) && touchesDirectly(m.body!.getText(source))).map((m) => m.name.getText(source));
    for (const method of methods.filter((m) => !isPrivate(m))) {
      const body = method.body!.getText(source);
      reports.push({
        name: `${node.name?.text}.${method.name.getText(source)}`,
        touchesTenantTable: touchesDirectly(body) || touchingHelpers.some((helper) => body.includes(`this.${helper}(`)),
        takesScope: method.parameters.some((p) => SCOPE_TYPES.includes(p.type?.getText(source) ?? '')),
        filtersByScope: SCOPE_FILTERS.some((filter) => body.includes(filter)),
      });
    }
  });
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
        viaHelper(prisma: Db) { return this.helper(prisma, {}); }
        private helper(prisma: Db, where: object) { return prisma.stockBatch.findMany({ where }); }
      }`,
    );
    expect(reports.map((r) => [r.name, r.touchesTenantTable && r.takesScope && r.filtersByScope])).toEqual([
      ['ProbeRepository.unscoped', false],
      ['ProbeRepository.scoped', true],
      ['ProbeRepository.ignoresScope', false],
      ['ProbeRepository.viaHelper', false],
    ]);
    expect(reports.find((r) => r.name === 'ProbeRepository.viaHelper')?.touchesTenantTable).toBe(true);
  });
});
