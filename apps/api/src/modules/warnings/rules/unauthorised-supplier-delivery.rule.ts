import { FOOD_GROUP_NAMES, ZDeliveryRefusedEvent } from '@canteen/shared';
import { z } from 'zod';
import { defineRule } from '../rule';

/**
 * Suppliers on the serious-violation blacklist may not supply, and nobody supplies a canteen without
 * a contract for that food group. The platform refuses such a delivery; the attempt itself is what
 * the school (and the county above it) should know about.
 */
export const unauthorisedSupplierDelivery = defineRule({
  id: 'unauthorised-supplier-delivery',
  name: { zh: '失信或无合同供应商送货', en: 'Delivery from a blacklisted or uncontracted supplier' },
  description: {
    zh: '列入严重违法失信名单的供应商（严重），或没有有效供货合同的供应商，试图向食堂送货（平台已拒收）。',
    en: 'A supplier on the serious-violation blacklist (critical), or one without a contract in force, tried to deliver to a canteen (the platform refused it).',
  },
  severity: 'warning',
  responsibleLevel: 'school',
  thresholds: { schema: z.object({}), fields: {} },
  trigger: { events: ['delivery.refused'] },
  async evaluate(_context, input) {
    if (input.kind !== 'event') return [];
    const parsed = ZDeliveryRefusedEvent.safeParse(input.event.payload);
    if (!parsed.success) return [];
    const refusal = parsed.data;
    const blacklisted = refusal.reason === 'blacklisted';
    const groups = refusal.categories.map((group) => FOOD_GROUP_NAMES[group]);
    return [
      {
        dedupeKey: `canteen:${refusal.canteenId}:supplier:${refusal.supplierId}:${refusal.reason}:${refusal.deliveryDate}`,
        subjectUnitId: refusal.canteenId,
        severity: blacklisted ? 'critical' : 'warning',
        occurredAt: new Date(refusal.refusedAt),
        title: blacklisted
          ? { zh: `失信名单供应商「${refusal.supplierName}」试图送货`, en: `Blacklisted supplier ${refusal.supplierName} tried to deliver` }
          : { zh: `无有效合同的供应商「${refusal.supplierName}」试图送货`, en: `Supplier ${refusal.supplierName} tried to deliver without a contract in force` },
        summary: blacklisted
          ? {
              zh: `${refusal.deliveryDate} 送往「${refusal.canteenName}」的送货单（${refusal.lineCount} 行）已被拒收：该供应商已列入严重违法失信名单。`,
              en: `A manifest of ${refusal.lineCount} line(s) for ${refusal.canteenName} on ${refusal.deliveryDate} was refused: the supplier is blacklisted.`,
            }
          : {
              zh: `${refusal.deliveryDate} 送往「${refusal.canteenName}」的送货单（${refusal.lineCount} 行）已被拒收：没有供应「${groups.map((g) => g.zh).join('、')}」的有效合同。`,
              en: `A manifest of ${refusal.lineCount} line(s) for ${refusal.canteenName} on ${refusal.deliveryDate} was refused: no contract in force for ${groups.map((g) => g.en).join(', ')}.`,
            },
        detail: { ...refusal },
      },
    ];
  },
});
