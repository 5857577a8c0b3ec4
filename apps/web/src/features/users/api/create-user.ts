import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZUser, type TCreateUser } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { USERS_KEY } from './get-users';

export function createUser(body: TCreateUser) {
  return apiRequest('POST', '/users', { body, schema: ZUser });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [USERS_KEY] }),
  });
}
