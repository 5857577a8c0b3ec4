import { ZMovementsBookedEvent } from '@canteen/shared';
import { z } from 'zod';
import { defineRule } from '../rule';

/**
 * 进货查验: every stock-in should come through an accepted delivery; one booked without it bypassed
 * the incoming inspection and the supplier's certificates.
 */
export const stockInWithoutDelivery = defineRule({
  id: 'stock-in-without-delivery',
  name: { zh: '入库无验收送货记录', en: 'Stock-in without an accepted delivery' },
  description: {
    zh: '入库的批次没有经过验收的送货单（绕过进货查验和索证索票）。',
    en: 'A batch was booked into stock without an accepted delivery (bypassing incoming inspection and certificates).',
  },
  severity: 'warning',
  responsibleLevel: 'school',
  thresholds: { schema: z.object({}), fields: {} },
  trigger: { events: ['ledger.movements-booked'] },
  async evaluate(context, input) {
    if (input.kind !== 'event') return [];
    const parsed = ZMovementsBookedEvent.safeParse(input.event.payload);
    if (!parsed.success) return [];
    const { canteenId } = parsed.data;
    const unchecked = parsed.data.movements.filter((m) => m.kind === 'stock_in' && m.withoutDelivery);
    if (unchecked.length === 0) return [];
    const names = await context.queries.ingredientNames([...new Set(unchecked.map((m) => m.ingredientId))]);
    return unchecked.map((movement) => {
      const ingredient = names.get(movement.ingredientId) ?? movement.ingredientId;
      return {
        dedupeKey: `canteen:${canteenId}:ingredient:${movement.ingredientId}:${movement.occurredOn}`,
        subjectUnitId: canteenId,
        title: { zh: `${ingredient}入库无验收送货记录`, en: `${ingredient} booked in without an accepted delivery` },
        summary: {
          zh: `${movement.occurredOn} 入库 ${movement.quantity} ${movement.unit}，未关联已验收的送货单。`,
          en: `${movement.quantity} ${movement.unit} booked in on ${movement.occurredOn} without an accepted delivery.`,
        },
        detail: {
          movementId: movement.movementId,
          batchId: movement.batchId,
          ingredientId: movement.ingredientId,
          ingredientName: ingredient,
          quantity: movement.quantity,
          unit: movement.unit,
          costFen: movement.costFen,
          occurredOn: movement.occurredOn,
        },
      };
    });
  },
});
