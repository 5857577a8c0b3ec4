import type { OrgLevel, Permission, Role } from '@canteen/shared';

/** Who is asking, built once per request by the auth guard. */
export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly permissions: readonly Permission[];
  readonly mustChangePassword: boolean;
  /** The actor's org unit; null for supplier users, who sit outside the tree. */
  readonly orgUnit: { readonly id: string; readonly name: string; readonly level: OrgLevel; readonly path: string } | null;
  readonly supplier: { readonly id: string; readonly name: string } | null;
  readonly sessionId: string;
  readonly ip: string;
  readonly requestId: string;
}
