import { ZMovementsBookedEvent } from '@canteen/shared';
import { z } from 'zod';
import { defineRule } from '../rule';
import { MEAL_TEXT } from './rule-text';

/**
 * A batch issued to the kitchen on or just before its expiry date (and, should a late entry ever
 * allow it, after). The ledger refuses to issue a batch already expired on the movement's day.
 */
export const expiringBatchIssued = defineRule({
  id: 'expiring-batch-issued',
  name: { zh: '出库临期或过期食材', en: 'Near-expiry or expired batch issued' },
  description: {
    zh: '出库给厨房的批次距到期不足阈值天数（默认 1 天以内，含当天到期）；已过期的批次为严重预警。',
    en: 'A batch issued to the kitchen was within the threshold of its expiry date (default 1 day, expiring that day included); an expired batch is critical.',
  },
  severity: 'warning',
  responsibleLevel: 'school',
  thresholds: {
    schema: z.object({ nearExpiryDays: z.number().int().min(0).max(30).default(1) }),
    fields: { nearExpiryDays: { label: { zh: '距到期天数不超过', en: 'Days to expiry at most' }, unit: '天', tighter: 'higher' } },
  },
  trigger: { events: ['ledger.movements-booked'] },
  async evaluate(context, input) {
    if (input.kind !== 'event') return [];
    const parsed = ZMovementsBookedEvent.safeParse(input.event.payload);
    if (!parsed.success) return [];
    const { canteenId } = parsed.data;
    const issued = parsed.data.movements.filter((m) => m.kind === 'stock_out' && m.daysToExpiry !== null);
    if (issued.length === 0) return [];
    const { nearExpiryDays } = await context.thresholds(canteenId);
    const flagged = issued.filter((m) => m.daysToExpiry! <= nearExpiryDays);
    if (flagged.length === 0) return [];
    const names = await context.queries.ingredientNames([...new Set(flagged.map((m) => m.ingredientId))]);
    return flagged.map((movement) => {
      const days = movement.daysToExpiry!;
      const expired = days < 0;
      const ingredient = names.get(movement.ingredientId) ?? movement.ingredientId;
      const quantity = movement.quantity.replace(/^-/, '');
      const meal = movement.meal ? MEAL_TEXT[movement.meal] : null;
      const when = {
        zh: expired ? `已过期 ${-days} 天` : days === 0 ? '当天到期' : `${days} 天后到期`,
        en: expired ? `expired ${-days} day(s) before` : days === 0 ? 'expiring that day' : `expiring in ${days} day(s)`,
      };
      return {
        dedupeKey: `canteen:${canteenId}:batch:${movement.batchId}`,
        subjectUnitId: canteenId,
        severity: expired ? 'critical' : 'warning',
        title: {
          zh: `出库${expired ? '过期' : '临期'}食材：${ingredient}（${when.zh}）`,
          en: `${expired ? 'Expired' : 'Near-expiry'} ${ingredient} issued (${when.en})`,
        },
        summary: {
          zh: `${movement.occurredOn}${meal ? ` ${meal.zh}` : ''}出库 ${quantity} ${movement.unit}，阈值：距到期 ${nearExpiryDays} 天以内。`,
          en: `${quantity} ${movement.unit} issued on ${movement.occurredOn}${meal ? ` for ${meal.en}` : ''}; threshold: within ${nearExpiryDays} day(s) of expiry.`,
        },
        detail: {
          movementId: movement.movementId,
          batchId: movement.batchId,
          ingredientId: movement.ingredientId,
          ingredientName: ingredient,
          quantity,
          unit: movement.unit,
          occurredOn: movement.occurredOn,
          meal: movement.meal,
          daysToExpiry: days,
          nearExpiryDays,
          fifoOverride: movement.fifoOverride,
        },
      };
    });
  },
});
