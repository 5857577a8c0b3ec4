import type { TFunction } from 'i18next';
import { ALL_ORG_KINDS, type OrgKind } from '@canteen/shared';

/** Kinds arrive as plain strings in the contract; unknown ones are shown as they are. */
export function kindLabel(t: TFunction, kind: string): string {
  return (ALL_ORG_KINDS as string[]).includes(kind) ? t(`kind.${kind as OrgKind}`) : kind;
}
