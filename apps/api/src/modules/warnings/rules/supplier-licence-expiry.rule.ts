import { EXPIRY_WARNING_DAYS, ZLicenceExpiryEvent } from '@canteen/shared';
import { z } from 'zod';
import { systemScope } from '@/common/tenancy/scope';
import { daysBetween } from '@/modules/ledger/stock-rules';
import { defineRule } from '../rule';
import { DOCUMENT_KIND_TEXT } from './rule-text';

const EXPIRED = 'supplier.licence-expired';

/**
 * 索证索票: a supplier (or one of its farm bases) whose licence has expired may not keep supplying.
 * The schools holding a contract with it in force that day are told, each with its own alert. The
 * notice period is the licence check's own (EXPIRY_WARNING_DAYS): it announces a document once per
 * state, so a per-unit threshold could not bring the notice forward or hold it back.
 */
export const supplierLicenceExpiry = defineRule({
  id: 'supplier-licence-expiry',
  name: { zh: '供应商证照到期', en: 'Supplier licence expiring or expired' },
  description: {
    zh: `签约供应商（或其基地）的证照已过期（严重），或将在 ${EXPIRY_WARNING_DAYS} 天内到期；由与其有有效合同的学校处置。`,
    en: `A contracted supplier's (or its farm base's) licence has expired (critical) or expires within ${EXPIRY_WARNING_DAYS} days; handled by each school with a contract in force.`,
  },
  severity: 'warning',
  responsibleLevel: 'school',
  thresholds: { schema: z.object({}), fields: {} },
  trigger: { events: ['supplier.licence-expiring', EXPIRED] },
  async evaluate(context, input) {
    if (input.kind !== 'event') return [];
    const parsed = ZLicenceExpiryEvent.safeParse(input.event.payload);
    if (!parsed.success) return [];
    const doc = parsed.data;
    const expired = input.event.type === EXPIRED;
    const schools = await context.queries.contractedSchools(systemScope(), doc.supplierId, doc.day);
    const kind = DOCUMENT_KIND_TEXT[doc.kind];
    const holder = doc.farmBaseName ? { zh: `${doc.supplierName}（基地：${doc.farmBaseName}）`, en: `${doc.supplierName} (farm base ${doc.farmBaseName})` } : { zh: doc.supplierName, en: doc.supplierName };
    const daysLeft = daysBetween(doc.day, doc.expiresOn);
    return schools.map((school) => ({
      dedupeKey: `school:${school.id}:document:${doc.documentId}:${expired ? 'expired' : 'expiring'}`,
      subjectUnitId: school.id,
      severity: expired ? ('critical' as const) : ('warning' as const),
      title: expired
        ? { zh: `供应商证照已过期：${holder.zh}的${kind.zh}`, en: `Supplier licence expired: ${kind.en} of ${holder.en}` }
        : // The date, not "in N days": a title is kept as raised and read days later.
          { zh: `供应商证照将到期：${holder.zh}的${kind.zh}（${doc.expiresOn} 到期）`, en: `Supplier licence expiring: ${kind.en} of ${holder.en} (on ${doc.expiresOn})` },
      summary: {
        zh: `证照编号 ${doc.number}，有效期至 ${doc.expiresOn}。${expired ? '请暂停向其采购，并督促其换证。' : '请督促供应商及时换证。'}`,
        en: `Number ${doc.number}, valid until ${doc.expiresOn}. ${expired ? 'Stop buying from it and have it renew the licence.' : 'Have the supplier renew it in time.'}`,
      },
      detail: {
        documentId: doc.documentId,
        supplierId: doc.supplierId,
        supplierName: doc.supplierName,
        farmBaseId: doc.farmBaseId,
        farmBaseName: doc.farmBaseName,
        kind: doc.kind,
        number: doc.number,
        expiresOn: doc.expiresOn,
        checkedOn: doc.day,
        daysLeft,
      },
    }));
  },
});
