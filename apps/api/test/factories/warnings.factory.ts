import { randomUUID } from 'node:crypto';
import { type TMovementsBookedEvent, shanghaiDay } from '@canteen/shared';
import type { DomainEvent } from '@/common/queue/domain-events';
import { testPrisma } from './prisma';
import type { TestUnit } from './tree.factory';

/** `ledger.movements-booked` of a stock-in that came through no accepted delivery: the example rule raises an alert for it. */
export function stockInWithoutDeliveryEvent(canteen: TestUnit, ingredientId: string, options: { eventId?: string; occurredOn?: string } = {}): DomainEvent {
  const payload: TMovementsBookedEvent = {
    canteenId: canteen.id,
    groupId: randomUUID(),
    movements: [
      {
        movementId: randomUUID(),
        seq: 1,
        kind: 'stock_in',
        ingredientId,
        batchId: randomUUID(),
        quantity: '12.5',
        unit: 'kg',
        costFen: 15_000,
        occurredOn: options.occurredOn ?? shanghaiDay(),
        meal: null,
        reason: null,
        reversesId: null,
        withoutDelivery: true,
        daysToExpiry: 5,
        fifoOverride: null,
      },
    ],
  };
  return { eventId: options.eventId ?? randomUUID(), type: 'ledger.movements-booked', orgPath: canteen.path, payload };
}

/** The open alert of a rule about a canteen (there is at most one per dedupe key). */
export function openAlertsAbout(ruleId: string, subjectUnitId: string) {
  return testPrisma().alert.findMany({ where: { ruleId, subjectUnitId, status: { not: 'closed' } }, orderBy: { raisedAt: 'asc' } });
}
