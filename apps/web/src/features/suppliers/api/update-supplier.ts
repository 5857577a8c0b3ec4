import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZSupplier, type TUpdateSupplier } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { SUPPLIERS_KEY } from '@/lib/supply-lookup';

export function updateSupplier({ id, body }: { id: string; body: TUpdateSupplier }) {
  return apiRequest('PATCH', `/suppliers/${id}`, { body, schema: ZSupplier });
}

export function useUpdateSupplier() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSupplier,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [SUPPLIERS_KEY] }),
  });
}
