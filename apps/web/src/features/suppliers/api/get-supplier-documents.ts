import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { ZSupplierDocument } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { SUPPLIERS_KEY } from '@/lib/supply-lookup';

const ZDocuments = z.array(ZSupplierDocument);

export function getSupplierDocuments(supplierId: string, signal?: AbortSignal) {
  return apiRequest('GET', `/suppliers/${supplierId}/documents`, { schema: ZDocuments, signal });
}

export const getSupplierDocumentsQueryOptions = (supplierId: string) =>
  queryOptions({
    queryKey: [SUPPLIERS_KEY, 'documents', supplierId],
    queryFn: ({ signal }) => getSupplierDocuments(supplierId, signal),
  });

export function useSupplierDocuments(supplierId: string) {
  return useQuery(getSupplierDocumentsQueryOptions(supplierId));
}
