import { Global, Module } from '@nestjs/common';
import { ActorRepository } from './auth/actor.repository';
import { LoginLimiter } from './auth/login-limiter';
import { SessionStore } from './auth/session.store';
import { AuditWriter } from './audit/audit.writer';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxWriter } from './outbox/outbox.writer';
import { PrismaModule } from './prisma/prisma.module';
import { QueueModule } from './queue/queue.module';
import { StorageModule } from './storage/storage.module';
import { RedisModule } from './redis/redis.module';

@Global()
@Module({
  imports: [PrismaModule, RedisModule, QueueModule, StorageModule],
  providers: [SessionStore, LoginLimiter, ActorRepository, AuditWriter, OutboxWriter, OutboxRelay],
  exports: [SessionStore, LoginLimiter, ActorRepository, AuditWriter, OutboxWriter, OutboxRelay],
})
export class CommonModule {}
