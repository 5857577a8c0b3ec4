import {
  type ColdChain,
  type ContractState,
  type DocumentKind,
  type ExpiryState,
  type FoodGroup,
  type IngredientUnit,
  type SupplierKind,
  type TApiKey,
  type TContract,
  type TFarmBase,
  type TIngredient,
  type TSupplier,
  type TSupplierDocument,
  type TSupplierUser,
  expiryState,
} from '@canteen/shared';
import type { ApiKeyRow } from './supplier-api-keys.repository';
import type { ContractRow } from './contracts.repository';
import type { IngredientRow } from './ingredients.repository';
import type { DocumentRow, FarmBaseRow, StoredFileInfo } from './supplier-documents.repository';
import type { SupplierUserRow } from './supplier-accounts.repository';
import type { SupplierRow } from './suppliers.repository';
import { toDay } from './supplier-access';

const dayOrNull = (date: Date | null) => (date ? toDay(date) : null);
const RANK: Record<ExpiryState, number> = { valid: 0, expiring: 1, expired: 2 };

/** Per kind, the licence that counts is the one that lasts longest; the badge shows the worst kind. */
export function worstCurrentState(documents: { kind: string; expiresOn: Date | null }[], today: string): ExpiryState | null {
  const latest = new Map<string, string | null>();
  for (const doc of documents) {
    const day = dayOrNull(doc.expiresOn);
    const seen = latest.get(doc.kind);
    if (!latest.has(doc.kind) || (seen !== null && (day === null || day > seen!))) latest.set(doc.kind, day);
  }
  let worst: ExpiryState | null = null;
  for (const day of latest.values()) {
    const state = expiryState(day, today);
    if (worst === null || RANK[state] > RANK[worst]) worst = state;
  }
  return worst;
}

export function toSupplier(row: SupplierRow, today: string): TSupplier {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.creditCode,
    kind: row.kind as SupplierKind,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    address: row.address,
    blacklisted: !!row.blacklistedAt,
    blacklistedAt: row.blacklistedAt?.toISOString() ?? null,
    blacklistReason: row.blacklistReason,
    documentState: worstCurrentState(row.documents, today),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a supplier. */
export function supplierSnapshot(row: SupplierRow) {
  const { documents: _documents, ...rest } = row;
  return rest;
}

export function toSupplierUser(row: SupplierUserRow): TSupplierUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    phone: row.phone,
    mustChangePassword: row.mustChangePassword,
    disabled: !!row.disabledAt,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toDocument(row: DocumentRow, file: StoredFileInfo, today: string): TSupplierDocument {
  const expiresOn = dayOrNull(row.expiresOn);
  return {
    id: row.id,
    supplierId: row.supplierId,
    farmBase: row.farmBase,
    kind: row.kind as DocumentKind,
    number: row.number,
    issuedOn: dayOrNull(row.issuedOn),
    expiresOn,
    expiryState: expiryState(expiresOn, today),
    file: { id: file.id, originalName: file.originalName, contentType: file.contentType, sizeBytes: file.sizeBytes },
    createdAt: row.createdAt.toISOString(),
  };
}

export function toFarmBase(row: FarmBaseRow): TFarmBase {
  return {
    id: row.id,
    supplierId: row.supplierId,
    name: row.name,
    region: row.region,
    address: row.address,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    products: row.products,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toIngredient(row: IngredientRow): TIngredient {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    category: row.category as FoodGroup,
    unit: row.unit as IngredientUnit,
    unitDecimals: row.unitDecimals,
    shelfLifeDays: row.shelfLifeDays,
    coldChain: row.coldChain as ColdChain,
    quarantineRequired: row.quarantineRequired,
    createdAt: row.createdAt.toISOString(),
  };
}

export function contractState(row: { validFrom: Date; validTo: Date; endedOn: Date | null }, today: string): ContractState {
  const from = toDay(row.validFrom);
  const endedOn = dayOrNull(row.endedOn);
  if (endedOn && (endedOn < today || endedOn < from)) return 'ended';
  if (toDay(row.validTo) < today) return 'expired';
  return from > today ? 'pending' : 'active';
}

export function toContract(row: ContractRow, today: string): TContract {
  const names = new Map(row.school.children.map((canteen) => [canteen.id, canteen.name]));
  return {
    id: row.id,
    code: row.code,
    supplier: { id: row.supplier.id, name: row.supplier.name, blacklisted: !!row.supplier.blacklistedAt },
    school: { id: row.school.id, name: row.school.name },
    canteens: row.canteenIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    categories: row.categories as FoodGroup[],
    validFrom: toDay(row.validFrom),
    validTo: toDay(row.validTo),
    endedOn: dayOrNull(row.endedOn),
    endReason: row.endReason,
    amendsId: row.amendsId,
    state: contractState(row, today),
    createdAt: row.createdAt.toISOString(),
  };
}

export function toApiKey(row: ApiKeyRow): TApiKey {
  return {
    id: row.id,
    prefix: row.prefix,
    label: row.label,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
