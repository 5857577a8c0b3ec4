import { ZDeliveryAcceptedEvent } from '@canteen/shared';
import { z } from 'zod';
import { defineRule } from '../rule';

/** Meat and other animal products need an animal quarantine certificate with every delivery (索证索票). */
export const missingQuarantineCertificate = defineRule({
  id: 'missing-quarantine-certificate',
  name: { zh: '肉类验收缺少检疫合格证明', en: 'Meat accepted without a quarantine certificate' },
  description: {
    zh: '验收接收了须附动物检疫合格证明的食材（畜禽肉等），但该批次送货没有附检疫证明。',
    en: 'A delivery line that needs an animal quarantine certificate (meat, poultry …) was accepted without one.',
  },
  severity: 'critical',
  responsibleLevel: 'school',
  thresholds: { schema: z.object({}), fields: {} },
  trigger: { events: ['delivery.accepted'] },
  async evaluate(_context, input) {
    if (input.kind !== 'event') return [];
    const parsed = ZDeliveryAcceptedEvent.safeParse(input.event.payload);
    if (!parsed.success) return [];
    const delivery = parsed.data;
    const lines = delivery.lines.filter((line) => line.decision === 'accept' && line.quarantineRequired && line.certificateIds.length === 0);
    if (lines.length === 0) return [];
    const names = [...new Set(lines.map((line) => line.ingredientName))];
    return [
      {
        dedupeKey: `canteen:${delivery.canteenId}:manifest:${delivery.manifestId}:quarantine`,
        subjectUnitId: delivery.canteenId,
        occurredAt: new Date(delivery.acceptedAt),
        title: { zh: `验收的${names.join('、')}没有检疫合格证明`, en: `${names.join(', ')} accepted without a quarantine certificate` },
        summary: {
          zh: `送货单 ${delivery.code}（${delivery.supplier.name}，${delivery.deliveryDate}）第 ${lines.map((line) => line.lineNo).join('、')} 行已接收，但未附动物检疫合格证明。`,
          en: `Lines ${lines.map((line) => line.lineNo).join(', ')} of manifest ${delivery.code} (${delivery.supplier.name}, ${delivery.deliveryDate}) were accepted without an animal quarantine certificate.`,
        },
        detail: {
          manifestId: delivery.manifestId,
          code: delivery.code,
          supplier: delivery.supplier,
          deliveryDate: delivery.deliveryDate,
          acceptedAt: delivery.acceptedAt,
          lines: lines.map(({ lineNo, ingredientId, ingredientName, lotCode, acceptedQuantity, unit }) => ({ lineNo, ingredientId, ingredientName, lotCode, acceptedQuantity, unit })),
        },
      },
    ];
  },
});
