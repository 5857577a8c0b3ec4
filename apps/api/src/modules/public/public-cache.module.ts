import { Module } from '@nestjs/common';
import { PublicCache } from './public-cache';
import { PublicCacheInvalidation } from './public-cache-invalidation';
import { PublicRepository } from './public.repository';

/** The public pages' cache and the event handlers that invalidate it; the worker runs the handlers. */
@Module({
  providers: [PublicCache, PublicCacheInvalidation, PublicRepository],
  exports: [PublicCache, PublicCacheInvalidation, PublicRepository],
})
export class PublicCacheModule {}
