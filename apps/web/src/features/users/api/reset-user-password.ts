import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZUser, type TResetPassword } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { USERS_KEY } from './get-users';

export function resetUserPassword({ id, body }: { id: string; body: TResetPassword }) {
  return apiRequest('POST', `/users/${id}/reset-password`, { body, schema: ZUser });
}

export function useResetUserPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resetUserPassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [USERS_KEY] }),
  });
}
