import { Injectable, Logger } from '@nestjs/common';
import type { FeedbackCategory, FeedbackStatus, TFeedbackOverdueEvent } from '@canteen/shared';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import { JobRouter } from '@/common/queue/job-router';
import { systemScope } from '@/common/tenancy/scope';
import { FeedbackRepository, type OverdueFeedbackRow } from './feedback.repository';

const BATCH = 200;

/**
 * The `feedbackOverdueCheck` job (every five minutes): feedback past its reply time without a reply
 * is announced as `feedback.overdue`, once each, claimed in the same transaction as the outbox row,
 * so overlapping or repeated runs announce nothing twice. The warnings engine turns it into an alert.
 */
@Injectable()
export class FeedbackOverdueProcessor {
  private readonly logger = new Logger('feedback-overdue');

  constructor(
    private readonly repository: FeedbackRepository,
    private readonly outbox: OutboxWriter,
    router: JobRouter,
  ) {
    router.on('feedbackOverdueCheck', async () => {
      const emitted = await this.run(new Date());
      if (emitted > 0) this.logger.log({ emitted }, 'overdue feedback announced');
    });
  }

  /** Returns how many events this run emitted. */
  async run(now: Date): Promise<number> {
    const scope = systemScope();
    let emitted = 0;
    for (;;) {
      const due = await this.repository.dueForOverdue(scope, now, BATCH);
      for (const row of due) {
        const claimed = await this.repository.prisma.$transaction(async (tx) => {
          if (!(await this.repository.markOverdue(tx, scope, row.id, now))) return false;
          await this.outbox.emit(tx, 'feedback.overdue', overdueEvent(row), row.canteen.path);
          return true;
        });
        if (claimed) emitted++;
      }
      if (due.length < BATCH) return emitted;
    }
  }
}

function overdueEvent(row: OverdueFeedbackRow): TFeedbackOverdueEvent {
  return {
    feedbackId: row.id,
    trackingCode: row.trackingCode,
    canteenId: row.canteen.id,
    canteenName: row.canteen.name,
    schoolId: row.canteen.parent!.id,
    schoolName: row.canteen.parent!.name,
    category: row.category as FeedbackCategory,
    status: row.status as FeedbackStatus,
    submittedAt: row.submittedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    slaHours: row.slaHours,
  };
}
