import { Injectable } from '@nestjs/common';
import type { JobPayload } from '@canteen/shared';
import { JobRouter } from './job-router';

export type DomainEvent = JobPayload<'domainEvent'>;
type Handler = (event: DomainEvent) => Promise<void>;

/** Subscribers to the events that the outbox relays; each handler must be idempotent by event id. */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<string, Handler[]>();

  constructor(router: JobRouter) {
    router.on('domainEvent', async (event) => {
      for (const handler of this.handlers.get(event.type) ?? []) await handler(event);
    });
  }

  on(type: string, handler: Handler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }
}
