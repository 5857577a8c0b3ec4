import { Body, Param, Query, applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { ZId } from '@canteen/shared';
import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

type JsonSchema = Record<string, unknown>;

export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

/** Applies a method decorator from inside a parameter decorator, so one name does both jobs. */
function alsoOnMethod(decorator: MethodDecorator): ParameterDecorator {
  return (target, key) => {
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) decorator(target, key, descriptor);
  };
}

/** Body validated by the shared schema and published in OpenAPI. */
export function ValidBody(schema: z.ZodType): ParameterDecorator {
  const validate = Body(new ZodValidationPipe(schema));
  const document = alsoOnMethod(ApiBody({ schema: jsonSchema(schema, 'input') }));
  return (target, key, index) => {
    validate(target, key, index);
    document(target, key, index);
  };
}

/** Query string validated by the shared schema; each property is published as a query parameter. */
export function ValidQuery(schema: z.ZodObject): ParameterDecorator {
  const validate = Query(new ZodValidationPipe(schema));
  const properties = (jsonSchema(schema, 'input').properties ?? {}) as Record<string, JsonSchema>;
  const docs = Object.entries(properties).map(([name, property]) =>
    alsoOnMethod(ApiQuery({ name, required: false, schema: property })),
  );
  return (target, key, index) => {
    validate(target, key, index);
    for (const doc of docs) doc(target, key, index);
  };
}

export const IdParam = (name = 'id') => Param(name, new ZodValidationPipe(ZId));

export const ZodResponse = (schema: z.ZodType) =>
  applyDecorators(ApiOkResponse({ schema: jsonSchema(schema, 'output') }));
