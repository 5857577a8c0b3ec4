import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { ZFarmBase } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { SUPPLIERS_KEY } from '@/lib/supply-lookup';

const ZFarmBases = z.array(ZFarmBase);

export function getFarmBases(supplierId: string, signal?: AbortSignal) {
  return apiRequest('GET', `/suppliers/${supplierId}/farm-bases`, { schema: ZFarmBases, signal });
}

export const getFarmBasesQueryOptions = (supplierId: string) =>
  queryOptions({
    queryKey: [SUPPLIERS_KEY, 'farm-bases', supplierId],
    queryFn: ({ signal }) => getFarmBases(supplierId, signal),
  });

export function useFarmBases(supplierId: string) {
  return useQuery(getFarmBasesQueryOptions(supplierId));
}
