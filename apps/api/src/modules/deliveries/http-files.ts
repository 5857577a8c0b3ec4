import type { FastifyReply } from 'fastify';
import { jsonSchema } from '@/common/http/zod-decorators';
import type { z } from 'zod';

/** RFC 6266: an ASCII fallback plus the UTF-8 name, so Chinese file names survive. */
export const contentDisposition = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function sendFile(reply: FastifyReply, contentType: string, name: string): void {
  void reply
    .header('content-type', contentType)
    .header('content-disposition', contentDisposition(name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store');
}

/** OpenAPI body of a multipart upload: the file plus the fields of a schema. */
export function multipartSchema(fields?: z.ZodObject) {
  const properties = fields ? ((jsonSchema(fields, 'input').properties ?? {}) as object) : {};
  const required = fields ? ((jsonSchema(fields, 'input').required ?? []) as string[]) : [];
  return { type: 'object', required: ['file', ...required], properties: { file: { type: 'string', format: 'binary' }, ...properties } };
}
