import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZCreatedApiKey, type TCreateApiKey } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { API_KEYS_KEY } from './get-api-keys';

/** The answer carries the whole key, this once. */
export function createApiKey(body: TCreateApiKey) {
  return apiRequest('POST', '/supplier-api-keys', { body, schema: ZCreatedApiKey });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [API_KEYS_KEY] }),
  });
}
