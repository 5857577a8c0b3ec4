import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZUser } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { USERS_KEY } from './get-users';

export function unlockUser(id: string) {
  return apiRequest('POST', `/users/${id}/unlock`, { schema: ZUser });
}

export function useUnlockUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: unlockUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [USERS_KEY] }),
  });
}
