import type { TSessionUser } from '@canteen/shared';
import type { ActorIdentity } from '@/common/auth/actor.repository';

export function toSessionUser(actor: ActorIdentity): TSessionUser {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    permissions: [...actor.permissions],
    mustChangePassword: actor.mustChangePassword,
    orgUnit: actor.orgUnit ? { id: actor.orgUnit.id, name: actor.orgUnit.name, level: actor.orgUnit.level } : null,
    supplier: actor.supplier,
  };
}
