import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { type AppConfig, loadConfig } from '@/common/config/config';
import { createApp } from '@/app.factory';
import type { TestUser } from '@test/factories/user.factory';

export type Agent = ReturnType<typeof request.agent>;

/**
 * The real application (Fastify, Postgres, Redis) in-process, for supertest. Every test signs in
 * from 127.0.0.1, so the login rate limits are lifted unless a test sets them.
 */
export async function startApp(overrides: Partial<AppConfig> = {}): Promise<NestFastifyApplication> {
  const app = await createApp({ ...loadConfig(), LOGIN_IP_LIMIT: 100_000, LOGIN_ACCOUNT_LIMIT: 100_000, ...overrides });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export interface Session {
  agent: Agent;
  csrf: string;
  get: (url: string) => request.Test;
  post: (url: string, body?: object) => request.Test;
  patch: (url: string, body?: object) => request.Test;
}

/** Signs in and returns an agent that carries the session cookie and the CSRF header. */
export async function signIn(app: NestFastifyApplication, user: Pick<TestUser, 'username' | 'password'>): Promise<Session> {
  const agent = request.agent(app.getHttpServer());
  const response = await agent.post('/api/auth/login').send({ username: user.username, password: user.password });
  if (response.status !== 200) throw new Error(`sign-in of ${user.username} failed: ${response.status} ${JSON.stringify(response.body)}`);
  const csrf = response.body.csrfToken as string;
  return {
    agent,
    csrf,
    get: (url) => agent.get(url),
    post: (url, body) => agent.post(url).set('x-csrf-token', csrf).send(body ?? {}),
    patch: (url, body) => agent.patch(url).set('x-csrf-token', csrf).send(body ?? {}),
  };
}
