import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { JobQueues } from '@/common/queue/job-queues';
import { scheduleWarnings } from '@/modules/warnings/warnings-schedules';

const REAPPLY_MS = 5 * 60_000;

/**
 * The worker's repeatable jobs. Upserting them is idempotent, and they are upserted again every few
 * minutes: a Redis that restarts without persistence forgets them along with everything else.
 */
@Injectable()
export class WorkerSchedules implements OnModuleDestroy {
  private readonly logger = new Logger('worker');
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly queues: JobQueues) {}

  async keep(): Promise<void> {
    await this.apply();
    this.timer = setInterval(() => void this.apply().catch((error: Error) => this.logger.warn({ err: error.message }, 're-applying the schedules failed')), REAPPLY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async apply(): Promise<void> {
    // Just after midnight the previous day is final, and the new day gets its first counts (so a
    // 30-day trend ends on today even when nothing changes); during the day, connection changes keep
    // today fresh.
    await this.queues.schedule('connection-snapshot-daily', 'connectionSnapshot', '5 0 * * *', { day: 'yesterday' });
    await this.queues.schedule('connection-snapshot-today', 'connectionSnapshot', '6 0 * * *', { day: 'today' });
    await this.queues.schedule('supplier-licence-check-daily', 'supplierLicenceCheck', '0 6 * * *', { day: 'today' });
    // Yesterday's ledger is sealed into signed digests after midnight (and on start, any day missed while down).
    await this.queues.schedule('ledger-seal-daily', 'ledgerSeal', '10 0 * * *', { through: 'yesterday' });
    await scheduleWarnings(this.queues);
    await this.queues.schedule('feedback-overdue-check', 'feedbackOverdueCheck', '*/5 * * * *', {});
  }
}
