import type { TLicenceExpiryEvent } from '@canteen/shared';
import type { Scope } from '@/common/tenancy/scope';
import { ruleHarness } from '@test/support/rule-harness';
import { supplierLicenceExpiry as rule } from './supplier-licence-expiry.rule';

const licence = (overrides: Partial<TLicenceExpiryEvent> = {}): TLicenceExpiryEvent => ({
  documentId: 'doc-1',
  supplierId: 'supplier-1',
  supplierName: '鲜达配送',
  farmBaseId: null,
  farmBaseName: null,
  kind: 'food_business_licence',
  number: 'JY15117020000001',
  expiresOn: '2026-12-20',
  day: '2026-11-27',
  ...overrides,
});
const schools = [
  { id: 'school-1', name: '第一小学', path: '/p/c/k/school-1/' },
  { id: 'school-2', name: '第二小学', path: '/p/c/k/school-2/' },
];

describe('supplier-licence-expiry rule', () => {
  const asked: [string, string, string][] = [];
  const queries = {
    contractedSchools: async (scope: Scope, supplierId: string, day: string) => {
      asked.push([scope.path, supplierId, day]);
      return supplierId === 'supplier-1' ? schools : [];
    },
  };

  it('raises one alert per school with a contract in force when a licence nears its expiry', async () => {
    const alerts = await ruleHarness(rule, { queries }).event('supplier.licence-expiring', licence());
    expect(asked.at(-1)).toEqual(['/', 'supplier-1', '2026-11-27']);
    expect(alerts.map((a) => [a.subjectUnitId, a.dedupeKey, a.severity])).toEqual([
      ['school-1', 'school:school-1:document:doc-1:expiring', 'warning'],
      ['school-2', 'school:school-2:document:doc-1:expiring', 'warning'],
    ]);
    expect(alerts[0]!.title.zh).toBe('供应商证照将到期：鲜达配送的食品经营许可证（2026-12-20 到期）');
  });

  it('raises a critical alert, apart from the earlier notice, once it has expired; a farm base is named', async () => {
    const [alert] = await ruleHarness(rule, { queries }).event('supplier.licence-expired', licence({ expiresOn: '2026-11-26', farmBaseId: 'farm-1', farmBaseName: '大竹基地', kind: 'animal_epidemic_certificate' }));
    expect(alert).toMatchObject({
      dedupeKey: 'school:school-1:document:doc-1:expired',
      severity: 'critical',
      title: { zh: '供应商证照已过期：鲜达配送（基地：大竹基地）的动物防疫条件合格证' },
      detail: { daysLeft: -1, farmBaseId: 'farm-1' },
    });
  });

  it('has nobody to tell when no school holds a contract with the supplier, and ignores malformed payloads', async () => {
    const harness = ruleHarness(rule, { queries });
    expect(await harness.event('supplier.licence-expiring', licence({ supplierId: 'supplier-2' }))).toEqual([]);
    expect(await harness.event('supplier.licence-expiring', { documentId: 'doc-1' })).toEqual([]);
  });

  it('has no thresholds: the notice period is the licence check’s own', () => {
    expect(Object.keys(rule.thresholds.fields)).toEqual([]);
  });
});
