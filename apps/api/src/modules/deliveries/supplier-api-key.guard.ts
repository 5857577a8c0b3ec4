import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { BlacklistedSupplierKey, SupplierApiKeys } from '@/modules/suppliers/supplier-api-keys.service';
import type { SupplierKeyAccess } from './delivery-access';
import { DeliveriesService } from './deliveries.service';

type KeyedRequest = FastifyRequest & { supplierKey?: SupplierKeyAccess };

const SUBMITS_MANIFEST = 'supplier-api:submits-manifest';

/** The route that takes a manifest: a blacklisted supplier's call to it is announced as a refused delivery. */
export const SubmitsManifest = () => SetMetadata(SUBMITS_MANIFEST, true);

/**
 * The supplier API (no session, no CSRF): `Authorization: Bearer <key>` is checked before the
 * body is used, so a revoked key answers 401 whatever it sends.
 */
@Injectable()
export class SupplierApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: SupplierApiKeys,
    private readonly deliveries: DeliveriesService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<KeyedRequest>();
    try {
      const { scope, keyId } = await this.keys.authenticate(request.headers.authorization);
      request.supplierKey = { scope, keyId, ip: request.ip, requestId: String(request.id) };
      return true;
    } catch (error) {
      if (error instanceof BlacklistedSupplierKey && this.reflector.get<boolean>(SUBMITS_MANIFEST, context.getHandler())) {
        await this.deliveries.announceBlacklistedByApiKey(error, request.body, { ip: request.ip, requestId: String(request.id) });
      }
      throw error;
    }
  }
}

export const SupplierKey = createParamDecorator((_data: unknown, context: ExecutionContext): SupplierKeyAccess => {
  return context.switchToHttp().getRequest<KeyedRequest>().supplierKey!;
});
