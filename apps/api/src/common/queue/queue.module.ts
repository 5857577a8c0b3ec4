import { Global, Module } from '@nestjs/common';
import { DomainEvents } from './domain-events';
import { JobQueues } from './job-queues';
import { JobRouter } from './job-router';

@Global()
@Module({ providers: [JobQueues, JobRouter, DomainEvents], exports: [JobQueues, JobRouter, DomainEvents] })
export class QueueModule {}
