import { deliveryAccepted, ruleHarness } from '@test/support/rule-harness';
import { missingQuarantineCertificate as rule } from './missing-quarantine-certificate.rule';

const TYPE = 'delivery.accepted';
const pork = { ingredientId: 'ing-pork', ingredientName: '猪肉', category: 'livestock' as const, quarantineRequired: true };

describe('missing-quarantine-certificate rule', () => {
  it('raises a critical alert for meat accepted without a certificate, listing its lines', async () => {
    const [alert, ...more] = await ruleHarness(rule).event(TYPE, deliveryAccepted([{}, pork, { ...pork, lotCode: 'P2' }]));
    expect(more).toHaveLength(0);
    expect(rule.severity).toBe('critical');
    expect(alert).toMatchObject({
      dedupeKey: 'canteen:canteen-1:manifest:manifest-1:quarantine',
      subjectUnitId: 'canteen-1',
      occurredAt: new Date('2026-11-27T01:30:00.000Z'),
      title: { zh: '验收的猪肉没有检疫合格证明' },
      summary: { zh: expect.stringContaining('第 2、3 行') },
    });
    expect(alert!.detail.lines).toEqual([
      expect.objectContaining({ lineNo: 2, lotCode: 'LOT-2' }),
      expect.objectContaining({ lineNo: 3, lotCode: 'P2' }),
    ]);
  });

  it('stays quiet when the meat came with a certificate, was rejected, or needs none', async () => {
    const harness = ruleHarness(rule);
    expect(await harness.event(TYPE, deliveryAccepted([{ ...pork, certificateIds: ['file-1'] }]))).toEqual([]);
    expect(await harness.event(TYPE, deliveryAccepted([{ ...pork, decision: 'reject', acceptedQuantity: '0' }]))).toEqual([]);
    expect(await harness.event(TYPE, deliveryAccepted([{}]))).toEqual([]);
    expect(await harness.event(TYPE, { manifestId: 'x' })).toEqual([]);
  });

  it('has no thresholds to inherit: the certificate is required by law, whatever a unit sets', () => {
    expect(Object.keys(rule.thresholds.fields)).toEqual([]);
  });
});
