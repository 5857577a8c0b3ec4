import { Injectable, Logger } from '@nestjs/common';
import { DomainEvents } from '@/common/queue/domain-events';
import { systemScope } from '@/common/tenancy/scope';
import { PublicCache } from './public-cache';
import { PublicRepository } from './public.repository';

/**
 * Events that change what the canteens under their org path show. Each handler only bumps
 * versions, so a redelivered event costs a rebuild and nothing else.
 */
export const PAGE_EVENTS = [
  'menus.plan-published',
  'settings.changed',
  'ledger.day-sealed',
  'delivery.accepted',
  'delivery.corrected',
  'org.connection-changed',
] as const;
/** Supplier events carry no org path (suppliers sit outside the tree) and reach many canteens. */
export const ALL_PAGES_EVENTS = ['supplier.blacklisted', 'supplier.blacklist-lifted', 'supplier.licence-expiring', 'supplier.licence-expired'] as const;

/** Above this many canteens one generation bump is cheaper than a version per canteen. */
const MAX_PER_CANTEEN = 500;

@Injectable()
export class PublicCacheInvalidation {
  private readonly logger = new Logger(PublicCacheInvalidation.name);

  constructor(
    private readonly cache: PublicCache,
    private readonly repository: PublicRepository,
    events: DomainEvents,
  ) {
    for (const type of PAGE_EVENTS) events.on(type, (event) => (event.orgPath ? this.invalidateUnder(event.orgPath) : this.cache.invalidateAll()));
    for (const type of ALL_PAGES_EVENTS) events.on(type, () => this.cache.invalidateAll());
  }

  /** The pages of every canteen in the subtree at `path`. */
  async invalidateUnder(path: string): Promise<void> {
    const canteens = await this.repository.canteenCodesUnder(systemScope(), path);
    if (canteens.length > MAX_PER_CANTEEN) {
      await this.cache.invalidateAll();
      return;
    }
    await this.cache.invalidateCanteens(canteens.map((c) => c.code));
    this.logger.debug(`public pages invalidated under ${path}: ${canteens.length}`);
  }
}
