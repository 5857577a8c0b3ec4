import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZUnreadCount, type TMarkNotificationsRead } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { NOTIFICATIONS_KEY } from './get-notifications';
import { getUnreadCountQueryOptions } from './get-unread-count';

export function markNotificationsRead(body: TMarkNotificationsRead) {
  return apiRequest('POST', '/notifications/read', { body, schema: ZUnreadCount });
}

export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markNotificationsRead,
    onSuccess: async (unread) => {
      queryClient.setQueryData(getUnreadCountQueryOptions().queryKey, unread);
      await queryClient.invalidateQueries({ queryKey: [NOTIFICATIONS_KEY, 'list'] });
    },
  });
}
