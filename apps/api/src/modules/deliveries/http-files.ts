import type { FastifyReply } from 'fastify';
import { attachmentDisposition } from '@/common/http/content-disposition';
import { jsonSchema } from '@/common/http/zod-decorators';
import type { z } from 'zod';


export function sendFile(reply: FastifyReply, contentType: string, name: string, asciiName = name): void {
  void reply
    .header('content-type', contentType)
    .header('content-disposition', attachmentDisposition(name, asciiName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store');
}

/** OpenAPI body of a multipart upload: the file plus the fields of a schema. */
export function multipartSchema(fields?: z.ZodObject) {
  const properties = fields ? ((jsonSchema(fields, 'input').properties ?? {}) as object) : {};
  const required = fields ? ((jsonSchema(fields, 'input').required ?? []) as string[]) : [];
  return { type: 'object', required: ['file', ...required], properties: { file: { type: 'string', format: 'binary' }, ...properties } };
}
