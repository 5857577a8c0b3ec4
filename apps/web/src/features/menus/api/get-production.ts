import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { ZProductionRecord, type TProductionQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { MENUS_KEY } from './menus-keys';

const ZRecords = z.array(ZProductionRecord);

/** The latest version of each production record of a period. */
export function getProductionRecords(query: TProductionQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/menus/production', { query, schema: ZRecords, signal });
}

export const getProductionRecordsQueryOptions = (query: TProductionQuery) =>
  queryOptions({
    queryKey: [MENUS_KEY, 'production', query],
    queryFn: ({ signal }) => getProductionRecords(query, signal),
  });

export function useProductionRecords(query: TProductionQuery | undefined) {
  return useQuery({
    ...getProductionRecordsQueryOptions(query ?? { canteenId: '', from: '', to: '' }),
    enabled: !!query?.canteenId,
  });
}
