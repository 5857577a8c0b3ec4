import type { TFunction } from 'i18next';

/** Actions the API records today; a new one shows its raw code until it is named here. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'move',
  'connection.change',
  'login',
  'login.failed',
  'login.locked',
  'password.change',
  'password.reset',
  'unlock',
  'blacklist',
  'blacklist.lift',
  'submit',
  'accept',
  'correct',
  'upload',
  'cancel',
  'end',
  'amend',
  'revoke',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITIES = [
  'org_unit',
  'user',
  'supplier',
  'supplier_document',
  'farm_base',
  'ingredient',
  'supply_contract',
  'supplier_api_key',
  'purchase_order',
  'delivery_manifest',
  'stored_file',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

const ACTION_COLOR: Record<AuditAction, string> = {
  create: 'green',
  update: 'blue',
  move: 'purple',
  'connection.change': 'cyan',
  login: 'default',
  'login.failed': 'orange',
  'login.locked': 'red',
  'password.change': 'geekblue',
  'password.reset': 'gold',
  unlock: 'lime',
  blacklist: 'red',
  'blacklist.lift': 'orange',
  submit: 'blue',
  accept: 'green',
  correct: 'gold',
  upload: 'default',
  cancel: 'volcano',
  end: 'volcano',
  amend: 'purple',
  revoke: 'red',
};

const isAction = (action: string): action is AuditAction =>
  (AUDIT_ACTIONS as readonly string[]).includes(action);
const isEntity = (entity: string): entity is AuditEntity =>
  (AUDIT_ENTITIES as readonly string[]).includes(entity);

export function actionLabel(t: TFunction, action: string): string {
  return isAction(action) ? t(`audit.action.${action}`) : action;
}

export function actionColor(action: string): string {
  return isAction(action) ? ACTION_COLOR[action] : 'default';
}

export function entityLabel(t: TFunction, entity: string): string {
  return isEntity(entity) ? t(`audit.entity.${entity}`) : entity;
}

const FIELDS = [
  'name',
  'code',
  'kind',
  'level',
  'address',
  'contactName',
  'contactPhone',
  'enrolment',
  'connectionStatus',
  'connectedAt',
  'parentId',
  'path',
  'depth',
  'reason',
  'unitsMoved',
  'username',
  'displayName',
  'phone',
  'role',
  'orgUnit',
  'supplierId',
  'disabled',
  'locked',
  'mustChangePassword',
  'lastLoginAt',
  'createdAt',
  'updatedAt',
] as const;
type Field = (typeof FIELDS)[number];

export function fieldLabel(t: TFunction, field: string): string {
  return (FIELDS as readonly string[]).includes(field) ? t(`audit.field.${field as Field}`) : field;
}
