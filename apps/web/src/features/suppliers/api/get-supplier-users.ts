import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { ZSupplierUser } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { SUPPLIERS_KEY } from '@/lib/supply-lookup';

const ZSupplierUsers = z.array(ZSupplierUser);

export function getSupplierUsers(supplierId: string, signal?: AbortSignal) {
  return apiRequest('GET', `/suppliers/${supplierId}/users`, { schema: ZSupplierUsers, signal });
}

export const getSupplierUsersQueryOptions = (supplierId: string) =>
  queryOptions({
    queryKey: [SUPPLIERS_KEY, 'users', supplierId],
    queryFn: ({ signal }) => getSupplierUsers(supplierId, signal),
  });

export function useSupplierUsers(supplierId: string) {
  return useQuery(getSupplierUsersQueryOptions(supplierId));
}
