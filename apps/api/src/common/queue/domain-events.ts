import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { JobPayload } from '@canteen/shared';
import { OutboxProcessedMarker } from '@/common/outbox/outbox-processed.marker';
import { OutboxRepository } from '@/common/outbox/outbox.repository';
import { JobRouter } from './job-router';

export type DomainEvent = JobPayload<'domainEvent'>;
type Handler = (event: DomainEvent) => Promise<void>;

/**
 * Subscribers to the events that the outbox relays; each handler must be idempotent by event id.
 * Once every subscriber of an event has run without error, its outbox row is marked processed, so
 * that the relay does not deliver it again.
 */
@Injectable()
export class DomainEvents implements OnModuleDestroy {
  private readonly handlers = new Map<string, Handler[]>();
  private readonly processed: OutboxProcessedMarker;

  constructor(router: JobRouter, outbox: OutboxRepository) {
    this.processed = new OutboxProcessedMarker(outbox);
    router.on('domainEvent', async (event) => {
      for (const handler of this.handlers.get(event.type) ?? []) await handler(event);
      await this.processed.mark(event.eventId);
    });
  }

  on(type: string, handler: Handler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  /** Runs alongside the BullMQ workers' close; jobs finishing after it write their marks at once. */
  onModuleDestroy(): Promise<void> {
    return this.processed.close();
  }
}
