import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { ZConnectionEvent } from '@canteen/shared';
import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { ORG_UNITS_KEY } from '@/lib/org-unit-lookup';

const ZEvents = z.array(ZConnectionEvent);

export function getConnectionEvents(canteenId: string, signal?: AbortSignal) {
  return apiRequest('GET', `/org-units/${canteenId}/connection-events`, {
    schema: ZEvents,
    signal,
  });
}

export const getConnectionEventsQueryOptions = (canteenId: string) =>
  queryOptions({
    queryKey: [ORG_UNITS_KEY, 'connection-events', canteenId],
    queryFn: ({ signal }) => getConnectionEvents(canteenId, signal),
  });

export function useConnectionEvents(canteenId: string) {
  return useQuery(getConnectionEventsQueryOptions(canteenId));
}

/** A school's history is the union of its canteens' histories. */
export function useConnectionEventsOf(canteenIds: string[]) {
  return useQueries({ queries: canteenIds.map((id) => getConnectionEventsQueryOptions(id)) });
}
