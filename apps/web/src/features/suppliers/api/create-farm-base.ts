import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZFarmBase, type TCreateFarmBase } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { SUPPLIERS_KEY } from '@/lib/supply-lookup';

export function createFarmBase({
  supplierId,
  body,
}: {
  supplierId: string;
  body: TCreateFarmBase;
}) {
  return apiRequest('POST', `/suppliers/${supplierId}/farm-bases`, { body, schema: ZFarmBase });
}

export function useCreateFarmBase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createFarmBase,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [SUPPLIERS_KEY] }),
  });
}
