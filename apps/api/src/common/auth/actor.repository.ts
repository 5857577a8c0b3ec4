import { Injectable } from '@nestjs/common';
import { type OrgLevel, ROLE_PERMISSIONS, type Role } from '@canteen/shared';
import { PrismaService } from '@/common/prisma/prisma.service';
import type { Actor } from '@/common/tenancy/actor';

const ACTOR_SELECT = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  mustChangePassword: true,
  disabledAt: true,
  orgUnit: { select: { id: true, name: true, level: true, path: true } },
  supplier: { select: { id: true, name: true } },
} as const;

/** Loads the account behind a session; not tenant-scoped because it is how the scope is found. */
@Injectable()
export class ActorRepository {
  constructor(private readonly prisma: PrismaService) {}

  findActiveUser(userId: string) {
    return this.prisma.user.findFirst({ where: { id: userId, disabledAt: null }, select: ACTOR_SELECT });
  }
}

export type ActorUser = NonNullable<Awaited<ReturnType<ActorRepository['findActiveUser']>>>;
export type ActorIdentity = Omit<Actor, 'sessionId' | 'ip' | 'requestId'>;

export function toActorIdentity(user: ActorUser): ActorIdentity {
  const role = user.role as Role;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role,
    permissions: ROLE_PERMISSIONS[role],
    mustChangePassword: user.mustChangePassword,
    orgUnit: user.orgUnit ? { ...user.orgUnit, level: user.orgUnit.level as OrgLevel } : null,
    supplier: user.supplier,
  };
}
