import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import {
  ZContract,
  ZIngredient,
  ZSupplier,
  zPage,
  type TContractQuery,
  type TIngredientQuery,
  type TSupplierQuery,
} from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

/**
 * The supplier register, the ingredient catalogue and the contracts are read by several features
 * (pickers in orders, manifests and traces; the register's own pages), so their list fetchers live
 * here, as the org-unit list does. Mutations invalidate by these key prefixes.
 */
export const SUPPLIERS_KEY = 'suppliers';
export const INGREDIENTS_KEY = 'ingredients';
export const CONTRACTS_KEY = 'contracts';

export type SupplierListQuery = Partial<Omit<TSupplierQuery, 'blacklisted'>> & {
  blacklisted?: 'true' | 'false';
};
export type IngredientListQuery = Partial<TIngredientQuery>;
export type ContractListQuery = Partial<TContractQuery>;

const ZSupplierPage = zPage(ZSupplier);
const ZIngredientPage = zPage(ZIngredient);
const ZContractPage = zPage(ZContract);

export function getSuppliers(query: SupplierListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/suppliers', { query, schema: ZSupplierPage, signal });
}

export const getSuppliersQueryOptions = (query: SupplierListQuery) =>
  queryOptions({
    queryKey: [SUPPLIERS_KEY, 'list', query],
    queryFn: ({ signal }) => getSuppliers(query, signal),
  });

export function useSuppliers(query: SupplierListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    ...getSuppliersQueryOptions(query),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function getIngredients(query: IngredientListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/ingredients', { query, schema: ZIngredientPage, signal });
}

export const getIngredientsQueryOptions = (query: IngredientListQuery) =>
  queryOptions({
    queryKey: [INGREDIENTS_KEY, 'list', query],
    queryFn: ({ signal }) => getIngredients(query, signal),
  });

export function useIngredients(query: IngredientListQuery) {
  return useQuery({ ...getIngredientsQueryOptions(query), placeholderData: keepPreviousData });
}

/** The whole catalogue for pickers: it is small (a canteen's staples), 200 is the API's page ceiling. */
export function useIngredientCatalogue() {
  return useQuery({ ...getIngredientsQueryOptions({ pageSize: 200 }), staleTime: 5 * 60_000 });
}

export function getContracts(query: ContractListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/contracts', { query, schema: ZContractPage, signal });
}

export const getContractsQueryOptions = (query: ContractListQuery) =>
  queryOptions({
    queryKey: [CONTRACTS_KEY, 'list', query],
    queryFn: ({ signal }) => getContracts(query, signal),
  });

export function useContracts(query: ContractListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    ...getContractsQueryOptions(query),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}
