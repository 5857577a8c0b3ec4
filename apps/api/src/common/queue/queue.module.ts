import { Global, Module } from '@nestjs/common';
import { OutboxRepository } from '@/common/outbox/outbox.repository';
import { DomainEvents } from './domain-events';
import { JobQueues } from './job-queues';
import { JobRouter } from './job-router';

@Global()
@Module({
  providers: [JobQueues, JobRouter, DomainEvents, OutboxRepository],
  exports: [JobQueues, JobRouter, DomainEvents, OutboxRepository],
})
export class QueueModule {}
