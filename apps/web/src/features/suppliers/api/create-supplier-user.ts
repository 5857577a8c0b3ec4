import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZSupplierUser, type TCreateSupplierUser } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { SUPPLIERS_KEY } from '@/lib/supply-lookup';

export function createSupplierUser({
  supplierId,
  body,
}: {
  supplierId: string;
  body: TCreateSupplierUser;
}) {
  return apiRequest('POST', `/suppliers/${supplierId}/users`, { body, schema: ZSupplierUser });
}

export function useCreateSupplierUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSupplierUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [SUPPLIERS_KEY] }),
  });
}
