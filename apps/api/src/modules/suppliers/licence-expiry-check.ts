import { Injectable } from '@nestjs/common';
import { EXPIRY_WARNING_DAYS, addDays, expiryState, shanghaiDay } from '@canteen/shared';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import { JobRouter } from '@/common/queue/job-router';
import { systemScope } from '@/common/tenancy/scope';
import { fromDay, toDay } from './supplier-access';
import { SupplierDocumentsRepository } from './supplier-documents.repository';

const EVENT_TYPES = { expiring: 'supplier.licence-expiring', expired: 'supplier.licence-expired' } as const;

/**
 * The daily check (06:00 Asia/Shanghai) of supplier and farm-base documents: one outbox event per
 * document and state, recorded in the same transaction, so a re-run never announces twice.
 */
@Injectable()
export class LicenceExpiryCheck {
  constructor(
    private readonly repository: SupplierDocumentsRepository,
    private readonly outbox: OutboxWriter,
    router: JobRouter,
  ) {
    router.on('supplierLicenceCheck', async ({ day }) => {
      await this.run(day === 'today' ? shanghaiDay() : day);
    });
  }

  /** Returns how many events this run emitted. */
  async run(today: string): Promise<number> {
    let emitted = 0;
    for (const state of ['expired', 'expiring'] as const) {
      const [from, until] = state === 'expired' ? [null, addDays(today, -1)] : [today, addDays(today, EXPIRY_WARNING_DAYS)];
      const documents = await this.repository.dueForAlert(systemScope(), state, from ? fromDay(from) : null, fromDay(until));
      for (const doc of documents) {
        const expiresOn = toDay(doc.expiresOn!);
        // A document already past its date is announced as expired, not as expiring.
        if (expiryState(expiresOn, today) !== state) continue;
        const recorded = await this.repository.prisma.$transaction(async (tx) => {
          if (!(await this.repository.recordAlert(tx, doc.id, state, fromDay(today)))) return false;
          await this.outbox.emit(
            tx,
            EVENT_TYPES[state],
            {
              documentId: doc.id,
              supplierId: doc.supplierId,
              supplierName: doc.supplier.name,
              farmBaseId: doc.farmBase?.id ?? null,
              farmBaseName: doc.farmBase?.name ?? null,
              kind: doc.kind,
              number: doc.number,
              expiresOn,
              day: today,
            },
            null,
          );
          return true;
        });
        if (recorded) emitted++;
      }
    }
    return emitted;
  }
}
