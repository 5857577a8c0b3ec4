import { Injectable } from '@nestjs/common';
import { QUEUES, type TDeadLetter, type TDeadLetterQuery, type TPage } from '@canteen/shared';
import type { Job } from 'bullmq';
import { AuditWriter } from '@/common/audit/audit.writer';
import { notFound } from '@/common/http/app-error';
import { JobQueues } from '@/common/queue/job-queues';
import type { Actor } from '@/common/tenancy/actor';
import { requireAccess } from '@/common/tenancy/scope';
import { AlertsRepository } from './alerts.repository';

interface EventData {
  eventId?: unknown;
  type?: unknown;
  orgPath?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);

function toDeadLetter(job: Job): TDeadLetter {
  const data = (job.data ?? {}) as EventData;
  return {
    jobId: String(job.id),
    name: job.name,
    eventType: text(data.type),
    eventId: text(data.eventId),
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason ?? '',
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    data: job.data,
  };
}

/**
 * Domain events whose evaluation failed on every attempt stay in BullMQ's failed set: the operator
 * sees them with their error and sends one back to the queue once the cause is fixed.
 */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly queues: JobQueues,
    private readonly repository: AlertsRepository,
    private readonly audit: AuditWriter,
  ) {}

  async list(actor: Actor, query: TDeadLetterQuery): Promise<TPage<TDeadLetter>> {
    requireAccess(actor, 'jobs:operate');
    const queue = this.queues.queue(QUEUES.domainEvents);
    const start = (query.page - 1) * query.pageSize;
    const [total, jobs] = await Promise.all([queue.getFailedCount(), queue.getFailed(start, start + query.pageSize - 1)]);
    return { items: jobs.filter((job): job is Job => Boolean(job)).map(toDeadLetter), total, page: query.page, pageSize: query.pageSize };
  }

  async retry(actor: Actor, jobId: string): Promise<TDeadLetter> {
    requireAccess(actor, 'jobs:operate');
    const job = await this.queues.queue(QUEUES.domainEvents).getJob(jobId);
    if (!job || !(await job.isFailed())) throw notFound('死信列表中没有该任务', 'No such job in the dead-letter list');
    const before = toDeadLetter(job);
    await job.retry('failed');
    await this.repository.prisma.$transaction((tx) =>
      this.audit.record(tx, actor, {
        action: 'retry',
        entity: 'job',
        entityId: before.jobId,
        orgPath: text((job.data as EventData | undefined)?.orgPath),
        before: { eventType: before.eventType, attemptsMade: before.attemptsMade, failedReason: before.failedReason },
      }),
    );
    return before;
  }
}
