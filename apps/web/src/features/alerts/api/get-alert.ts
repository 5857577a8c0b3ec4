import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZAlertDetail } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { ALERTS_KEY } from './get-alerts';

export function getAlert(id: string, signal?: AbortSignal) {
  return apiRequest('GET', `/alerts/${id}`, { schema: ZAlertDetail, signal });
}

export const getAlertQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [ALERTS_KEY, 'detail', id],
    queryFn: ({ signal }) => getAlert(id, signal),
  });

export function useAlert(id: string) {
  return useQuery(getAlertQueryOptions(id));
}
