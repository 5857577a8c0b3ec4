import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZUser, type TUpdateUser } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { USERS_KEY } from './get-users';

export function updateUser({ id, body }: { id: string; body: TUpdateUser }) {
  return apiRequest('PATCH', `/users/${id}`, { body, schema: ZUser });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [USERS_KEY] }),
  });
}
