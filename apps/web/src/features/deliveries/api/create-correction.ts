import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZDeliveryCorrection, type TCreateDeliveryCorrection } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { DELIVERIES_KEY } from './get-deliveries';

export function createCorrection({ id, body }: { id: string; body: TCreateDeliveryCorrection }) {
  return apiRequest('POST', `/deliveries/${id}/corrections`, { body, schema: ZDeliveryCorrection });
}

export function useCreateCorrection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCorrection,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [DELIVERIES_KEY] }),
  });
}
