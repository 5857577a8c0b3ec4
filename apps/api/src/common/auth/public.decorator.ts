import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@/common/tenancy/actor';

export const IS_PUBLIC = 'auth:public';
/** No session needed (login, health, public pages). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ALLOW_PENDING_PASSWORD = 'auth:allow-pending-password';
/** Reachable by a user who must still change the initial password. */
export const AllowPendingPassword = () => SetMetadata(ALLOW_PENDING_PASSWORD, true);

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
