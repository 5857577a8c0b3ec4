import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZContract, type TCreateContract } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { CONTRACTS_KEY } from '@/lib/supply-lookup';

export function createContract(body: TCreateContract) {
  return apiRequest('POST', '/contracts', { body, schema: ZContract });
}

export function useCreateContract() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createContract,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [CONTRACTS_KEY] }),
  });
}
