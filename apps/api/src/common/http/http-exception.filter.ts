import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Prisma } from '@/generated/prisma/client';
import { AppError } from './app-error';

type Body = {
  statusCode: number;
  error: string;
  message: string;
  messageEn: string;
  issues?: AppError['issues'];
  requestId?: string;
};

const GENERIC: Record<number, [string, string, string]> = {
  400: ['BAD_REQUEST', '请求有误', 'Bad request'],
  401: ['UNAUTHORIZED', '请先登录', 'Please sign in'],
  403: ['FORBIDDEN', '没有该操作的权限', 'Forbidden'],
  404: ['NOT_FOUND', '未找到', 'Not found'],
  405: ['METHOD_NOT_ALLOWED', '不支持该请求方法', 'Method not allowed'],
  409: ['CONFLICT', '与现有记录冲突', 'Conflict with an existing record'],
  413: ['PAYLOAD_TOO_LARGE', '请求内容过大', 'Request body is too large'],
  415: ['UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型', 'Unsupported content type'],
  429: ['TOO_MANY_REQUESTS', '请求过于频繁，请稍后再试', 'Too many requests, try again later'],
  503: ['UNAVAILABLE', '服务暂不可用', 'Service unavailable'],
};

const INVALID_JSON: Body = { statusCode: 400, error: 'INVALID_JSON', message: '请求体不是有效的 JSON', messageEn: 'The body is not valid JSON' };

/** The two HTML entries of apps/web: the admin console, and the parents' public page at /p and /p/<canteen code>. */
export type SpaPage = 'console' | 'public';

/**
 * A request for a file (a built asset, a source map, an icon) that does not exist: it answers 404,
 * never the SPA's HTML, which a browser would refuse as a script and a cache would keep as one.
 */
const isFileRequest = (url: string): boolean => {
  const pathname = url.split('?')[0]!;
  return pathname.startsWith('/assets/') || /\.[a-z0-9]{1,8}$/i.test(pathname);
};

export const spaPageOf = (url: string): SpaPage => {
  const pathname = url.split('?')[0]!;
  return pathname === '/p' || pathname.startsWith('/p/') ? 'public' : 'console';
};

/** Whether a canteen code has a public page (the public module answers it). */
export type PublicPageProbe = (code: string) => Promise<boolean>;

/** The canteen code of /p/<code> (the public bundle's canteen page), or null for its other pages. */
export const publicPageCode = (url: string): string | null => {
  const segment = /^\/p\/([^/]+)\/?$/.exec(url.split('?')[0]!)?.[1];
  if (segment === undefined) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

function generic(status: number): Body {
  const [error, message, messageEn] = GENERIC[status] ?? GENERIC[400]!;
  return { statusCode: status, error, message, messageEn };
}

/** The one place that turns anything thrown into the API's error shape; only real bugs become 500. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(
    private readonly spaHtml?: (page: SpaPage) => string | undefined,
    private readonly publicPageProbe?: PublicPageProbe,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = this.toBody(exception);
    if (body.statusCode === 404 && this.serveSpa(request, reply)) return;
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, reqId: request.id, url: request.url }, 'unhandled error');
    }
    body.requestId = String(request.id);
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown): Body {
    if (exception instanceof AppError) {
      return {
        statusCode: exception.getStatus(),
        error: exception.code,
        message: exception.zh,
        messageEn: exception.en,
        ...(exception.issues ? { issues: exception.issues } : {}),
      };
    }
    if (exception instanceof HttpException) {
      // Nest re-wraps Fastify's body-parser errors as plain HttpExceptions, keeping only the message.
      if (exception.getStatus() === 400 && /JSON/i.test(exception.message)) return INVALID_JSON;
      return generic(exception.getStatus());
    }
    if (exception instanceof Prisma.PrismaClientKnownRequestError) {
      if (exception.code === 'P2002') {
        return { ...generic(409), message: '记录已存在（唯一字段重复）', messageEn: 'A record with that unique value already exists' };
      }
      if (exception.code === 'P2025') return generic(404);
      if (exception.code === 'P2003') return { ...generic(409), message: '关联的记录不存在或仍被引用', messageEn: 'A related record is missing or still referenced' };
    }
    // Fastify's own refusals (malformed JSON, body too large, unsupported content type) carry a 4xx.
    const raw = exception as { statusCode?: number; code?: string; name?: string };
    if (typeof raw?.statusCode === 'number' && raw.statusCode >= 400 && raw.statusCode < 500) {
      if (raw.statusCode === 400 && (raw.name === 'SyntaxError' || raw.code?.includes('JSON'))) return INVALID_JSON;
      return generic(raw.statusCode);
    }
    return { statusCode: 500, error: 'INTERNAL', message: '服务器内部错误', messageEn: 'Internal server error' };
  }

  /**
   * Deep links (any GET outside /api that matched no file) get the console's index.html, or under /p
   * the public page; a canteen page whose code names no public page says so with 404 (issue 7).
   */
  private serveSpa(request: FastifyRequest, reply: FastifyReply): boolean {
    if (request.method !== 'GET' || request.url === '/api' || request.url.startsWith('/api/') || isFileRequest(request.url)) return false;
    const page = spaPageOf(request.url);
    const html = this.spaHtml?.(page);
    if (!html) return false;
    const send = (status: number) => void reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
    const code = page === 'public' ? publicPageCode(request.url) : null;
    const probe = this.publicPageProbe;
    if (code === null || !probe) {
      send(200);
      return true;
    }
    void probe(code).then(
      (known) => send(known ? 200 : 404),
      (error: unknown) => {
        // The page still loads and asks the API itself; only its status could not be told.
        this.logger.error({ err: error, reqId: request.id, url: request.url }, 'public page lookup failed');
        send(200);
      },
    );
    return true;
  }
}
