import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZSession, type TChangePassword } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { storeSession } from '@/lib/auth';

export function changePassword(body: TChangePassword) {
  return apiRequest('POST', '/auth/password', { body, schema: ZSession });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: (session) => storeSession(queryClient, session),
  });
}
