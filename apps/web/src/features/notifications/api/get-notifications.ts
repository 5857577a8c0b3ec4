import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZNotification, zPage, type TNotificationQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

/** The notification centre's queries; the live stream refreshes them all. */
export const NOTIFICATIONS_KEY = 'notifications';

const ZNotificationPage = zPage(ZNotification);

export function getNotifications(query: Partial<TNotificationQuery>, signal?: AbortSignal) {
  return apiRequest('GET', '/notifications', { query, schema: ZNotificationPage, signal });
}

export const getNotificationsQueryOptions = (query: Partial<TNotificationQuery>) =>
  queryOptions({
    queryKey: [NOTIFICATIONS_KEY, 'list', query],
    queryFn: ({ signal }) => getNotifications(query, signal),
  });

export function useNotifications(
  query: Partial<TNotificationQuery>,
  options: { enabled?: boolean } = {},
) {
  return useQuery({
    ...getNotificationsQueryOptions(query),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}
