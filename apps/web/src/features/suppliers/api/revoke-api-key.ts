import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZApiKey } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { API_KEYS_KEY } from './get-api-keys';

export function revokeApiKey(id: string) {
  return apiRequest('POST', `/supplier-api-keys/${id}/revoke`, { schema: ZApiKey });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [API_KEYS_KEY] }),
  });
}
