import { Injectable } from '@nestjs/common';
import { type OrgLevel, ROLE_PERMISSIONS, type Role } from '@canteen/shared';
import { PrismaService } from '@/common/prisma/prisma.service';
import { query, statement } from '@/common/prisma/sql';
import type { Actor } from '@/common/tenancy/actor';

/** The account behind a session, with its org unit or supplier. */
export interface ActorUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
  mustChangePassword: boolean;
  orgUnit: { id: string; name: string; level: string; path: string } | null;
  supplier: { id: string; name: string } | null;
}

interface ActorUserRow {
  id: string;
  username: string;
  displayName: string;
  role: string;
  mustChangePassword: boolean;
  unitId: string | null;
  unitName: string | null;
  unitLevel: string | null;
  unitPath: string | null;
  supplierId: string | null;
  supplierName: string | null;
}

const ACTIVE_USER = statement(
  'auth_active_user',
  `SELECT u.id::text, u.username, u.display_name AS "displayName", u.role, u.must_change_password AS "mustChangePassword",
          o.id::text AS "unitId", o.name AS "unitName", o.level AS "unitLevel", o.path AS "unitPath",
          s.id::text AS "supplierId", s.name AS "supplierName"
     FROM app_user u
     LEFT JOIN org_unit o ON o.id = u.org_unit_id
     LEFT JOIN supplier s ON s.id = u.supplier_id
    WHERE u.id = $1::uuid AND u.disabled_at IS NULL`,
);

/** Loads the account behind a session; not tenant-scoped because it is how the scope is found. */
@Injectable()
export class ActorRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Read on every request, never cached, so that a disabled account or a moved unit counts from
   * the next request on: one statement rather than Prisma's one per relation, sent straight to
   * `pg` since every request pays it.
   */
  async findActiveUser(userId: string): Promise<ActorUser | null> {
    const [row] = await query<ActorUserRow>(this.prisma.pool, ACTIVE_USER, [userId]);
    if (!row) return null;
    return {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      mustChangePassword: row.mustChangePassword,
      orgUnit: row.unitId ? { id: row.unitId, name: row.unitName!, level: row.unitLevel!, path: row.unitPath! } : null,
      supplier: row.supplierId ? { id: row.supplierId, name: row.supplierName! } : null,
    };
  }
}

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
