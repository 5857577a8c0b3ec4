import { ZVerificationFailedEvent } from '@canteen/shared';
import { z } from 'zod';
import { defineRule } from '../rule';

/**
 * The inventory ledger is hash-chained per canteen and sealed daily per county into a signed digest;
 * a chain or digest that no longer verifies means records were changed outside the application.
 * The county holds it: a school cannot be trusted to investigate its own tampered ledger.
 */
export const ledgerVerificationFailed = defineRule({
  id: 'ledger-verification-failed',
  name: { zh: '台账校验失败', en: 'Ledger verification failed' },
  description: {
    zh: '出入库台账的哈希链或每日签名摘要校验不通过（记录可能被篡改），由县级处置。',
    en: "A canteen's ledger hash chain or a county's signed daily digest failed verification (records may have been tampered with); handled by the county.",
  },
  severity: 'critical',
  responsibleLevel: 'county',
  thresholds: { schema: z.object({}), fields: {} },
  trigger: { events: ['ledger.verification-failed'] },
  async evaluate(_context, input) {
    if (input.kind !== 'event') return [];
    const parsed = ZVerificationFailedEvent.safeParse(input.event.payload);
    if (!parsed.success) return [];
    const failure = parsed.data;
    const occurredAt = new Date(failure.checkedAt);
    // The ledger writes its detail as "English — 中文".
    const [en, zh] = failure.detail.split(' — ');
    const summary = { zh: zh ?? failure.detail, en: en ?? failure.detail };
    if (failure.subject === 'chain') {
      return [
        {
          dedupeKey: `canteen:${failure.canteenId}:chain:${failure.seq}:${failure.problem}`,
          subjectUnitId: failure.canteenId,
          occurredAt,
          title: { zh: `出入库台账哈希链校验失败（第 ${failure.seq} 条）`, en: `Ledger hash chain failed verification at entry ${failure.seq}` },
          summary,
          detail: { ...failure },
        },
      ];
    }
    return [
      {
        dedupeKey: `county:${failure.countyId}:digest:${failure.day}:${failure.problem}`,
        subjectUnitId: failure.countyId,
        occurredAt,
        title: { zh: `${failure.day} 台账签名摘要校验失败`, en: `Signed ledger digest of ${failure.day} failed verification` },
        summary,
        detail: { ...failure },
      },
    ];
  },
});
