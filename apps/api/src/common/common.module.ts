import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ActorRepository } from './auth/actor.repository';
import { AuthGuard } from './auth/auth.guard';
import { LoginLimiter } from './auth/login-limiter';
import { SessionStore } from './auth/session.store';
import { AuditWriter } from './audit/audit.writer';
import { OutboxWriter } from './outbox/outbox.writer';
import { PrismaModule } from './prisma/prisma.module';
import { RedisModule } from './redis/redis.module';

@Global()
@Module({
  imports: [PrismaModule, RedisModule],
  providers: [SessionStore, LoginLimiter, ActorRepository, AuditWriter, OutboxWriter, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [SessionStore, LoginLimiter, ActorRepository, AuditWriter, OutboxWriter],
})
export class CommonModule {}
