import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  PUBLIC_MAX_AGE_SECONDS,
  PUBLIC_STALE_SECONDS,
  type TPublicCanteenQuery,
  ZPublicCanteen,
  ZPublicCanteenPage,
  ZPublicCanteenQuery,
  ZPublicRegions,
} from '@canteen/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@/common/auth/public.decorator';
import { IdParam, ValidQuery, ZodResponse } from '@/common/http/zod-decorators';
import { PublicService } from './public.service';

const CACHE_CONTROL = `public, max-age=${PUBLIC_MAX_AGE_SECONDS}, stale-while-revalidate=${PUBLIC_STALE_SECONDS}`;
const LIST_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';
// A file's bytes never change under its id.
const FILE_CACHE_CONTROL = 'public, max-age=86400, immutable';

/** True when the client's If-None-Match already names this ETag (then 304, no body). */
export function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** Whether the client takes gzip (and does not refuse it with q=0). */
export function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    return (name === 'gzip' || name === '*') && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

/** The parents' pages: no login, read-only, every answer desensitised (see desensitise.ts). */
@ApiTags('public')
@Public()
@Controller('public')
export class PublicController {
  constructor(private readonly service: PublicService) {}

  /** Provinces, cities and counties with their connected canteens, for the region picker. */
  @Get('regions')
  @ZodResponse(ZPublicRegions)
  regions(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('cache-control', LIST_CACHE_CONTROL);
    return this.service.regions();
  }

  /** Connected canteens by region and school name. */
  @Get('canteens')
  @ZodResponse(ZPublicCanteenPage)
  search(@ValidQuery(ZPublicCanteenQuery) query: TPublicCanteenQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('cache-control', LIST_CACHE_CONTROL);
    return this.service.search(query);
  }

  /** A canteen's whole page; cached, with an ETag (If-None-Match answers 304). */
  @Get('canteens/:code')
  @ZodResponse(ZPublicCanteen)
  async canteen(@Param('code') code: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const page = await this.service.canteenPage(code);
    void reply.header('etag', page.etag).header('cache-control', CACHE_CONTROL).header('vary', 'accept-encoding');
    if (notModified(request, page.etag)) {
      void reply.status(304).send();
      return;
    }
    void reply.header('content-type', 'application/json; charset=utf-8');
    if (acceptsGzip(request)) {
      void reply.header('content-encoding', 'gzip').send(page.gzip);
      return;
    }
    void reply.send(page.body);
  }

  /** A dish photo shown on a public page (no other file is reachable here). */
  @Get('files/:id')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  async file(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.service.file(id);
    const etag = `"${file.sha256}"`;
    void reply.header('etag', etag).header('cache-control', FILE_CACHE_CONTROL).header('x-content-type-options', 'nosniff');
    if (notModified(request, etag)) {
      void reply.status(304).send();
      return;
    }
    void reply.header('content-type', file.contentType).header('content-disposition', 'inline').send(file.data);
  }
}
