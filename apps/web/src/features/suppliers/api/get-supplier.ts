import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZSupplier } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { SUPPLIERS_KEY } from '@/lib/supply-lookup';

export function getSupplier(id: string, signal?: AbortSignal) {
  return apiRequest('GET', `/suppliers/${id}`, { schema: ZSupplier, signal });
}

export const getSupplierQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [SUPPLIERS_KEY, 'detail', id],
    queryFn: ({ signal }) => getSupplier(id, signal),
  });

export function useSupplier(id: string | undefined) {
  return useQuery({ ...getSupplierQueryOptions(id ?? ''), enabled: !!id });
}
