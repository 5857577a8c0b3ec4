import { queryOptions, useQuery } from '@tanstack/react-query';
import { ZUnreadCount } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { NOTIFICATIONS_KEY } from './get-notifications';

export function getUnreadCount(signal?: AbortSignal) {
  return apiRequest('GET', '/notifications/unread-count', { schema: ZUnreadCount, signal });
}

export const getUnreadCountQueryOptions = () =>
  queryOptions({
    queryKey: [NOTIFICATIONS_KEY, 'unread-count'],
    queryFn: ({ signal }) => getUnreadCount(signal),
    // The live stream keeps it current; this only covers a stream that cannot connect.
    refetchInterval: 60_000,
  });

export function useUnreadCount(options: { enabled?: boolean } = {}) {
  return useQuery({ ...getUnreadCountQueryOptions(), enabled: options.enabled ?? true });
}
