import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { TChangePassword, TLoginRequest, TSession } from '@canteen/shared';
import { ActorRepository, toActorIdentity } from '@/common/auth/actor.repository';
import { LoginLimiter } from '@/common/auth/login-limiter';
import { hashPassword, verifyPassword } from '@/common/auth/password';
import { type Session, SessionStore } from '@/common/auth/session.store';
import { AuditWriter } from '@/common/audit/audit.writer';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { AppError, badRequest, unauthorized } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { toSessionUser } from './auth.mapper';
import { AuthRepository } from './auth.repository';


const badCredentials = () => unauthorized('用户名或密码错误', 'Wrong username or password');

@Injectable()
export class AuthService {
  // Verified when the username is unknown, so that a miss costs as long as a wrong password.
  private readonly dummyHash = hashPassword(randomUUID());

  constructor(
    private readonly repository: AuthRepository,
    private readonly actors: ActorRepository,
    private readonly sessions: SessionStore,
    private readonly limiter: LoginLimiter,
    private readonly audit: AuditWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(body: TLoginRequest, ip: string, requestId: string): Promise<{ session: Session; body: TSession }> {
    await this.limiter.hit(ip, body.username);
    const user = await this.repository.findByUsername(body.username);
    if (!user || user.disabledAt) {
      await verifyPassword(await this.dummyHash, body.password);
      throw badCredentials();
    }
    if (user.lockedUntil && user.lockedUntil > new Date()) {
      throw new AppError(423, 'ACCOUNT_LOCKED', '连续登录失败次数过多，账号已临时锁定，请稍后再试', 'Too many failed sign-ins; the account is locked for a while');
    }
    const who = { userId: user.id, displayName: user.displayName, ip, requestId };
    const orgPath = user.orgUnit?.path ?? null;
    if (!(await verifyPassword(user.passwordHash, body.password))) {
      const failures = user.failedLogins + 1;
      const locks = failures >= this.config.LOGIN_MAX_FAILURES;
      const lockedUntil = locks ? new Date(Date.now() + this.config.LOGIN_LOCK_MINUTES * 60_000) : null;
      await this.repository.prisma.$transaction(async (tx) => {
        await this.repository.recordFailure(tx, user.id, locks ? 0 : failures, lockedUntil);
        await this.audit.record(tx, who, { action: locks ? 'login.locked' : 'login.failed', entity: 'user', entityId: user.id, orgPath });
      });
      throw badCredentials();
    }
    await this.repository.prisma.$transaction(async (tx) => {
      await this.repository.recordSuccess(tx, user.id);
      await this.audit.record(tx, who, { action: 'login', entity: 'user', entityId: user.id, orgPath });
    });
    await this.limiter.succeeded(ip, body.username);
    const session = await this.sessions.create(user.id);
    return { session, body: { user: await this.sessionUser(user.id), csrfToken: session.csrfToken } };
  }

  async logout(actor: Actor): Promise<void> {
    await this.sessions.destroy({ id: actor.sessionId, userId: actor.userId });
  }

  async me(actor: Actor): Promise<TSession> {
    const session = await this.sessions.get(actor.sessionId);
    return { user: await this.sessionUser(actor.userId), csrfToken: session?.csrfToken ?? '' };
  }

  /** Changing one's password ends every other session of the account. */
  async changePassword(actor: Actor, body: TChangePassword): Promise<TSession> {
    const current = await this.repository.findPasswordHash(actor.userId);
    if (!(await verifyPassword(current.passwordHash, body.currentPassword))) {
      throw badRequest('WRONG_PASSWORD', '当前密码不正确', 'The current password is wrong');
    }
    const passwordHash = await hashPassword(body.newPassword);
    await this.repository.prisma.$transaction(async (tx) => {
      await this.repository.setPassword(tx, actor.userId, passwordHash);
      await this.audit.record(tx, actor, { action: 'password.change', entity: 'user', entityId: actor.userId, orgPath: current.orgUnit?.path ?? null });
    });
    await this.sessions.destroyAllForUser(actor.userId, actor.sessionId);
    return this.me(actor);
  }

  private async sessionUser(userId: string) {
    const user = await this.actors.findActiveUser(userId);
    if (!user) throw badCredentials();
    return toSessionUser(toActorIdentity(user));
  }
}
