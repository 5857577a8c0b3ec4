import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZSession, type TLoginRequest } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { storeSession } from '@/lib/auth';

export function login(body: TLoginRequest) {
  return apiRequest('POST', '/auth/login', { body, schema: ZSession });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (session) => storeSession(queryClient, session),
  });
}
