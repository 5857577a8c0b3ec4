import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TChangePassword, type TLoginRequest, type TSession, ZChangePassword, ZLoginRequest, ZSession } from '@canteen/shared';
import { SESSION_COOKIE } from '@/common/auth/auth.guard';
import { AllowPendingPassword, CurrentActor, Public } from '@/common/auth/public.decorator';
import { SessionStore } from '@/common/auth/session.store';
import { APP_CONFIG, type AppConfig } from '@/common/config/config';
import { ValidBody, ZodResponse } from '@/common/http/zod-decorators';
import type { Actor } from '@/common/tenancy/actor';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ZodResponse(ZSession)
  async login(
    @ValidBody(ZLoginRequest) body: TLoginRequest,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TSession> {
    const result = await this.auth.login(body, request.ip, String(request.id));
    void reply.setCookie(SESSION_COOKIE, result.session.id, {
      httpOnly: true,
      secure: this.config.COOKIE_SECURE,
      sameSite: 'lax',
      path: '/',
      maxAge: this.sessions.ttl,
    });
    return result.body;
  }

  @AllowPendingPassword()
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(actor);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @AllowPendingPassword()
  @Get('me')
  @ZodResponse(ZSession)
  me(@CurrentActor() actor: Actor): Promise<TSession> {
    return this.auth.me(actor);
  }

  @AllowPendingPassword()
  @Post('password')
  @HttpCode(200)
  @ZodResponse(ZSession)
  changePassword(@CurrentActor() actor: Actor, @ValidBody(ZChangePassword) body: TChangePassword): Promise<TSession> {
    return this.auth.changePassword(actor, body);
  }
}
