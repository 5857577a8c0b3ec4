import type { ArgumentsHost } from '@nestjs/common';
import { notFound } from './app-error';
import { HttpExceptionFilter, type SpaPage, spaPageOf } from './http-exception.filter';

describe('spaPageOf', () => {
  it('serves the public page at /p and under /p/, the console everywhere else', () => {
    expect(spaPageOf('/p')).toBe('public');
    expect(spaPageOf('/p/')).toBe('public');
    expect(spaPageOf('/p?track=ABC')).toBe('public');
    expect(spaPageOf('/p/511702-S01-C1')).toBe('public');
    expect(spaPageOf('/p/511702-S01-C1?from=qr')).toBe('public');
    expect(spaPageOf('/')).toBe('console');
    expect(spaPageOf('/login')).toBe('console');
    expect(spaPageOf('/public-settings')).toBe('console');
    expect(spaPageOf('/pages/p/x')).toBe('console');
  });
});

describe('HttpExceptionFilter deep links', () => {
  const run = (method: string, url: string) => {
    const sent: { status?: number; body?: unknown } = {};
    const reply = {
      status: (status: number) => ((sent.status = status), reply),
      header: () => reply,
      send: (body: unknown) => ((sent.body = body), reply),
    };
    const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ method, url, id: 'r1' }) }) } as unknown as ArgumentsHost;
    const pages: Record<SpaPage, string> = { console: '<console>', public: '<public>' };
    new HttpExceptionFilter((page) => pages[page]).catch(notFound(), host);
    return sent;
  };

  it('answers a canteen page with public.html and a console route with index.html', () => {
    expect(run('GET', '/p/511702-S01-C1')).toEqual({ status: 200, body: '<public>' });
    expect(run('GET', '/org/123')).toEqual({ status: 200, body: '<console>' });
  });

  it('keeps 404 for the API and for other methods', () => {
    expect(run('GET', '/api/public/canteens/nope').status).toBe(404);
    expect(run('POST', '/p/511702-S01-C1').status).toBe(404);
  });
});
