import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZSupplier, type TCreateSupplier } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { SUPPLIERS_KEY } from '@/lib/supply-lookup';

export function createSupplier(body: TCreateSupplier) {
  return apiRequest('POST', '/suppliers', { body, schema: ZSupplier });
}

export function useCreateSupplier() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSupplier,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [SUPPLIERS_KEY] }),
  });
}
