import { ZDeliveryAcceptedEvent } from '@canteen/shared';
import { z } from 'zod';
import { defineRule } from '../rule';

/**
 * 双人或多人联检: bulk ingredients are accepted by two or more people, each identified. The
 * acceptance form already asks for a second person; this catches any record that slips through
 * with fewer, and lets a unit ask for more than two.
 */
export const acceptanceInspectors = defineRule({
  id: 'acceptance-inspectors',
  name: { zh: '验收人数不足', en: 'Acceptance signed by too few people' },
  description: {
    zh: '进货查验签字的人员少于规定人数（默认 2 人，双人联检）。',
    en: 'A delivery was accepted by fewer people than required (default 2: joint acceptance).',
  },
  severity: 'warning',
  responsibleLevel: 'school',
  thresholds: {
    schema: z.object({ minInspectors: z.number().int().min(2).max(5).default(2) }),
    fields: { minInspectors: { label: { zh: '最少验收人数', en: 'Fewest inspectors' }, unit: '人', tighter: 'higher' } },
  },
  trigger: { events: ['delivery.accepted'] },
  async evaluate(context, input) {
    if (input.kind !== 'event') return [];
    const parsed = ZDeliveryAcceptedEvent.safeParse(input.event.payload);
    if (!parsed.success) return [];
    const delivery = parsed.data;
    const { minInspectors } = await context.thresholds(delivery.canteenId);
    const inspectors = new Set(delivery.inspectorIds).size;
    if (inspectors >= minInspectors) return [];
    return [
      {
        dedupeKey: `canteen:${delivery.canteenId}:manifest:${delivery.manifestId}:inspectors`,
        subjectUnitId: delivery.canteenId,
        occurredAt: new Date(delivery.acceptedAt),
        title: {
          zh: `送货单 ${delivery.code} 仅 ${inspectors} 人验收（应至少 ${minInspectors} 人）`,
          en: `Manifest ${delivery.code} accepted by ${inspectors} person(s) (at least ${minInspectors} required)`,
        },
        summary: {
          zh: `${delivery.supplier.name} ${delivery.deliveryDate} 送货，验收时间 ${delivery.acceptedAt}。`,
          en: `Delivered by ${delivery.supplier.name} on ${delivery.deliveryDate}, accepted at ${delivery.acceptedAt}.`,
        },
        detail: {
          manifestId: delivery.manifestId,
          code: delivery.code,
          supplier: delivery.supplier,
          acceptanceId: delivery.acceptanceId,
          acceptedAt: delivery.acceptedAt,
          inspectorIds: delivery.inspectorIds,
          minInspectors,
        },
      },
    ];
  },
});
