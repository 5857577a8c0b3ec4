import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZManifestDetail } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { DELIVERIES_KEY } from './get-deliveries';

export function getDelivery(id: string, signal?: AbortSignal) {
  return apiRequest('GET', `/deliveries/${id}`, { schema: ZManifestDetail, signal });
}

export const getDeliveryQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [DELIVERIES_KEY, 'detail', id],
    queryFn: ({ signal }) => getDelivery(id, signal),
  });

export function useDelivery(id: string | undefined) {
  return useQuery({ ...getDeliveryQueryOptions(id ?? ''), enabled: !!id });
}
