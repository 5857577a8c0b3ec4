import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ZManifestDetail, type TAcceptDelivery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';
import { DELIVERIES_KEY } from './get-deliveries';

/** 进货查验 by the signed-in user and a second inspector identified on the same device. */
export function acceptDelivery({ id, body }: { id: string; body: TAcceptDelivery }) {
  return apiRequest('POST', `/deliveries/${id}/acceptance`, { body, schema: ZManifestDetail });
}

export function useAcceptDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: acceptDelivery,
    onSuccess: (detail) => {
      queryClient.setQueryData([DELIVERIES_KEY, 'detail', detail.id], detail);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: [DELIVERIES_KEY, 'list'] }),
        queryClient.invalidateQueries({ queryKey: ['purchase-orders'] }),
      ]);
    },
  });
}
