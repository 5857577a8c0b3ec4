import { type CanActivate, type ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SupplierApiKeys } from '@/modules/suppliers/supplier-api-keys.service';
import type { SupplierKeyAccess } from './delivery-access';

type KeyedRequest = FastifyRequest & { supplierKey?: SupplierKeyAccess };

/**
 * The supplier API (no session, no CSRF): `Authorization: Bearer <key>` is checked before the
 * body is read, so a revoked key answers 401 whatever it sends.
 */
@Injectable()
export class SupplierApiKeyGuard implements CanActivate {
  constructor(private readonly keys: SupplierApiKeys) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<KeyedRequest>();
    const { scope, keyId } = await this.keys.authenticate(request.headers.authorization);
    request.supplierKey = { scope, keyId, ip: request.ip, requestId: String(request.id) };
    return true;
  }
}

export const SupplierKey = createParamDecorator((_data: unknown, context: ExecutionContext): SupplierKeyAccess => {
  return context.switchToHttp().getRequest<KeyedRequest>().supplierKey!;
});
