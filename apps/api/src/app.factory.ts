import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type AppConfig, loadConfig } from '@/common/config/config';
import { HttpExceptionFilter, type SpaPage } from '@/common/http/http-exception.filter';
import { JsonLogger } from '@/common/logging/json-logger';
import { PublicPageProbe } from '@/modules/public/public-page-probe';
import { AppModule } from './app.module';

/** Builds the HTTP application; main.ts listens, the end-to-end tests use it as it is. */
export async function createApp(config: AppConfig = loadConfig()): Promise<NestFastifyApplication> {
  const logger = JsonLogger.create(config.LOG_LEVEL, 'api');
  const adapter = new FastifyAdapter({
    loggerInstance: logger.pino,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    // A client's own request id is only trusted from a reverse proxy; otherwise every id is ours.
    requestIdHeader: config.TRUST_PROXY ? 'x-request-id' : false,
    genReqId: () => randomUUID(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { logger, bufferLogs: true });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  await app.register(fastifyCookie);
  // Limits are set per upload by readUpload; this only enables multipart parsing.
  await app.register(fastifyMultipart);

  const indexFile = path.join(config.WEB_DIST, 'index.html');
  const hasWeb = existsSync(indexFile);
  if (hasWeb) {
    // The web build writes .br/.gz beside its assets (apps/web/vite.config.ts); phones on slow networks get those.
    await app.register(fastifyStatic, {
      root: config.WEB_DIST,
      wildcard: false,
      index: false,
      maxAge: '1h',
      preCompressed: true,
      // The same URL answers brotli, gzip or plain bytes: caches must key on what the client accepts.
      setHeaders: (response) => response.setHeader('vary', 'accept-encoding'),
    });
  }
  const spaFiles: Record<SpaPage, string> = { console: indexFile, public: path.join(config.WEB_DIST, 'public.html') };
  const spaHtml = new Map<SpaPage, string>();
  const readSpa = (page: SpaPage) => {
    if (!hasWeb) return undefined;
    if (!spaHtml.has(page) && existsSync(spaFiles[page])) spaHtml.set(page, readFileSync(spaFiles[page], 'utf8'));
    return spaHtml.get(page);
  };
  const probe = app.get(PublicPageProbe);
  app.useGlobalFilters(new HttpExceptionFilter(readSpa, (code) => probe.hasPage(code)));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('互联网+明厨亮灶 API')
      .setDescription('School canteen food-safety supervision platform')
      .setVersion('0.1.0')
      .addCookieAuth('sid')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  const server = app.getHttpAdapter().getInstance();
  server.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  return app;
}
