import { ruleHarness } from '@test/support/rule-harness';
import { ledgerVerificationFailed as rule } from './ledger-verification-failed.rule';

const TYPE = 'ledger.verification-failed';

describe('ledger-verification-failed rule', () => {
  it('is critical and held by the county', () => {
    expect(rule).toMatchObject({ severity: 'critical', responsibleLevel: 'county' });
  });

  it('raises an alert about the canteen for a broken chain', async () => {
    const [alert] = await ruleHarness(rule).event(TYPE, {
      subject: 'chain',
      checkedAt: '2026-11-27T18:00:00.000Z',
      canteenId: 'canteen-1',
      seq: 118,
      movementId: 'm-118',
      problem: 'hash_mismatch',
      detail: 'The hash of entry 118 does not match its content — 第 118 条记录的哈希与内容不符',
    });
    expect(alert).toMatchObject({
      dedupeKey: 'canteen:canteen-1:chain:118:hash_mismatch',
      subjectUnitId: 'canteen-1',
      occurredAt: new Date('2026-11-27T18:00:00.000Z'),
      title: { zh: '出入库台账哈希链校验失败（第 118 条）' },
      summary: { zh: '第 118 条记录的哈希与内容不符', en: 'The hash of entry 118 does not match its content' },
    });
  });

  it('raises an alert about the county for a failed digest', async () => {
    const [alert] = await ruleHarness(rule).event(TYPE, {
      subject: 'digest',
      checkedAt: '2026-11-27T18:00:00.000Z',
      countyId: 'county-1',
      day: '2026-11-26',
      problem: 'signature_invalid',
      detail: 'signature does not verify',
    });
    expect(alert).toMatchObject({ dedupeKey: 'county:county-1:digest:2026-11-26:signature_invalid', subjectUnitId: 'county-1', summary: { zh: 'signature does not verify' } });
  });

  it('ignores a payload it cannot read, and has no thresholds to loosen', async () => {
    expect(await ruleHarness(rule).event(TYPE, { subject: 'moon' })).toEqual([]);
    expect(Object.keys(rule.thresholds.fields)).toEqual([]);
  });
});
