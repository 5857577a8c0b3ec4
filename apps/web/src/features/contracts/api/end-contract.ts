import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZContract, type TEndContract } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { CONTRACTS_KEY } from '@/lib/supply-lookup';

export function endContract({ id, body }: { id: string; body: TEndContract }) {
  return apiRequest('POST', `/contracts/${id}/end`, { body, schema: ZContract });
}

export function useEndContract() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endContract,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [CONTRACTS_KEY] }),
  });
}
