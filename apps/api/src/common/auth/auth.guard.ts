import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppError, unauthorized } from '@/common/http/app-error';
import type { Actor } from '@/common/tenancy/actor';
import { ActorRepository, toActorIdentity } from './actor.repository';
import { ALLOW_PENDING_PASSWORD, IS_PUBLIC } from './public.decorator';
import { SessionStore } from './session.store';

export const SESSION_COOKIE = 'sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: resolves the session cookie to an Actor (user, org unit, its path, permissions),
 * checks the CSRF token on every unsafe method, and holds back users who must change their
 * initial password.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    private readonly actors: ActorRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const sessionId = request.cookies?.[SESSION_COOKIE];
    const session = sessionId ? await this.sessions.get(sessionId) : null;
    if (!session) throw unauthorized();
    const user = await this.actors.findActiveUser(session.userId);
    if (!user) {
      await this.sessions.destroy(session);
      throw unauthorized();
    }
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError(403, 'CSRF_TOKEN_INVALID', '页面已过期，请刷新后重试', 'Missing or invalid CSRF token; reload the page');
    }
    if (user.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD, targets)) {
      throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED', '首次登录请先修改密码', 'Change your initial password first');
    }
    request.actor = { ...toActorIdentity(user), sessionId: session.id, ip: request.ip, requestId: String(request.id) };
    return true;
  }
}
