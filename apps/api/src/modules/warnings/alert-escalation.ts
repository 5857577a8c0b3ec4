import { Injectable, Logger } from '@nestjs/common';
import type { AlertSeverity, EscalationReason, TNotificationMessage } from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { JobRouter } from '@/common/queue/job-router';
import { systemScope } from '@/common/tenancy/scope';
import { SettingsService } from '@/modules/settings/settings.service';
import { dueTimes } from './alert-routing';
import { type AlertSummaryRow, AlertsRepository } from './alerts.repository';
import { Clock } from './clock';
import { NotificationPublisher } from './notification-publisher';

const SYSTEM = { userId: null, displayName: null, ip: null, requestId: null };
const BATCH = 200;
const MAX_BATCHES = 50;

/**
 * Every minute: an alert its holder did not acknowledge or handle in time moves to the level above
 * (school → county → city → province), which gets the SLA of its own level from then on. Both
 * levels keep seeing it; repeated breaches climb to the province, which holds it for good.
 */
@Injectable()
export class AlertEscalation {
  private readonly logger = new Logger('warnings');

  constructor(
    private readonly repository: AlertsRepository,
    private readonly settings: SettingsService,
    private readonly audit: AuditWriter,
    private readonly publisher: NotificationPublisher,
    private readonly clock: Clock,
    router: JobRouter,
  ) {
    router.on('warningsEscalate', async () => {
      await this.run();
    });
  }

  /** Escalates everything overdue at `now`; returns how many alerts moved up. */
  async run(now: Date = this.clock.now()): Promise<number> {
    let moved = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const due = await this.repository.dueForEscalation(systemScope(), now, BATCH);
      for (const alert of due) if (await this.escalate(alert, now)) moved++;
      if (due.length < BATCH) break;
    }
    if (moved > 0) this.logger.log({ moved }, 'alerts escalated');
    return moved;
  }

  private async escalate(alert: AlertSummaryRow, now: Date): Promise<boolean> {
    const from = await this.repository.findUnit(systemScope(), alert.responsibleUnitId);
    const to = from?.parentId ? await this.repository.findUnit(systemScope(), from.parentId) : null;
    if (!from || !to) return false;
    const reason: EscalationReason = alert.status === 'raised' ? 'ack_overdue' : 'handle_overdue';
    const severity = alert.severity as AlertSeverity;
    const due = dueTimes((await this.settings.resolve('warnings.sla', to.id)).value, severity, now);
    const scope = systemScope(alert.subjectPath);

    const message = await this.repository.prisma.$transaction(async (tx) => {
      const overdue = reason === 'ack_overdue' ? { ackDueAt: { lte: now } } : { handleDueAt: { lte: now } };
      const moved = await this.repository.transition(
        tx,
        scope,
        alert.id,
        { status: alert.status as 'raised' | 'acknowledged', responsibleUnitId: from.id, where: overdue },
        {
          responsibleUnitId: to.id,
          responsiblePath: to.path,
          status: 'raised',
          acknowledgedAt: null,
          ...due,
          escalationLevel: { increment: 1 },
        },
      );
      if (!moved) return null;
      await this.repository.addAction(tx, scope, alert.subjectPath, {
        alertId: alert.id,
        kind: 'escalated',
        actorId: null,
        actorName: null,
        actingUnitId: from.id,
        fromUnitId: from.id,
        toUnitId: to.id,
        reason,
        at: now,
      });
      await this.audit.record(tx, SYSTEM, {
        action: 'escalate',
        entity: 'alert',
        entityId: alert.id,
        orgPath: alert.subjectPath,
        before: { responsibleUnitId: from.id, status: alert.status, ackDueAt: alert.ackDueAt, handleDueAt: alert.handleDueAt },
        after: { responsibleUnitId: to.id, status: 'raised', reason, ...due },
      });
      const above = await this.repository.handlersAt(systemScope(to.path), to.id, tx);
      const below = await this.repository.handlersAt(systemScope(from.path), from.id, tx);
      const userIds = [...above, ...below].map((user) => user.id);
      await this.repository.notify(tx, scope, alert.subjectPath, alert.id, 'escalated', userIds);
      return { userIds, alertId: alert.id, kind: 'escalated' } satisfies TNotificationMessage;
    });
    if (!message) return false;
    await this.publisher.publish([message]);
    return true;
  }
}
