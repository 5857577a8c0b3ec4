import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { ZFarmBase } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { SUPPLIERS_KEY } from '@/lib/supply-lookup';

const ZFarmBases = z.array(ZFarmBase);

/** The signed-in supplier's farm bases, the origins a manifest line may name. */
export function getOwnFarmBases(supplierId: string, signal?: AbortSignal) {
  return apiRequest('GET', `/suppliers/${supplierId}/farm-bases`, { schema: ZFarmBases, signal });
}

export const getOwnFarmBasesQueryOptions = (supplierId: string) =>
  queryOptions({
    queryKey: [SUPPLIERS_KEY, 'farm-bases', supplierId],
    queryFn: ({ signal }) => getOwnFarmBases(supplierId, signal),
  });

export function useOwnFarmBases(supplierId: string | undefined) {
  return useQuery({ ...getOwnFarmBasesQueryOptions(supplierId ?? ''), enabled: !!supplierId });
}
