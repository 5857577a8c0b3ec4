import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZFarmBase, type TUpdateFarmBase } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { SUPPLIERS_KEY } from '@/lib/supply-lookup';

export function updateFarmBase({
  supplierId,
  id,
  body,
}: {
  supplierId: string;
  id: string;
  body: TUpdateFarmBase;
}) {
  return apiRequest('PATCH', `/suppliers/${supplierId}/farm-bases/${id}`, {
    body,
    schema: ZFarmBase,
  });
}

export function useUpdateFarmBase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateFarmBase,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [SUPPLIERS_KEY] }),
  });
}
