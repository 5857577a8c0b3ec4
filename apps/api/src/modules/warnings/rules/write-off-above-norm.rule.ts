import { ZMovementsBookedEvent } from '@canteen/shared';
import { z } from 'zod';
import { systemScope } from '@/common/tenancy/scope';
import { defineRule } from '../rule';
import { yuanText } from './rule-text';

/** The norm is the daily average over this many days before the day judged. */
const NORM_DAYS = 30;

/**
 * 报损: write-offs far above what the canteen usually writes off hint at poor stock rotation or at
 * stock leaving by the back door. A day's write-offs (those not reversed) are compared with the
 * canteen's daily average of the 30 days before, times a factor; small amounts are left alone.
 */
export const writeOffAboveNorm = defineRule({
  id: 'write-off-above-norm',
  name: { zh: '报损金额超出常态', en: 'Write-offs above their norm' },
  description: {
    zh: `食堂当天报损金额超过其前 ${NORM_DAYS} 天日均报损金额的倍数（默认 3 倍），且不低于最低金额（默认 100 元）。`,
    en: `A canteen's write-offs of a day exceed its daily average of the previous ${NORM_DAYS} days times a factor (default 3), and at least a minimum amount (default ¥100).`,
  },
  severity: 'warning',
  responsibleLevel: 'school',
  thresholds: {
    schema: z.object({
      factor: z.number().min(1).max(100).default(3),
      minimumYuan: z.number().min(0).max(1_000_000).default(100),
    }),
    fields: {
      factor: { label: { zh: '超过日均的倍数', en: 'Times the daily average' }, unit: '倍', tighter: 'lower' },
      minimumYuan: { label: { zh: '当天报损至少', en: 'Day total at least' }, unit: '元', tighter: 'lower' },
    },
  },
  trigger: { events: ['ledger.movements-booked'] },
  async evaluate(context, input) {
    if (input.kind !== 'event' || !input.event.orgPath) return [];
    const parsed = ZMovementsBookedEvent.safeParse(input.event.payload);
    if (!parsed.success) return [];
    const { canteenId } = parsed.data;
    // The day's total up to the booking's last write-off counts all of the booking's write-offs of that day.
    const movement = parsed.data.movements.findLast((m) => m.kind === 'write_off');
    if (!movement) return [];
    const { factor, minimumYuan } = await context.thresholds(canteenId);
    const totals = await context.queries.writeOffTotals(systemScope(input.event.orgPath), canteenId, movement.occurredOn, NORM_DAYS, movement.seq);
    if (totals.dayFen <= (totals.previousFen / NORM_DAYS) * factor || totals.dayFen < minimumYuan * 100) return [];
    const averageFen = Math.round(totals.previousFen / NORM_DAYS);
    const day = yuanText(totals.dayFen);
    const average = yuanText(averageFen);
    return [
      {
        dedupeKey: `canteen:${canteenId}:write-offs:${movement.occurredOn}`,
        subjectUnitId: canteenId,
        title: { zh: `${movement.occurredOn} 报损 ${day.zh}，超出常态`, en: `Write-offs of ${day.en} on ${movement.occurredOn}, above the norm` },
        summary: {
          zh: `前 ${NORM_DAYS} 天日均报损 ${average.zh}；阈值：日均的 ${factor} 倍且不低于 ${minimumYuan} 元。`,
          en: `Daily average of the previous ${NORM_DAYS} days ${average.en}; threshold: ${factor} × the average and at least ¥${minimumYuan}.`,
        },
        detail: {
          day: movement.occurredOn,
          dayFen: totals.dayFen,
          averageFen,
          normDays: NORM_DAYS,
          thresholds: { factor, minimumYuan },
          lastMovementId: movement.movementId,
          lastReason: movement.reason,
        },
      },
    ];
  },
});
